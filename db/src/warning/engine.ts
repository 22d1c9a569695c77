import { type Kysely, sql, type Transaction } from 'kysely'
import { type AlertSummary, alertPayloadSql } from '../queries/alerts.js'
import { escalateOverdue } from '../queries/cases.js'
import { fromJson } from '../json.js'
import * as live from '../queries/live.js'
import { SEVERITIES, SEVERITY_LABELS, type Severity } from '@gridsight/contract'
import type { Database } from '../schema.js'
import { atLeast, defaultParams, type Finding, type Params, type RuleContext, type RuleDef, RULES, RULES_BY_CODE, type Trigger } from './rules.js'

/** Per-rule lock (pg_advisory_xact_lock(ALERT_LOCK, hashtext(rule))): one writer decides "new or same situation". */
const ALERT_LOCK = 73_050_118

export interface LoadedRule { def: RuleDef; enabled: boolean; severity: Severity; params: Params }

/** Stores every rule with its default parameters, once; administrators edit the rows afterwards. */
export async function ensureRules(db: Kysely<Database>): Promise<void> {
  for (const r of RULES) {
    await sql`insert into alert_rule (code, name, trigger, enabled, severity, params)
      values (${r.code}, ${r.name}, ${r.triggers[0]}, true, ${r.severity}, ${JSON.stringify(defaultParams(r))}::jsonb)
      on conflict (code) do nothing`.execute(db)
  }
}

/** A rule as the desks see it: its definition's name and triggers, its stored settings, and the parameters' limits. */
export async function ruleView(db: Kysely<Database>, code?: string) {
  return (await loadRules(db)).filter((r) => !code || r.def.code === code)
    .map((r) => ({ code: r.def.code, name: r.def.name, triggers: r.def.triggers, enabled: r.enabled, severity: r.severity, params: r.params, limits: r.def.params }))
}

/** Changes a rule's settings (parameters merged over the stored ones); the caller has checked them against the limits. */
export async function updateRule(db: Kysely<Database>, code: string, change: { enabled?: boolean; severity?: Severity; params?: Params }) {
  await ensureRules(db)
  const current = (await loadRules(db)).find((r) => r.def.code === code)!
  await db.updateTable('alert_rule').set({
    ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
    ...(change.severity ? { severity: change.severity } : {}),
    ...(change.params ? { params: JSON.stringify({ ...current.params, ...change.params }) } : {}),
    updated_at: sql`now()`,
  }).where('code', '=', code).execute()
  return (await ruleView(db, code))[0]!
}

export async function loadRules(db: Kysely<Database>): Promise<LoadedRule[]> {
  const stored = await db.selectFrom('alert_rule').selectAll().execute()
  const byCode = new Map(stored.map((s) => [s.code, s]))
  return RULES.map((def) => {
    const s = byCode.get(def.code)
    const params = s ? fromJson(s.params) : undefined
    return { def, enabled: s?.enabled ?? true, severity: s?.severity ?? def.severity, params: { ...defaultParams(def), ...params } }
  })
}

export interface EvaluateOptions {
  /** Replaying history: skip rules that need device history, publish nothing, take no actions on cases. */
  replay?: boolean
  rules?: LoadedRule[]
}

/** Alerts raised, updated (published), and open ones the evidence merely confirmed (unchanged, not published). */
export interface EvaluateResult { raised: AlertSummary[]; updated: AlertSummary[]; unchanged: AlertSummary[] }

/** Runs the enabled rules listening to a trigger and turns their findings into alerts. */
export async function evaluate(db: Kysely<Database>, trigger: Trigger, ctx: RuleContext, opts: EvaluateOptions = {}): Promise<EvaluateResult> {
  const result: EvaluateResult = { raised: [], updated: [], unchanged: [] }
  const rules = (opts.rules ?? await loadRules(db)).filter((r) => r.enabled && r.def.triggers.includes(trigger) && !(opts.replay && r.def.liveOnly))
  for (const rule of rules) {
    const findings = await rule.def.find(db, rule.params, rule.severity, ctx)
    for (const f of mergeByKey(findings, rule.def.replaceEvidence)) {
      const r = await db.transaction().execute((trx) => upsertAlert(trx, rule, f, !opts.replay))
      result[r.kind].push(r.alert)
    }
  }
  return result
}

