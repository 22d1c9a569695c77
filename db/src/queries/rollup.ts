import { addDays, addMonths, beijingDay, HANDLING_CLASSES, monthStart, startOfBeijingDay, startOfBeijingDayOf, TIME_ZONE, TIMELINESS } from '@gridsight/contract'
import { type Kysely, type RawBuilder, sql } from 'kysely'
import { caseStanding } from '../case-states.js'
import type { Database } from '../schema.js'

/**
 * The statistics' rollup (issue 12, P6): what every statistics endpoint counts, kept per district and town, per group
 * and per Beijing day, so a year answers from a few hundred rows instead of a scan of the incidents.
 *
 * - Every write of an incident marks it (trigger → stat_dirty, in the writer's transaction: nothing is missed).
 * - A fold (before every rolled-up answer, and every few seconds in the background) turns the marked cases into their
 *   facts (stat_fact: the moments and flags below, one narrow row per case) and adds new − old facts to stat_day.
 * - An answer for [from, at) is the whole Beijing days of the rollup plus the facts of the partial days at both ends
 *   (exact to the millisecond), and for the cohort counters (a window's 立案 judged at its end, see metrics.ts) the cases
 *   registered before the window whose moment falls in it are taken out again (stat_fact's spans, a GiST index).
 * Villages and grids answer from the incidents directly (a few hundred cases a year); metrics.ts and stats.ts hold the
 * raw definitions the rollup is tested against.
 */

/** The moments of a case the counters count by: each a timestamptz column of stat_fact. */
const MOMENTS = ['reported_at', 'accepted_at', 'reg_at', 'due_at', 'closed_at', 'settled_at'] as const
type Moment = (typeof MOMENTS)[number]
/** Moments of a window's 立案 cohort: counted when registered in the window and the moment is before its end. */
const COHORT: Partial<Record<Moment, 'due_span' | 'closed_span'>> = { due_at: 'due_span', closed_at: 'closed_span' }

/**
 * Each counter: the moment it counts by, which facts count (SQL over stat_fact f) and, for a sum, what it adds up (else
 * 1 each). One definition for fold, rebuild and edges.
 */
const BASE_COUNTERS = {
  reported: ['reported_at', 'true'],
  refused: ['reported_at', 'f.refused'],
  merged: ['reported_at', 'f.merged'],
  rep_open: ['reported_at', 'f.open'],
  rep_paused: ['reported_at', 'f.paused'],
  rep_accepted: ['reported_at', 'f.accepted_at is not null'],
  rep_registered: ['reported_at', 'f.f_registered'],
  rep_dispatched: ['reported_at', 'f.f_dispatched'],
  rep_fed_back: ['reported_at', 'f.f_fed_back'],
  rep_settled: ['reported_at', 'f.settled_at is not null'],
  accepted: ['accepted_at', 'not f.merged'],
  registered: ['reg_at', 'true'],
  due: ['due_at', 'true'],
  reworked: ['due_at', 'f.reworked'],
  extended: ['due_at', 'f.extended'],
  returned: ['due_at', 'f.returned'],
  evaluated: ['due_at', 'f.evaluated'],
  satisfied: ['due_at', 'f.satisfied'],
  closed: ['closed_at', 'true'],
  closed_on_time: ['closed_at', 'f.on_time'],
  self_settled: ['closed_at', 'f.self_settled'],
  // The cohort counters' twins by the moment of registration (see rolledCounters).
  reg_reworked: ['reg_at', 'f.reworked'],
  reg_extended: ['reg_at', 'f.extended'],
  reg_returned: ['reg_at', 'f.returned'],
  reg_evaluated: ['reg_at', 'f.evaluated'],
  reg_satisfied: ['reg_at', 'f.satisfied'],
  reg_closed_on_time: ['reg_at', 'f.on_time'],
  reg_self_settled: ['reg_at', 'f.self_settled'],
  settled: ['settled_at', 'true'],
  settled_village: ['settled_at', `f.level = 'village'`],
  settled_town: ['settled_at', `f.level = 'town'`],
  settled_district: ['settled_at', `f.level = 'district'`],
  settled_self: ['settled_at', 'f.self_settled'],
} as const satisfies Record<string, readonly [Moment, string]>
/** The centre's own timeliness and the handling time (metrics.ts): only the leader pages' figures use them. */
const EVALUATION_COUNTERS = {
  accepted_timely: ['accepted_at', 'not f.merged and f.accepted_timely'],
  reg_dispatched: ['reg_at', '(f.department_code is not null or f.returned)'],
  reg_dispatch_ok: ['reg_at', 'f.department_code is not null and not f.returned'],
  settled_verified: ['settled_at', 'f.verified'],
  settled_verified_timely: ['settled_at', 'f.verified_timely'],
  settled_timed: ['settled_at', 'f.handling_minutes is not null'],
  settled_minutes: ['settled_at', 'f.handling_minutes is not null', 'f.handling_minutes'],
} as const satisfies Record<string, readonly [Moment, string] | readonly [Moment, string, string]>
/** The cases 办结 per class of handling time (HANDLING_CLASSES): what the median is read from. */
export type HandlingClass = `settled_class_${number}`
export const HANDLING_COUNTERS = HANDLING_CLASSES.map((_, i) => `settled_class_${i}` as HandlingClass)
/** The SQL condition of a handling class over a minutes column. */
export const inHandlingClass = (i: number, col: string) =>
  `${col} >= ${HANDLING_CLASSES[i]}${HANDLING_CLASSES[i + 1] === undefined ? '' : ` and ${col} < ${HANDLING_CLASSES[i + 1]}`}`
