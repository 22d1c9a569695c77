import { COMMAND_LEVEL_LABELS, compositeScore, groupedMedianHours, INCIDENT_SOURCE_LABELS, METRIC_COUNTS, METRIC_RATES, type MetricCount, type MetricGroup, type MetricRate,
  SCORE_FIGURES, SCORE_WEIGHTS, type ScoreWeights, TIMELINESS } from '@gridsight/contract'
import { type Kysely, type RawBuilder, sql } from 'kysely'
import { caseStanding } from '../case-states.js'
import type { Database } from '../schema.js'
import { SCOPE_COLUMN } from './incidents.js'
import { ALL_COUNTERS, type CounterRow, type Dim, HANDLING_COUNTERS, inHandlingClass, rolledCounters, rolledUnit } from './rollup.js'
import type { StatsScope } from './stats.js'

/**
 * The standard figures of 数字城管/综治 reporting (DOMAIN.md "Metrics"), one definition for every page, export and
 * test. For a window [from, to), judged at its end (or now, if sooner):
 * - 上报数 reported in the window; 受理数 accepted in it; 立案数 registered in it (a matter settled on the spot is
 *   registered when filed). Merged duplicates and refused reports are in no other figure.
 * - The cohort of every rate is the window's 立案: 应结案数 = those closed by the end, or whose time limit has
 *   arrived and that are not 缓办/挂账 (paused) now; 结案数 and 按期结案数 (closed by the deadline) of them;
 *   超期数 = 应结案 not closed on time (closed late, or open past the deadline).
 * - 结案率, 按期结案率, 返工率, 延期率, 回退率 = closed, on time, reworked, extended, returned among 应结案 / 应结案.
 * - 自行处置 share of 结案; satisfaction = 满意 + 基本满意 among the evaluated.
 * - The centre's own: 及时受理率 = accepted within TIMELINESS (on the category's clock) among those accepted in the window;
 *   派遣准确率 = of the window's 立案 sent to a department (or sent back), those never sent back; 及时核查率 = verified within
 *   TIMELINESS among the verified of the cases 办结 (closed, not merged) in the window; the handling time of those 办结
 *   (立案 → 结案 on the category's clock, less paused time): average and grouped median (HANDLING_CLASSES), in hours.
 * - 综合指标值: compositeScore of the rates under the published weights.
 */
export type Counts = Record<MetricCount, number>
export type Metrics = Counts & Record<MetricRate, number | null> & { avg_handling_hours: number | null; median_handling_hours: number | null }

export type MetricRow = Metrics & { key: string; name: string }
/** A row with its composite score. */
export type ScoredRow = MetricRow & { score: number | null }

const s = caseStanding('i')
/** When a case counts as registered (立案): its registration, or its filing if settled on the spot. */
const REGISTERED_AT = sql`coalesce(i.registered_at, case when i.self_settled then i.reported_at end)`

/** The counts of one group (or the whole unit), as SQL aggregate columns over incident i. */
function counts(q: StatsScope, at: Date) {
  const inWindow = (col: RawBuilder<unknown>) => sql`(${col} >= ${q.from} and ${col} < ${q.to})`
  const own = sql`(not ${s.merged} and not ${s.refused})`
  const cohort = sql`(${own} and ${inWindow(REGISTERED_AT)})`
  const closed = sql`(${s.closed} and i.closed_at < ${at})`
  const due = sql`(${cohort} and (${closed} or (not ${s.paused} and i.deadline < ${at})))`
  const onTime = sql`(${closed} and (i.deadline is null or i.closed_at <= i.deadline))`
  const settled = sql`(${s.closed} and not ${s.merged} and ${inWindow(sql`i.closed_at`)})`
  return sql`
    count(*) filter (where ${inWindow(sql`i.reported_at`)})::int as reported,
    count(*) filter (where ${inWindow(sql`i.accepted_at`)} and not ${s.merged})::int as accepted,
    count(*) filter (where ${cohort})::int as registered,
    count(*) filter (where ${s.refused} and ${inWindow(sql`i.reported_at`)})::int as refused,
    count(*) filter (where ${s.merged} and ${inWindow(sql`i.reported_at`)})::int as merged,
    count(*) filter (where ${due})::int as due,
    count(*) filter (where ${due} and ${closed})::int as closed,
    count(*) filter (where ${due} and ${onTime})::int as closed_on_time,
    count(*) filter (where ${due} and not ${onTime})::int as overdue,
    count(*) filter (where ${due} and i.rework_count > 0)::int as reworked,
    count(*) filter (where ${due} and i.extension_count > 0)::int as extended,
    count(*) filter (where ${due} and i.return_count > 0)::int as returned,
    count(*) filter (where ${due} and ${closed} and i.self_settled)::int as self_settled,
    count(*) filter (where ${due} and i.satisfaction is not null)::int as evaluated,
    count(*) filter (where ${due} and i.satisfaction in ('satisfied', 'basically'))::int as satisfied,
    count(*) filter (where ${inWindow(sql`i.accepted_at`)} and not ${s.merged} and i.accept_minutes <= ${TIMELINESS.accept_minutes})::int as accepted_timely,
    count(*) filter (where ${cohort} and (i.department_code is not null or i.return_count > 0))::int as dispatched,
    count(*) filter (where ${cohort} and i.department_code is not null and i.return_count = 0)::int as dispatch_ok,
    count(*) filter (where ${settled} and i.verify_minutes is not null)::int as verified,
    count(*) filter (where ${settled} and i.verify_minutes <= ${TIMELINESS.verify_minutes})::int as verified_timely,
    count(*) filter (where ${settled} and i.handling_minutes is not null)::int as timed,
    coalesce(sum(i.handling_minutes) filter (where ${settled}), 0)::int as handling_minutes,
    ${sql.join(HANDLING_COUNTERS.map((n, k) => sql`count(*) filter (where ${settled} and ${sql.raw(inHandlingClass(k, 'i.handling_minutes'))})::int as ${sql.ref(n)}`))}`
}