/** Findings of one batch that are the same situation become one (latest wins the text, evidence is pooled). */
function mergeByKey(findings: Finding[], replace = false): Finding[] {
  const byKey = new Map<string, Finding>()
  for (const f of findings) {
    const seen = byKey.get(f.key)
    byKey.set(f.key, !seen ? f : {
      ...f,
      severity: atLeast(seen.severity, f.severity),
      incident_ids: replace ? f.incident_ids : [...new Set([...seen.incident_ids, ...f.incident_ids])],
      device_ids: replace ? f.device_ids : [...new Set([...seen.device_ids, ...f.device_ids])],
    })
  }
  return [...byKey.values()]
}

const sameSet = <T>(a: T[], b: T[]) => a.length === b.length && new Set([...a, ...b]).size === a.length

/**
 * Whether an alert with this evidence is the demo actor's: it has evidence, every case of it is simulated and every
 * device of it a demo device (a camera or a registered device makes it real). One real piece makes the alert real, for good.
 */
const simulatedEvidence = (ids: number[], devices: string[]) => sql<boolean>`(cardinality(${ids}::bigint[]) + cardinality(${devices}::text[]) > 0
  and not exists (select 1 from incident i where i.id = any(${ids}::bigint[]) and not i.simulated)
  and not exists (select 1 from unnest(${devices}::text[]) d(id) where not exists (select 1 from sensor s where s.id = d.id and s.demo)))`