export const COUNTERS = {
  ...BASE_COUNTERS,
  ...EVALUATION_COUNTERS,
  ...Object.fromEntries(HANDLING_COUNTERS.map((n, i) => [n, ['settled_at', inHandlingClass(i, 'f.handling_minutes')] as const])),
} as typeof BASE_COUNTERS & typeof EVALUATION_COUNTERS & Record<HandlingClass, readonly [Moment, string]>
export type Counter = keyof typeof COUNTERS
/** Each cohort counter (counted by a moment of COHORT) and its twin: the same cases counted by their registration. */
const TWIN: Partial<Record<Counter, Counter>> = {
  due: 'registered', reworked: 'reg_reworked', extended: 'reg_extended', returned: 'reg_returned', evaluated: 'reg_evaluated',
  satisfied: 'reg_satisfied', closed: 'registered', closed_on_time: 'reg_closed_on_time', self_settled: 'reg_self_settled',
}
export type CounterRow = Record<Counter, number>
/** What a counter adds for each fact it counts (SQL). */
const valueOf = (n: Counter) => (COUNTERS[n] as readonly string[])[2] ?? '1'
const NAMES = Object.keys(COUNTERS) as Counter[]
/** Every counter (the leader pages' standard figures need them all). */
export const ALL_COUNTERS: readonly Counter[] = NAMES
/** The counters the wall's statistics use (not the evaluation's nor the handling classes: fewer columns to sum). */
export const SCREEN_COUNTERS: readonly Counter[] = NAMES.filter((n) => n in BASE_COUNTERS)
const ZERO = Object.fromEntries(NAMES.map((n) => [n, 0])) as CounterRow

/** The levels the rollup keeps; below them the incidents answer directly. */
export type RolledLevel = 'district' | 'town'
export const ROLLED_LEVELS: readonly string[] = ['district', 'town']
/** The groups of the rollup ('' = the unit as a whole; 'unit' = its child units). */
export type Dim = '' | 'unit' | 'department' | 'category' | 'source' | 'level'
const DIM_COLUMN: Record<Exclude<Dim, '' | 'unit'>, string> = { department: 'department_code', category: 'category', source: 'source', level: 'level' }
const UNIT_COLUMN: Record<RolledLevel, { own: string; child: string }> = {
  district: { own: 'district_code', child: 'town_code' },
  town: { own: 'town_code', child: 'village_code' },
}
const keyOf = (level: RolledLevel, dim: Dim) => dim === '' ? `''` : dim === 'unit' ? `f.${UNIT_COLUMN[level].child}` : `f.${DIM_COLUMN[dim]}`

const s = caseStanding('i')
/** A timestamptz column's Beijing date, in SQL. */
const beijingDateSql = (col: string) => `(${col} at time zone '${TIME_ZONE}')::date`

