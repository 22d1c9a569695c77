import { COMMAND_LEVEL_LABELS, compositeScore, INCIDENT_SOURCE_LABELS, METRIC_COUNTS, METRIC_RATES, type MetricCount, type MetricGroup, type MetricRate,
  SCORE_FIGURES, SCORE_WEIGHTS, type ScoreWeights, TIMELINESS } from '@gridsight/contract'
import { type Kysely, type RawBuilder, sql } from 'kysely'
import { caseStanding } from '../case-states.js'
import type { Database } from '../schema.js'
import { SCOPE_COLUMN } from './incidents.js'
import { type CounterRow, type Dim, keyOf, rolledCounters, rolledUnit } from './rollup.js'
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
 *   (立案 → 结案 on the category's clock, less paused time): average and median, in hours.
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
    coalesce(sum(i.handling_minutes) filter (where ${settled}), 0)::int as handling_minutes`
}

/** Only the rows that can count in the window: reported, accepted, registered or closed in it (an index-friendly superset). */
function touched(q: StatsScope) {
  return sql`(i.reported_at < ${q.to} and (i.reported_at >= ${q.from} or i.accepted_at >= ${q.from} or i.registered_at >= ${q.from} or i.closed_at >= ${q.from}))`
}

/** The rates of a row of counts (METRIC_RATES), its average handling time and its median (hours, when known). */
export function withRates<T extends Counts>(c: T, median: number | null = null): T & Metrics {
  const rates = Object.fromEntries(Object.entries(METRIC_RATES).map(([rate, [n, d]]) => [rate, c[d] > 0 ? c[n] / c[d] : null]))
  const avg = c.timed > 0 ? Math.round((10 * c.handling_minutes) / c.timed / 60) / 10 : null
  return { ...c, ...(rates as Record<MetricRate, number | null>), avg_handling_hours: avg, median_handling_hours: median }
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

/**
 * The median handling time (hours, to a tenth) of the cases 办结 in [from, at) per key of a group ('' = the unit): from the
 * rollup's facts where the unit has them, else from the incidents. A median cannot be added up, so it is always counted.
 */
async function medians(db: Kysely<Database>, q: StatsScope, at: Date, key: RawBuilder<unknown>, rolled: boolean): Promise<Map<string, number>> {
  const median = sql`round((percentile_disc(0.5) within group (order by x.minutes) / 60.0)::numeric, 1)::float8`
  const r = rolled
    ? await sql<{ key: string; m: number }>`select x.key, ${median} as m from (
        select ${key} as key, f.handling_minutes as minutes from stat_fact f
        where ${sql.ref(`f.${SCOPE_COLUMN[q.scope.level]}`)} = ${q.scope.code} and f.settled_at >= ${q.from} and f.settled_at < ${at}
          and f.handling_minutes is not null) x where x.key is not null group by 1`.execute(db)
    : await sql<{ key: string; m: number }>`select x.key, ${median} as m from (
        select ${key} as key, i.handling_minutes as minutes from incident i
        where ${sql.ref(`i.${SCOPE_COLUMN[q.scope.level]}`)} = ${q.scope.code} and i.closed_at >= ${q.from} and i.closed_at < ${q.to}
          and i.closed_at < ${at} and ${s.closed} and not ${s.merged} and i.handling_minutes is not null) x where x.key is not null group by 1`.execute(db)
  return new Map(r.rows.map((x) => [x.key, x.m]))
}

/** The moment a window is judged at: its end, or now if sooner. */
export const judgedAt = (q: { to: Date }) => new Date(Math.min(q.to.getTime(), Date.now()))

/** The standard figures from the rollup's counters (rollup.ts counts by the same definitions). */
export function fromCounters(c: CounterRow): Counts {
  return {
    reported: c.reported, accepted: c.accepted, registered: c.registered, refused: c.refused, merged: c.merged, due: c.due, closed: c.closed,
    closed_on_time: c.closed_on_time, overdue: c.due - c.closed_on_time, reworked: c.reworked, extended: c.extended, returned: c.returned,
    self_settled: c.self_settled, evaluated: c.evaluated, satisfied: c.satisfied, accepted_timely: c.accepted_timely, dispatched: c.reg_dispatched,
    dispatch_ok: c.reg_dispatch_ok, verified: c.settled_verified, verified_timely: c.settled_verified_timely, timed: c.settled_timed,
    handling_minutes: c.settled_minutes,
  }
}
const NO_COUNTS = Object.fromEntries(METRIC_COUNTS.map((c) => [c, 0])) as Counts

/** How a figure is counted: from the rollup where the unit has one (district, town), or from the incidents ('raw', the definition). */
export interface Source { raw?: boolean }

/** The figures of a unit over a window. */
export async function unitMetrics(db: Kysely<Database>, q: StatsScope, source: Source = {}): Promise<Metrics> {
  const at = judgedAt(q)
  const rolled = source.raw ? null : await rolledUnit(db, q.scope)
  if (rolled) {
    const [all, m] = await Promise.all([rolledCounters(db, rolled, '', q.from, at), medians(db, q, at, sql`''`, true)])
    const c = all.get('')
    return withRates(c ? fromCounters(c) : NO_COUNTS, m.get('') ?? null)
  }
  const unit = sql`${sql.ref(`i.${SCOPE_COLUMN[q.scope.level]}`)} = ${q.scope.code}`
  const [r, m] = await Promise.all([sql<Counts>`select ${counts(q, at)} from incident i where ${unit} and ${touched(q)}`.execute(db),
    medians(db, q, at, sql`''`, false)])
  return withRates(r.rows[0]!, m.get('') ?? null)
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
    const [c, m, names] = await Promise.all([rolledCounters(db, rolled, group as Dim, q.from, at),
      medians(db, q, at, sql.raw(keyOf(rolled.level, group as Dim)), true),
      sql<{ key: string; name: string }>`select n.key, n.name from ${g.names} order by n.key`.execute(db)])
    return names.rows.map((n) => {
      const row = c.get(n.key)
      return { key: n.key, name: n.name, ...withRates(row ? fromCounters(row) : NO_COUNTS, m.get(n.key) ?? null) }
    })
  }
  const unit = sql`${sql.ref(`i.${SCOPE_COLUMN[q.scope.level]}`)} = ${q.scope.code}`
  const [r, m] = await Promise.all([sql<Counts & { key: string; name: string }>`
    with x as (select ${g.key} as key, ${counts(q, at)} from incident i where ${unit} and ${touched(q)} group by 1)
    select n.key, n.name, ${sql.join(METRIC_COUNTS.map((c) => sql`coalesce(x.${sql.ref(c)}, 0)::int as ${sql.ref(c)}`))}
    from ${g.names} left join x on x.key = n.key
    order by n.key`.execute(db), medians(db, q, at, g.key, false)])
  return r.rows.map((row) => withRates(row, m.get(row.key) ?? null))
}
