import { COMMAND_LEVEL_LABELS, INCIDENT_SOURCE_LABELS, METRIC_COUNTS, METRIC_RATES, type MetricCount, type MetricGroup, type MetricRate } from '@gridsight/contract'
import { type Kysely, type RawBuilder, sql } from 'kysely'
import { caseStanding } from '../case-states.js'
import type { Database } from '../schema.js'
import { SCOPE_COLUMN } from './incidents.js'
import { type CounterRow, type Dim, rolledCounters, rolledUnit } from './rollup.js'
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
 */
export type Counts = Record<MetricCount, number>
export type Metrics = Counts & Record<MetricRate, number | null>

export type MetricRow = Metrics & { key: string; name: string }

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
    count(*) filter (where ${due} and i.satisfaction in ('satisfied', 'basically'))::int as satisfied`
}

/** Only the rows that can count in the window: reported, accepted or registered in it (an index-friendly superset). */
function touched(q: StatsScope) {
  return sql`(i.reported_at < ${q.to} and (i.reported_at >= ${q.from} or i.accepted_at >= ${q.from} or i.registered_at >= ${q.from}))`
}

/** The rates of a row of counts (METRIC_RATES). */
export function withRates<T extends Counts>(c: T): T & Metrics {
  const rates = Object.fromEntries(Object.entries(METRIC_RATES).map(([rate, [n, d]]) => [rate, c[d] > 0 ? c[n] / c[d] : null]))
  return { ...c, ...(rates as Record<MetricRate, number | null>) }
}

/** The moment a window is judged at: its end, or now if sooner. */
export const judgedAt = (q: { to: Date }) => new Date(Math.min(q.to.getTime(), Date.now()))

/** The standard figures from the rollup's counters (rollup.ts counts by the same definitions). */
export function fromCounters(c: CounterRow): Counts {
  return {
    reported: c.reported, accepted: c.accepted, registered: c.registered, refused: c.refused, merged: c.merged, due: c.due, closed: c.closed,
    closed_on_time: c.closed_on_time, overdue: c.due - c.closed_on_time, reworked: c.reworked, extended: c.extended, returned: c.returned,
    self_settled: c.self_settled, evaluated: c.evaluated, satisfied: c.satisfied,
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
    const c = (await rolledCounters(db, rolled, '', q.from, at)).get('')
    return withRates(c ? fromCounters(c) : NO_COUNTS)
  }
  const unit = sql`${sql.ref(`i.${SCOPE_COLUMN[q.scope.level]}`)} = ${q.scope.code}`
  const r = await sql<Counts>`
    select ${counts(q, at)} from incident i where ${unit} and ${touched(q)}`.execute(db)
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
    const c = await rolledCounters(db, rolled, group as Dim, q.from, at)
    const names = await sql<{ key: string; name: string }>`select n.key, n.name from ${g.names} order by n.key`.execute(db)
    return names.rows.map((n) => {
      const row = c.get(n.key)
      return { key: n.key, name: n.name, ...withRates(row ? fromCounters(row) : NO_COUNTS) }
    })
  }
  const unit = sql`${sql.ref(`i.${SCOPE_COLUMN[q.scope.level]}`)} = ${q.scope.code}`
  const r = await sql<Counts & { key: string; name: string }>`
    with x as (select ${g.key} as key, ${counts(q, at)} from incident i where ${unit} and ${touched(q)} group by 1)
    select n.key, n.name, ${sql.join(METRIC_COUNTS.map((c) => sql`coalesce(x.${sql.ref(c)}, 0)::int as ${sql.ref(c)}`))}
    from ${g.names} left join x on x.key = n.key
    order by n.key`.execute(db)
  return r.rows.map(withRates)
}