/** A case's facts from its incident row (alias i): the moments the counters count by and its flags. */
const FACT_SELECT = sql`
  i.id as incident_id, i.district_code, i.town_code, i.village_code, i.department_code,
  split_part(i.category_code, '.', 1) as category, i.source, i.level,
  i.reported_at, i.accepted_at, x.reg_at, x.due_at, x.closed_at,
  case when ${s.closed} and not ${s.merged} then i.closed_at end as settled_at, i.deadline,
  case when x.reg_at is not null then tstzrange(x.reg_at, x.due_at, '(]') end as due_span,
  case when x.reg_at is not null then tstzrange(x.reg_at, x.closed_at, '(]') end as closed_span,
  ${s.refused} as refused, ${s.merged} as merged, not ${s.closed} and not ${s.refused} as open, ${s.paused} as paused,
  i.registered_at is not null as f_registered, i.dispatched_at is not null as f_dispatched, i.fed_back_at is not null as f_fed_back,
  coalesce(i.deadline is null or i.closed_at <= i.deadline, false) as on_time,
  i.rework_count > 0 as reworked, i.extension_count > 0 as extended, i.return_count > 0 as returned,
  i.satisfaction is not null as evaluated, coalesce(i.satisfaction in ('satisfied', 'basically'), false) as satisfied, i.self_settled,
  case when ${s.closed} and not ${s.merged} then i.handling_minutes end as handling_minutes,
  coalesce(i.accept_minutes <= ${sql.lit(TIMELINESS.accept_minutes)}, false) as accepted_timely,
  i.verify_minutes is not null as verified, coalesce(i.verify_minutes <= ${sql.lit(TIMELINESS.verify_minutes)}, false) as verified_timely
  from incident i
  cross join lateral (select r.reg_at,
    -- greatest() passes over a null: a moment that never comes stays null.
    case when e.due_at is not null then greatest(e.due_at, r.reg_at) end as due_at,
    case when e.closed_at is not null then greatest(e.closed_at, r.reg_at) end as closed_at
    from (select case when not ${s.merged} and not ${s.refused} then coalesce(i.registered_at, case when i.self_settled then i.reported_at end) end as reg_at) r
    cross join lateral (select
      case when r.reg_at is not null then least(case when ${s.closed} then i.closed_at end, case when not ${s.paused} then i.deadline end) end as due_at,
      case when r.reg_at is not null and ${s.closed} then i.closed_at end as closed_at) e) x`
const FACT_COLUMNS = ['incident_id', 'district_code', 'town_code', 'village_code', 'department_code', 'category', 'source', 'level',
  'reported_at', 'accepted_at', 'reg_at', 'due_at', 'closed_at', 'settled_at', 'deadline', 'due_span', 'closed_span',
  'refused', 'merged', 'open', 'paused', 'f_registered', 'f_dispatched', 'f_fed_back', 'on_time', 'reworked', 'extended', 'returned',
  'evaluated', 'satisfied', 'self_settled', 'handling_minutes', 'accepted_timely', 'verified', 'verified_timely']

/**
 * The rollup rows of facts f (each with a sign: +1 new, −1 old): for the district and the town, the unit as a whole and
 * per group, one row per moment and Beijing day, summed.
 */
function expansion(facts: string): string {
  const units = (['district', 'town'] as const).flatMap((level) =>
    (['', 'unit', 'department', 'category', 'source', 'level'] as const).map((dim) => `(f.${UNIT_COLUMN[level].own}, '${dim}', ${keyOf(level, dim)})`))
  const moments = MOMENTS.map((m) =>
    `(${beijingDateSql(`f.${m}`)}, ${NAMES.map((n) => COUNTERS[n][0] === m ? `case when ${COUNTERS[n][1]} then f.sign * ${valueOf(n)} else 0 end` : '0').join(', ')})`)
  return `
    select u.unit_code, u.dim, u.key, e.day, ${NAMES.map((n) => `sum(e.${n})::int as ${n}`).join(', ')}
    from (${facts}) f
    cross join lateral (values ${units.join(', ')}) as u(unit_code, dim, key)
    cross join lateral (values ${moments.join(', ')}) as e(day, ${NAMES.join(', ')})
    where u.unit_code is not null and u.key is not null and e.day is not null
    group by 1, 2, 3, 4`
}
const addTo = (table: 'stat_day' | 'stat_month', period: 'day' | 'month') =>
  `on conflict (unit_code, dim, key, ${period}) do update set ${NAMES.map((n) => `${n} = ${table}.${n} + excluded.${n}`).join(', ')}`