async function upsertAlert(trx: Transaction<Database>, rule: LoadedRule, f: Finding, publish: boolean):
  Promise<{ kind: keyof EvaluateResult; alert: AlertSummary }> {
  const { def } = rule
  await sql`select pg_advisory_xact_lock(${ALERT_LOCK}::int, hashtext(${def.code}))`.execute(trx)
  const windowStart = new Date(new Date(f.at).getTime() - def.windowHours(rule.params) * 3_600_000)
  const open = await sql<{ id: number; severity: Severity; incident_ids: number[]; device_ids: string[] }>`
    select id::int as id, severity, incident_ids::int[] as incident_ids, device_ids from alert
    where rule_code = ${def.code} and status <> 'closed' and last_evidence_at > ${windowStart}::timestamptz
      and (dedupe_key = ${f.key} ${def.matchByEvidence ? sql`or incident_ids && ${f.incident_ids}::bigint[]` : sql``})
    order by id desc limit 1 for update`.execute(trx)
  const at = new Date(f.at)
  const existing = open.rows[0]
  if (!existing && !f.device_ids.length) {
    // Closing an alert settles the cases it holds: the same cases alone do not raise it again within the rule's
    // window (a department's overdue cases would otherwise come back at the next sweep); a new case does.
    const settled = await sql<{ id: number }>`
      select id::int as id from alert
      where rule_code = ${def.code} and status = 'closed' and dedupe_key = ${f.key} and last_evidence_at > ${windowStart}::timestamptz
        and incident_ids @> ${f.incident_ids}::bigint[]
      order by id desc limit 1`.execute(trx)
    if (settled.rows[0]) return { kind: 'unchanged', alert: await finish(trx, settled.rows[0].id, 'alert.updated', false) }
  }
  if (!existing) {
    const r = await sql<{ id: number }>`
      insert into alert (rule_code, dedupe_key, severity, title, detail, category_code, geom, unit_code, incident_ids, device_ids, raised_at, last_evidence_at, simulated)
      values (${def.code}, ${f.key}, ${f.severity}, ${f.title}, ${f.detail}, ${f.category_code}, ST_SetSRID(ST_GeomFromGeoJSON(${f.geojson}), 4326),
        ${f.unit_code}, ${f.incident_ids}::bigint[], ${f.device_ids}::text[], ${at}, ${at}, ${simulatedEvidence(f.incident_ids, f.device_ids)})
      returning id::int as id`.execute(trx)
    const id = r.rows[0]!.id
    await trx.insertInto('alert_log').values({ alert_id: id, action: 'raised', actor: '预警引擎', note: f.title, at }).execute()
    return { kind: 'raised', alert: await finish(trx, id, 'alert.raised', publish) }
  }
  const ids = def.replaceEvidence ? f.incident_ids : [...new Set([...existing.incident_ids, ...f.incident_ids])].sort((a, b) => a - b)
  const devices = def.replaceEvidence ? f.device_ids : [...new Set([...existing.device_ids, ...f.device_ids])]
  const severity = atLeast(existing.severity, f.severity)
  const escalated = severity !== existing.severity
  if (!escalated && sameSet(ids, existing.incident_ids) && sameSet(devices, existing.device_ids)) {
    await sql`update alert set last_evidence_at = greatest(last_evidence_at, ${at}::timestamptz) where id = ${existing.id}`.execute(trx)
    return { kind: 'unchanged', alert: await finish(trx, existing.id, 'alert.updated', false) }
  }
  await sql`update alert set severity = ${severity}, title = ${f.title}, detail = ${f.detail}, geom = ST_SetSRID(ST_GeomFromGeoJSON(${f.geojson}), 4326),
      incident_ids = ${ids}::bigint[], device_ids = ${devices}::text[], last_evidence_at = greatest(last_evidence_at, ${at}::timestamptz),
      simulated = simulated and ${simulatedEvidence(ids, devices)}, version = version + 1
    where id = ${existing.id}`.execute(trx)
  await trx.insertInto('alert_log').values({
    alert_id: existing.id, action: escalated ? 'escalated' : 'updated', actor: '预警引擎',
    note: escalated ? `升级为${SEVERITY_LABELS[severity]}预警：${f.title}` : f.title, at,
  }).execute()
  return { kind: 'updated', alert: await finish(trx, existing.id, 'alert.updated', publish) }
}


async function finish(trx: Transaction<Database>, id: number, type: 'alert.raised' | 'alert.updated', publish: boolean): Promise<AlertSummary> {
  if (publish) return live.publish<AlertSummary>(trx, type, { alert_id: id }, alertPayloadSql(id))
  const r = await sql<{ s: AlertSummary }>`select (${alertPayloadSql(id)}) as s`.execute(trx)
  return r.rows[0]!.s
}

/**
 * The scheduled sweep: time-based rules (deadlines, cameras) and, live, the supervision escalation of
 * overdue cases (normal → yellow → red after the deadline rule's hours).
 */
export async function sweep(db: Kysely<Database>, at = new Date()): Promise<EvaluateResult & { escalated: number }> {
  const rules = await loadRules(db)
  const overdue = rules.find((r) => r.def.code === 'deadline.overdue')!
  const escalated = overdue.enabled ? await escalateOverdue(db, at, overdue.params.yellow_after_hours!, overdue.params.red_after_hours!) : 0
  return { ...(await evaluate(db, 'schedule', { at }, { rules })), escalated }
}

/** Lock key of the scheduled jobs' claims (pg_advisory_xact_lock(SCHEDULE_LOCK)). */
const SCHEDULE_LOCK = 73_050_119

/**
 * Claims this interval's run of a scheduled job (the sweep): of several API processes, the first to claim it in an
 * interval runs it, the others skip. The advisory lock makes the check-and-record one step across processes.
 */