/** Only the rows that can count in the window: reported, accepted, registered or closed in it (an index-friendly superset). */
function touched(q: StatsScope) {
  return sql`(i.reported_at < ${q.to} and (i.reported_at >= ${q.from} or i.accepted_at >= ${q.from} or i.registered_at >= ${q.from} or i.closed_at >= ${q.from}))`
}

/** Counts with the cases 办结 per class of handling time (what the median is read from; not in the answer). */
export type ClassCounts = Counts & Partial<Record<(typeof HANDLING_COUNTERS)[number], number>>

/** The rates of a row of counts (METRIC_RATES), its average handling time and its grouped median (hours). */
export function withRates<T extends ClassCounts>(c: T): Omit<T, (typeof HANDLING_COUNTERS)[number]> & Metrics {
  const rates = Object.fromEntries(Object.entries(METRIC_RATES).map(([rate, [n, d]]) => [rate, c[d] > 0 ? c[n] / c[d] : null]))
  const avg = c.timed > 0 ? Math.round((10 * c.handling_minutes) / c.timed / 60) / 10 : null
  const median = groupedMedianHours(HANDLING_COUNTERS.map((n) => Number(c[n] ?? 0)))
  const out: Record<string, unknown> = { ...c, ...rates, avg_handling_hours: avg, median_handling_hours: median }
  for (const n of HANDLING_COUNTERS) delete out[n]
  return out as Omit<T, (typeof HANDLING_COUNTERS)[number]> & Metrics
}

/** The composite score's weights as published: the administrators' (score_weight), the contract's default for the rest. */
export async function scoreWeights(db: Kysely<Database>): Promise<ScoreWeights> {
  const rows = await db.selectFrom('score_weight').select(['figure', 'weight']).execute()
  const set = new Map(rows.map((r) => [r.figure, r.weight]))
  return Object.fromEntries(SCORE_FIGURES.map((f) => [f, set.get(f) ?? SCORE_WEIGHTS[f]])) as ScoreWeights
}

/** Publishes the weights (every figure's, 0–100), in one transaction. */
export async function setScoreWeights(db: Kysely<Database>, weights: ScoreWeights, by: string): Promise<ScoreWeights> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('score_weight').execute()
    await trx.insertInto('score_weight').values(SCORE_FIGURES.map((figure) => ({ figure, weight: weights[figure], updated_by: by }))).execute()
  })
  return scoreWeights(db)
}

/** Rows with their composite score under the weights. */
export const scored = <T extends Metrics>(rows: T[], weights: ScoreWeights): Array<T & { score: number | null }> =>
  rows.map((r) => ({ ...r, score: compositeScore(r, weights) }))

/** The moment a window is judged at: its end, or now if sooner. */
export const judgedAt = (q: { to: Date }) => new Date(Math.min(q.to.getTime(), Date.now()))