/**
 * Adds the rows of CTE d (unit_code, dim, key, day, counters…) to the daily and the monthly rollup: the CTEs and the
 * statement that follow a WITH list ending in d.
 */
const ADD_BOTH = `,
  m as (
    insert into stat_month (unit_code, dim, key, month, ${NAMES.join(', ')})
    select unit_code, dim, key, date_trunc('month', day)::date, ${NAMES.map((n) => `sum(${n})::int`).join(', ')} from d group by 1, 2, 3, 4
    ${addTo('stat_month', 'month')})
  insert into stat_day (unit_code, dim, key, day, ${NAMES.join(', ')}) select * from d ${addTo('stat_day', 'day')}`

/** Whether the rollup has been built (until then the statistics answer from the incidents). */
export async function rollupBuilt(db: Kysely<Database>): Promise<boolean> {
  const r = await sql<{ built: boolean }>`select built_at is not null as built from stat_state`.execute(db)
  return r.rows[0]?.built ?? false
}

/**
 * Builds the rollup from every incident (after the demo data is generated or imported), in chunks of `chunk` cases, each
 * its own short transaction so the one embedded connection is never held for long. Marks of writes made meanwhile stay
 * and are folded once it is built. `progress(done, total)` after each chunk.
 */
export async function rebuildRollup(db: Kysely<Database>, progress?: (done: number, total: number) => void, chunk = 5000): Promise<{ facts: number; rows: number }> {
  const top = await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${FOLD_LOCK})`.execute(trx)
    await sql`update stat_state set built_at = null`.execute(trx)
    await sql`delete from stat_dirty`.execute(trx)
    await sql`delete from stat_fact`.execute(trx)
    await sql`delete from stat_day`.execute(trx)
    await sql`delete from stat_month`.execute(trx)
    return (await sql<{ top: string | null }>`select max(id)::text as top from incident`.execute(trx)).rows[0]?.top
  })
  const last = Number(top ?? 0)
  let facts = 0
  for (let lo = 0; lo < last; lo += chunk) {
    facts += await db.transaction().execute(async (trx) => {
      const r = await sql`insert into stat_fact (${sql.raw(FACT_COLUMNS.join(', '))}) select ${FACT_SELECT} where i.id > ${lo} and i.id <= ${lo + chunk}
        on conflict (incident_id) do nothing`.execute(trx)
      await sql`with d as (${sql.raw(expansion(`select 1 as sign, * from stat_fact where incident_id > ${lo} and incident_id <= ${lo + chunk}`))})
        ${sql.raw(ADD_BOTH)}`.execute(trx)
      return Number(r.numAffectedRows ?? 0)
    })
    progress?.(Math.min(lo + chunk, last), last)
  }
  // The rows of a unit and group together on disk: a year of a group is a few pages, not a page per row.
  await sql`cluster stat_day using stat_day_pkey`.execute(db)
  await sql`cluster stat_month using stat_month_pkey`.execute(db)
  await sql`analyze stat_day`.execute(db)
  await sql`analyze stat_month`.execute(db)
  await sql`analyze stat_fact`.execute(db)
  await sql`update stat_state set built_at = now()`.execute(db)
  const rows = (await sql<{ n: number }>`select count(*)::int as n from stat_day`.execute(db)).rows[0]?.n ?? 0
  return { facts, rows }
}

const FOLD_LOCK = 7_120_001
/**
 * Folds the marked cases into facts and rollup, up to `limit` of them per transaction, until none is left; returns how
 * many. Before the rollup is built it only waits for the build.
 */
export async function foldRollup(db: Kysely<Database>, limit = 2000): Promise<number> {
  let total = 0
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const pending = await sql<{ any: boolean }>`select exists (select 1 from stat_dirty) as any`.execute(trx)
      if (!pending.rows[0]?.any) return 0
      await sql`select pg_advisory_xact_lock(${FOLD_LOCK})`.execute(trx)
      if (!(await rollupBuilt(trx))) return 0
      const ids = (await sql<{ id: string }>`
        delete from stat_dirty where incident_id in (select incident_id from stat_dirty order by incident_id limit ${limit})
        returning incident_id::text as id`.execute(trx)).rows.map((r) => r.id)
      if (!ids.length) return 0
      const list = sql`${ids}::bigint[]`
      await sql`
        with old as (select * from stat_fact where incident_id = any(${list})),
        gone as (delete from stat_fact f where f.incident_id = any(${list}) and not exists (select 1 from incident i where i.id = f.incident_id)),
        new as (
          insert into stat_fact (${sql.raw(FACT_COLUMNS.join(', '))}) select ${FACT_SELECT} where i.id = any(${list})
          on conflict (incident_id) do update set ${sql.raw(FACT_COLUMNS.slice(1).map((c) => `${c} = excluded.${c}`).join(', '))}
          returning *),
        delta as (select -1 as sign, * from old union all select 1 as sign, * from new),
        d as (select * from (${sql.raw(expansion('select * from delta'))}) x where ${sql.raw(NAMES.map((n) => `x.${n} <> 0`).join(' or '))})
        ${sql.raw(ADD_BOTH)}`.execute(trx)
      return ids.length
    })
    total += n
    if (n < limit) return total
  }
}

/** A unit the rollup keeps. */
export interface RolledUnit { level: RolledLevel; code: string }

const midnightAtOrBefore = (t: Date) => startOfBeijingDayOf(t)
const midnightAtOrAfter = (t: Date) => {
  const m = startOfBeijingDayOf(t)
  return m.getTime() === t.getTime() ? m : startOfBeijingDay(addDays(beijingDay(t), 1))
}
/** A Beijing midnight as its 'YYYY-MM-DD'. */
const dayOf = (t: Date) => beijingDay(t)

/** Counters `use` of facts f with their moment in [a, b), as SQL aggregate columns. */
function edgeCounts(a: Date, b: Date, use: readonly Counter[], wanted: readonly Counter[] = use): RawBuilder<unknown> {
  return sql.join(use.map((n) => {
    // A column of the union this interval does not give: null (read as 0), not counted.
    if (!wanted.includes(n)) return sql`null::int as ${sql.ref(n)}`
    const [m, cond] = COUNTERS[n]
    return sql`coalesce(sum(${sql.raw(valueOf(n))}) filter (where ${sql.ref(`f.${m}`)} >= ${a} and ${sql.ref(`f.${m}`)} < ${b} and ${sql.raw(cond)}), 0)::int as ${sql.ref(n)}`
  }))
}
/** Facts with a moment of counters `use` in [a, b): an index scan per moment. */
const anyMomentIn = (a: Date, b: Date, use: readonly Counter[]) =>
  sql.join([...new Set(use.map((n) => COUNTERS[n][0]))].map((m) => sql`(${sql.ref(`f.${m}`)} >= ${a} and ${sql.ref(`f.${m}`)} < ${b})`), sql` or `)

type Sink = Map<string, CounterRow>
function add(sink: Sink, key: string, row: Partial<Record<Counter, number>>, only: readonly Counter[] = NAMES, sign = 1) {
  const into = sink.get(key) ?? { ...ZERO }
  for (const n of only) into[n] += sign * Number(row[n] ?? 0)
  sink.set(key, into)
}

/** Days [start, end) (start null: from the first) as the whole months of the monthly rollup and the days around them. */
function periods(start: string | null, end: string): Array<{ table: 'day' | 'month'; a: string | null; b: string }> {
  const firstMonth = start === null ? null : monthStart(start) === start ? start : addMonths(start, 1)
  const lastMonth = monthStart(end)
  if (firstMonth !== null && firstMonth >= lastMonth) return start! < end ? [{ table: 'day', a: start, b: end }] : []
  const out: Array<{ table: 'day' | 'month'; a: string | null; b: string }> = [{ table: 'month', a: firstMonth, b: lastMonth }]
  if (start !== null && start < firstMonth!) out.push({ table: 'day', a: start, b: firstMonth! })
  if (lastMonth < end) out.push({ table: 'day', a: lastMonth, b: end })
  return out
}

/**
 * The counters of a unit over [from, at) per key of a group ('' = the unit as a whole; keys with nothing are absent; a case
 * without a group value is in no group). `at` is the moment of judgement: the window's end, or now if sooner. `daily`:
 * per Beijing day instead of per group (the unit as a whole, cohort counters left out). `use`: the counters wanted (the
 * others stay 0). Call rolledUnit first (it folds).
 *
 * A counter by a plain moment counts it in [from, at): the rollup's whole days and the facts of the partial days. A cohort
 * counter (the window's 立案 whose moment x — due, closed — is before `at`) is, with r the registration,
 *   #(from ≤ r, x < at) = #(x < at) − #(r < from) + #(r < from, x ≥ at)
 * the first two from the rollup's history (its twin counts the same cases by r) and the partial days, the last — the few
 * cases spanning the whole window — from the facts' spans.
 */
export async function rolledCounters(db: Kysely<Database>, unit: RolledUnit, dim: Dim, from: Date, at: Date, daily = false,
  use: readonly Counter[] = SCREEN_COUNTERS): Promise<Sink> {
  if (at <= from) return new Map()
  // A few small statements: parallel workers would cost far more to start than they save (80 ms on two cores).
  return db.transaction().execute(async (trx) => {
    await sql`set local max_parallel_workers_per_gather = 0`.execute(trx)
    return countRolled(trx, unit, dim, from, at, daily, use)
  })
}

async function countRolled(db: Kysely<Database>, unit: RolledUnit, dim: Dim, from: Date, at: Date, daily: boolean, use: readonly Counter[]): Promise<Sink> {
  const sink: Sink = new Map()
  const own = sql`${sql.ref(`f.${UNIT_COLUMN[unit.level].own}`)} = ${unit.code}`
  const key = daily ? `''` : keyOf(unit.level, dim)
  const floorFrom = midnightAtOrBefore(from)
  const ceilFrom = midnightAtOrAfter(from)
  const floorAt = midnightAtOrBefore(at)
  const oneDay = ceilFrom >= at
  const plain = use.filter((n) => !TWIN[n])
  const cohort = daily ? [] : use.filter((n) => TWIN[n])
  /** A twin's count is taken from its cohort counter. */
  const takeTwins = (k: string, row: Partial<CounterRow>) => {
    const into = sink.get(k) ?? { ...ZERO }
    for (const n of cohort) into[n] -= Number(row[TWIN[n]!] ?? 0)
    sink.set(k, into)
  }

  // The rollup: plain counters over the whole days of the window; cohort ones over history (x before at's day, twins
  // before from's, subtracted from their cohort counter).
  const ranges: Array<{ start: string | null; end: string; use: readonly Counter[]; into: (row: CounterRow & { key: string }) => void }> = []
  if (!oneDay) ranges.push({ start: dayOf(ceilFrom), end: dayOf(floorAt), use: plain, into: (row) => add(sink, row.key, row, plain) })
  if (cohort.length) {
    ranges.push({ start: null, end: dayOf(floorAt), use: cohort, into: (row) => add(sink, row.key, row, cohort) })
    ranges.push({ start: null, end: dayOf(floorFrom), use: [...new Set(cohort.map((n) => TWIN[n]!))], into: (row) => takeTwins(row.key, row) })
  }
  const segments = ranges.flatMap((r) => (daily ? [{ table: 'day' as const, a: r.start, b: r.end }] : periods(r.start, r.end)).map((seg) => ({ ...seg, r })))
  // One statement for every segment (the embedded database answers one statement at a time).
  const used = [...new Set(ranges.flatMap((r) => r.use))]
  const sums = !segments.length ? [] : (await sql<CounterRow & { key: string; part: number }>`${sql.join(segments.map(({ table, a, b, r }, i) => {
    const period = sql.ref(table)
    // Each segment sums only its own range's counters (history segments span every month: few columns, not all).
    return sql`
      select ${i}::int as part, ${daily ? sql`to_char(day, 'YYYY-MM-DD')` : sql`key`} as key,
        ${sql.join(used.map((n) => (r.use.includes(n) ? sql`sum(${sql.ref(n)})::int as ${sql.ref(n)}` : sql`null::int as ${sql.ref(n)}`)))}
      from ${sql.table(table === 'day' ? 'stat_day' : 'stat_month')}
      where unit_code = ${unit.code} and dim = ${daily ? '' : dim} and ${period} < ${b}::date ${a ? sql`and ${period} >= ${a}::date` : sql``}
      group by 2`
  }), sql` union all `)}`.execute(db)).rows.map((row) => ({ row, r: segments[row.part]!.r }))
  for (const { row, r } of sums) r.into(row)

  // The partial days, from the facts: which counters each interval gives.
  const parts: Array<{ a: Date; b: Date; use: readonly Counter[]; sign: number; day?: string }> = oneDay
    ? [{ a: from, b: at, use: plain, sign: 1, day: dayOf(floorFrom) }]
    : [{ a: from, b: ceilFrom, use: plain, sign: 1, day: dayOf(floorFrom) }, { a: floorAt, b: at, use: plain, sign: 1, day: dayOf(floorAt) }]
  if (cohort.length) {
    parts.push({ a: floorAt, b: at, use: cohort, sign: 1 })
    parts.push({ a: floorFrom, b: from, use: cohort.map((n) => TWIN[n]!), sign: -1 })
  }
  const live = parts.map((p, i) => ({ ...p, i })).filter((p) => p.b > p.a)
  if (live.length) {
    // One statement for every interval; each counts the counters any needs, over the facts with one of its own moments in it.
    const edgeUse = [...new Set(live.flatMap((p) => p.use))]
    const rows = (await sql<CounterRow & { key: string; part: number }>`${sql.join(live.map((p) => sql`
      select ${p.i}::int as part, ${sql.raw(key)} as key, ${edgeCounts(p.a, p.b, edgeUse, p.use)} from stat_fact f
      where ${own} and (${anyMomentIn(p.a, p.b, [...new Set(p.use)])}) group by 2`), sql` union all `)}`.execute(db)).rows
    for (const row of rows) {
      if (row.key === null) continue
      const p = parts[row.part]!
      if (p.sign > 0) add(sink, daily ? p.day! : row.key, row, p.use)
      else takeTwins(row.key, row)
    }
  }

  // The cases registered before the window and not yet due/closed at its end.
  if (cohort.length) {
    const window = sql`tstzrange(${from}::timestamptz, ${at}::timestamptz, '[]')`
    const spans = [...new Set(cohort.map((n) => COHORT[COUNTERS[n][0]]!))]
    const r = await sql<CounterRow & { key: string }>`
      select ${sql.raw(key)} as key, ${sql.join(cohort.map((n) =>
        sql`count(*) filter (where ${sql.ref(`f.${COHORT[COUNTERS[n][0]]}`)} @> ${window} and ${sql.raw(COUNTERS[n][1])})::int as ${sql.ref(n)}`))}
      from stat_fact f where ${own} and (${sql.join(spans.map((sp) => sql`${sql.ref(`f.${sp}`)} @> ${window}`), sql` or `)})
      group by 1`.execute(db)
    for (const row of r.rows) if (row.key !== null) add(sink, row.key, row, cohort)
  }
  return sink
}

/** Whether a unit's statistics answer from the rollup. */
export async function rolledUnit(db: Kysely<Database>, scope: { level: string; code: string }): Promise<RolledUnit | null> {
  if (!ROLLED_LEVELS.includes(scope.level)) return null
  const r = await sql<{ built: boolean; pending: boolean }>`
    select (select built_at is not null from stat_state) as built, exists (select 1 from stat_dirty) as pending`.execute(db)
  const state = r.rows[0]
  if (!state?.built) return null
  if (state.pending) await foldRollup(db)
  return { level: scope.level as RolledLevel, code: scope.code }
}

/** The open cases past their deadline now (超期未结) of a unit reported in [from, to), per key of a group. */
export async function overdueNow(db: Kysely<Database>, unit: RolledUnit, dim: Dim, from: Date, to: Date): Promise<Map<string, number>> {
  const r = await sql<{ key: string; n: number }>`
    select ${sql.raw(keyOf(unit.level, dim))} as key, count(*)::int as n from stat_fact f
    where open and not paused and not merged and deadline < now() and ${sql.ref(`f.${UNIT_COLUMN[unit.level].own}`)} = ${unit.code}
      and reported_at >= ${from} and reported_at < ${to}
    group by 1`.execute(db)
  return new Map(r.rows.map((x) => [x.key, x.n]))
}