export async function claimScheduledRun(db: Kysely<Database>, name: string, intervalMs: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${SCHEDULE_LOCK})`.execute(trx)
    const r = await sql<{ name: string }>`
      insert into scheduled_run (name, last_at) values (${name}, now())
      on conflict (name) do update set last_at = now()
        where scheduled_run.last_at <= now() - ${`${Math.max(0, intervalMs * 0.9)} milliseconds`}::interval
      returning name`.execute(trx)
    return r.rows.length > 0
  })
}

export interface ReplayReport {
  from: string; to: string; weeks: number; incidents: number; alerts: number
  perWeek: { mean: number; max: number }
  byRule: Record<string, { alerts: number; perWeek: number; maxWeek: number; bySeverity: Partial<Record<Severity, number>> }>
}

/**
 * Replays history in steps: each step's new incidents through the incident rules, then the scheduled rules as of
 * the step's end. Writes alerts (without publishing) so the same situation merges as it would have live.
 */
export async function replay(db: Kysely<Database>, from: Date, to: Date, opts: { stepHours?: number; onStep?: (done: number, total: number) => void } = {}): Promise<number> {
  const step = (opts.stepHours ?? 1) * 3_600_000
  const rules = await loadRules(db)
  const total = Math.ceil((to.getTime() - from.getTime()) / step)
  let incidents = 0
  for (let i = 0; i < total; i++) {
    const a = new Date(from.getTime() + i * step)
    const b = new Date(Math.min(to.getTime(), a.getTime() + step))
    const ids = (await sql<{ id: number }>`select id::int as id from incident where reported_at > ${a}::timestamptz and reported_at <= ${b}::timestamptz order by reported_at`.execute(db)).rows.map((r) => r.id)
    incidents += ids.length
    if (ids.length) await evaluate(db, 'incident', { at: b, incidentIds: ids }, { replay: true, rules })
    await evaluate(db, 'schedule', { at: b }, { replay: true, rules })
    opts.onStep?.(i + 1, total)
  }
  return incidents
}

/** Alerts raised between two times, per rule, per week and per severity: is any rule flooding? */
export async function alertReport(db: Kysely<Database>, from: Date, to: Date, incidents: number): Promise<ReplayReport> {
  const weeks = (to.getTime() - from.getTime()) / (7 * 86_400_000)
  const r = await sql<{ rule_code: string; severity: Severity; week: number; n: number }>`
    select rule_code, severity, floor(extract(epoch from raised_at - ${from}::timestamptz) / 604800)::int as week, count(*)::int as n
    from alert where raised_at > ${from}::timestamptz and raised_at <= ${to}::timestamptz group by 1, 2, 3`.execute(db)
  const byRule: ReplayReport['byRule'] = {}
  const weekTotals = new Map<number, number>()
  for (const def of RULES) byRule[def.code] = { alerts: 0, perWeek: 0, maxWeek: 0, bySeverity: {} }
  const ruleWeeks = new Map<string, number>()
  for (const row of r.rows) {
    const b = byRule[row.rule_code]!
    b.alerts += row.n
    b.bySeverity[row.severity] = (b.bySeverity[row.severity] ?? 0) + row.n
    weekTotals.set(row.week, (weekTotals.get(row.week) ?? 0) + row.n)
    const k = `${row.rule_code}:${row.week}`
    ruleWeeks.set(k, (ruleWeeks.get(k) ?? 0) + row.n)
  }
  for (const [k, n] of ruleWeeks) { const b = byRule[k.slice(0, k.lastIndexOf(':'))]!; b.maxWeek = Math.max(b.maxWeek, n) }
  const alerts = [...weekTotals.values()].reduce((a, b) => a + b, 0)
  for (const b of Object.values(byRule)) b.perWeek = Math.round((b.alerts / weeks) * 10) / 10
  return {
    from: from.toISOString(), to: to.toISOString(), weeks: Math.round(weeks * 10) / 10, incidents, alerts,
    perWeek: { mean: Math.round((alerts / weeks) * 10) / 10, max: Math.max(0, ...weekTotals.values()) }, byRule,
  }
}

export { RULES, RULES_BY_CODE }