/** The standard figures from the rollup's counters (rollup.ts counts by the same definitions). */
export function fromCounters(c: CounterRow): ClassCounts {
  return {
    ...Object.fromEntries(HANDLING_COUNTERS.map((n) => [n, c[n]])),
    reported: c.reported, accepted: c.accepted, registered: c.registered, refused: c.refused, merged: c.merged, due: c.due, closed: c.closed,
    closed_on_time: c.closed_on_time, overdue: c.due - c.closed_on_time, reworked: c.reworked, extended: c.extended, returned: c.returned,
    self_settled: c.self_settled, evaluated: c.evaluated, satisfied: c.satisfied, accepted_timely: c.accepted_timely, dispatched: c.reg_dispatched,
    dispatch_ok: c.reg_dispatch_ok, verified: c.settled_verified, verified_timely: c.settled_verified_timely, timed: c.settled_timed,
    handling_minutes: c.settled_minutes,
  }
}
const NO_COUNTS = Object.fromEntries(METRIC_COUNTS.map((c) => [c, 0])) as ClassCounts

/** How a figure is counted: from the rollup where the unit has one (district, town), or from the incidents ('raw', the definition). */
export interface Source { raw?: boolean }

/** The figures of a unit over a window. */
export async function unitMetrics(db: Kysely<Database>, q: StatsScope, source: Source = {}): Promise<Metrics> {
  const at = judgedAt(q)
  const rolled = source.raw ? null : await rolledUnit(db, q.scope)
  if (rolled) {
    const c = (await rolledCounters(db, rolled, '', q.from, at, false, ALL_COUNTERS)).get('')
    return withRates(c ? fromCounters(c) : NO_COUNTS)
  }
  const unit = sql`${sql.ref(`i.${SCOPE_COLUMN[q.scope.level]}`)} = ${q.scope.code}`
  const r = await sql<ClassCounts>`select ${counts(q, at)} from incident i where ${unit} and ${touched(q)}`.execute(db)
  return withRates(r.rows[0]!)
}

/** What a group's key and name are: the unit's children, departments, top-level categories, sources or levels. */
function grouping(group: MetricGroup, q: StatsScope): { key: RawBuilder<unknown>; names: RawBuilder<unknown> } | null {
  const values = (labels: Record<string, string>) =>
    sql`(values ${sql.join(Object.entries(labels).map(([k, v]) => sql`(${k}, ${v})`))}) as n(key, name)`
  switch (group) {
    case 'unit': {
      const child = ({ district: 'town', town: 'village', village: 'grid', grid: null } as const)[q.scope.level]
      if (!child) return null
      return {
        key: sql.ref(`i.${SCOPE_COLUMN[child]}`),
        names: child === 'grid'
          ? sql`(select code as key, name from grid where village_code = ${q.scope.code}) as n`
          : sql`(select code as key, name from admin_unit where parent_code = ${q.scope.code}) as n`,
      }
    }
    case 'department':
      return { key: sql`i.department_code`, names: sql`(select code as key, name from department) as n` }
    case 'category':
      return { key: sql`split_part(i.category_code, '.', 1)`, names: sql`(select code as key, name from incident_category where parent_code is null) as n` }
    case 'source':
      return { key: sql`i.source`, names: values(INCIDENT_SOURCE_LABELS) }
    case 'level':
      return { key: sql`i.level`, names: values(COMMAND_LEVEL_LABELS) }
  }
}

/**
 * The figures of a unit's cases per group over a window: every group that exists is listed (a department with no
 * case has zeros), ordered by its key. A case with no group value (an undispatched case per department) is left out.
 */
export async function groupMetrics(db: Kysely<Database>, q: StatsScope, group: MetricGroup, source: Source = {}): Promise<MetricRow[]> {
  const g = grouping(group, q)
  if (!g) return []
  const at = judgedAt(q)
  const rolled = source.raw ? null : await rolledUnit(db, q.scope)
  if (rolled) {
    const [c, names] = await Promise.all([rolledCounters(db, rolled, group as Dim, q.from, at, false, ALL_COUNTERS),
      sql<{ key: string; name: string }>`select n.key, n.name from ${g.names} order by n.key`.execute(db)])
    return names.rows.map((n) => {
      const row = c.get(n.key)
      return { key: n.key, name: n.name, ...withRates(row ? fromCounters(row) : NO_COUNTS) }
    })
  }
  const unit = sql`${sql.ref(`i.${SCOPE_COLUMN[q.scope.level]}`)} = ${q.scope.code}`
  const r = await sql<ClassCounts & { key: string; name: string }>`
    with x as (select ${g.key} as key, ${counts(q, at)} from incident i where ${unit} and ${touched(q)} group by 1)
    select n.key, n.name, ${sql.join([...METRIC_COUNTS, ...HANDLING_COUNTERS].map((c) => sql`coalesce(x.${sql.ref(c)}, 0)::int as ${sql.ref(c)}`))}
    from ${g.names} left join x on x.key = n.key
    order by n.key`.execute(db)
  return r.rows.map(withRates)
}
