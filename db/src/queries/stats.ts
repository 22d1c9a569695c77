import { addDays, beijingDay, type ScopeLevel, startOfBeijingDay, startOfBeijingDayOf } from '@gridsight/contract'
import { type Kysely, sql } from 'kysely'
import { beijingDaySql, startOfBeijingDaySql } from '../beijing.js'
import { caseStanding } from '../case-states.js'
import type { Database } from '../schema.js'
import { incidentWhere, SCOPE_COLUMN } from './incidents.js'
import { fromCounters, groupMetrics, judgedAt, type Source, unitMetrics, withRates } from './metrics.js'
import { COUNTERS, type CounterRow, overdueNow, rolledCounters, rolledUnit } from './rollup.js'
import type { Scope } from './units.js'

/** A unit (as resolved, with its stored level) and a time window [from, to). */
export interface StatsScope { scope: Scope; from: Date; to: Date }

const s = caseStanding('i')
const NONE = Object.fromEntries(Object.keys(COUNTERS).map((n) => [n, 0])) as CounterRow
const FUNNEL_STEPS = ['reported', 'accepted', 'registered', 'dispatched', 'fed_back', 'closed'] as const
/** The Beijing days a window [from, to) touches, as 'YYYY-MM-DD'. */
function beijingDays(from: Date, to: Date): string[] {
  const out: string[] = []
  for (let day = beijingDay(from); startOfBeijingDay(day) < to; day = addDays(day, 1)) out.push(day)
  return out
}

/** 结案数 counts a case of its own: a merged duplicate is not one. */
const CLOSED = sql`(${s.closed} and not ${s.merged})`

/** The level below each level: whose figures a ranking lists. */
const CHILD_LEVEL: Record<ScopeLevel, 'town' | 'village' | 'grid' | null> = { district: 'town', town: 'village', village: 'grid', grid: null }

export interface Kpis {
  incidents: number
  today: number
  open: number
  overdue: number
  /** Paused (缓办, 挂账) now. */
  deferred: number
  /** 不予受理: reports not taken up (in no rate). */
  refused: number
  /**
   * The standard figures of the window as metrics.ts defines them (one definition): 应结案 (due), 结案, 按期结案, and the
   * cases among 应结案 sent back (回退), reworked (返工) and extended (延期); 结案率 and 按期结案率.
   */
  due: number
  closed: number
  closed_on_time: number
  returned: number
  reworked: number
  extended: number
  closure_rate: number | null
  on_time_rate: number | null
  cameras: number
  cameras_online: number
  camera_online_rate: number | null
  households: number
  grids: number
}

/** The KPIs of a unit over the cases reported in a window; rates are null when nothing is due. */
export async function kpis(db: Kysely<Database>, q: StatsScope, source: Source = {}): Promise<Kpis> {
  const rolled = source.raw ? null : await rolledUnit(db, q.scope)
  let k: Pick<Kpis, 'incidents' | 'today' | 'open' | 'overdue' | 'deferred' | 'refused'>
  let m: Awaited<ReturnType<typeof unitMetrics>>
  if (rolled) {
    const at = judgedAt(q)
    const todayFrom = new Date(Math.max(q.from.getTime(), startOfBeijingDayOf(new Date()).getTime()))
    // Side by side: on a server each on a connection of its own.
    const [all, todays, overdues] = await Promise.all([rolledCounters(db, rolled, '', q.from, at),
      rolledCounters(db, rolled, '', todayFrom, at, true), overdueNow(db, rolled, '', q.from, q.to)])
    const c = all.get('') ?? NONE
    const today = todays.values().next().value?.reported ?? 0
    const overdue = overdues.get('') ?? 0
    k = { incidents: c.reported, today, open: c.rep_open, overdue, deferred: c.rep_paused, refused: c.refused }
    m = withRates(fromCounters(c))
  } else {
    const inc = await sql<Pick<Kpis, 'incidents' | 'today' | 'open' | 'overdue' | 'deferred' | 'refused'>>`
      select count(*)::int as incidents,
        count(*) filter (where i.reported_at >= ${startOfBeijingDaySql(sql`now()`)})::int as today,
        count(*) filter (where ${s.open})::int as open,
        count(*) filter (where ${s.overdue()})::int as overdue,
        count(*) filter (where ${s.paused})::int as deferred,
        count(*) filter (where ${s.refused})::int as refused
      from incident i where ${incidentWhere(q)}`.execute(db)
    k = inc.rows[0]!
    m = await unitMetrics(db, q, source)
  }
  // Cameras, grids and households of a unit: a grid's by its code, an admin unit's by the codes below it.
  const inGrid = q.scope.level === 'grid'
  const cameraIn = inGrid ? sql`grid_code = ${q.scope.code}` : sql`civil_code like ${`${q.scope.code}%`}`
  const gridIn = inGrid ? sql`code = ${q.scope.code}` : sql`code like ${`${q.scope.code}%`}`
  const base = await sql<{ cameras: number; online: number; households: number; grids: number }>`
    select (select count(*)::int from camera where ${cameraIn}) as cameras,
      (select count(*)::int from camera where status = 'ON' and ${cameraIn}) as online,
      (select coalesce(sum(households), 0)::int from grid where ${gridIn}) as households,
      (select count(*)::int from grid where ${gridIn}) as grids`.execute(db)
  const b = base.rows[0]!
  return {
    ...k,
    due: m.due, closed: m.closed, closed_on_time: m.closed_on_time, returned: m.returned, reworked: m.reworked, extended: m.extended,
    closure_rate: m.closure_rate,
    on_time_rate: m.on_time_rate,
    cameras: b.cameras,
    cameras_online: b.online,
    camera_online_rate: b.cameras > 0 ? b.online / b.cameras : null,
    households: b.households,
    grids: b.grids,
  }
}

/** Incidents per top-level category in the window, largest first. */
export async function categoryMix(db: Kysely<Database>, q: StatsScope, source: Source = {}): Promise<{ code: string; name: string; count: number }[]> {
  const rolled = source.raw ? null : await rolledUnit(db, q.scope)
  if (rolled) {
    const c = await rolledCounters(db, rolled, 'category', q.from, judgedAt(q))
    const names = await sql<{ code: string; name: string }>`select code, name from incident_category where parent_code is null`.execute(db)
    return names.rows.map((n) => ({ ...n, count: c.get(n.code)?.reported ?? 0 })).filter((x) => x.count > 0)
      .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
  }
  const r = await sql<{ code: string; name: string; count: number }>`
    select p.code, p.name, count(*)::int as count
    from incident i join incident_category c on c.code = i.category_code join incident_category p on p.code = c.parent_code
    where ${incidentWhere(q)}
    group by p.code, p.name order by count desc, p.code`.execute(db)
  return r.rows
}

/** Reported and closed per Beijing day over the window, and never fewer than the last `minDays` days of it. */
export async function dailyTrend(db: Kysely<Database>, scope: StatsScope, minDays = 30, source: Source = {}): Promise<{ day: string; reported: number; closed: number }[]> {
  const q = { ...scope, from: new Date(Math.min(scope.from.getTime(), scope.to.getTime() - minDays * 86_400_000)) }
  const rolled = source.raw ? null : await rolledUnit(db, q.scope)
  if (rolled) {
    const c = await rolledCounters(db, rolled, '', q.from, judgedAt(q), true)
    return beijingDays(q.from, q.to).map((day) => ({ day, reported: c.get(day)?.reported ?? 0, closed: c.get(day)?.settled ?? 0 }))
  }
  const r = await sql<{ day: string; reported: number; closed: number }>`
    with days as (
      select to_char(d, 'YYYY-MM-DD') as day from generate_series(
        ${beijingDaySql(sql`${q.from}::timestamptz`)}::date,
        ${beijingDaySql(sql`${q.to}::timestamptz - interval '1 second'`)}::date, interval '1 day') d
    ),
    rep as (
      select ${beijingDaySql(sql`i.reported_at`)} as day, count(*)::int as n
      from incident i where ${incidentWhere(q)} group by 1
    ),
    clo as (
      select ${beijingDaySql(sql`i.closed_at`)} as day, count(*)::int as n
      from incident i where ${incidentWhere({ scope: q.scope })} and ${CLOSED} and i.closed_at >= ${q.from} and i.closed_at < ${q.to} group by 1
    )
    select days.day, coalesce(rep.n, 0) as reported, coalesce(clo.n, 0) as closed
    from days left join rep using (day) left join clo using (day) order by days.day`.execute(db)
  return r.rows
}

export interface RankingRow {
  code: string
  name: string
  incidents: number
  households: number
  per_1000_households: number | null
  overdue: number
  on_time_rate: number | null
}

/** The unit's children ranked by incidents per 1,000 households in the window. */
export async function ranking(db: Kysely<Database>, q: StatsScope, source: Source = {}): Promise<RankingRow[]> {
  const child = CHILD_LEVEL[q.scope.level]
  if (!child) return []
  const children = child === 'grid'
    ? sql`select code, name, households from grid where village_code = ${q.scope.code}`
    : sql`select code, name, households from admin_unit where parent_code = ${q.scope.code}`
  const rolled = source.raw ? null : await rolledUnit(db, q.scope)
  if (rolled) {
    const [c, overdue] = await Promise.all([rolledCounters(db, rolled, 'unit', q.from, judgedAt(q)), overdueNow(db, rolled, 'unit', q.from, q.to)])
    const onTime = new Map([...c].map(([code, row]) => [code, withRates(fromCounters(row)).on_time_rate]))
    const units = await sql<{ code: string; name: string; households: number }>`select code, name, coalesce(households, 0)::int as households from (${children}) c`.execute(db)
    const rows = units.rows.map((u) => {
      const incidents = c.get(u.code)?.reported ?? 0
      return { code: u.code, name: u.name, incidents, households: u.households,
        per_1000_households: u.households > 0 ? Math.round((incidents * 1000 / u.households) * 100) / 100 : null,
        overdue: overdue.get(u.code) ?? 0, on_time_rate: onTime.get(u.code) ?? null }
    })
    return rows.sort((a, b) => (b.per_1000_households ?? -1) - (a.per_1000_households ?? -1) || b.incidents - a.incidents || (a.code < b.code ? -1 : 1))
  }
  const r = await sql<Omit<RankingRow, 'on_time_rate'>>`
    select c.code, c.name, coalesce(x.n, 0) as incidents, coalesce(c.households, 0)::int as households,
      case when c.households > 0 then round(coalesce(x.n, 0) * 1000.0 / c.households, 2)::float8 end as per_1000_households,
      coalesce(x.overdue, 0) as overdue
    from (${children}) c
    left join (
      select ${sql.ref(`i.${SCOPE_COLUMN[child]}`)} as code, count(*)::int as n,
        count(*) filter (where ${s.overdue()})::int as overdue
      from incident i where ${incidentWhere(q)} group by 1
    ) x on x.code = c.code
    order by per_1000_households desc nulls last, incidents desc, c.code`.execute(db)
  // 按期结案率 as metrics.ts defines it.
  const onTime = new Map((await groupMetrics(db, q, 'unit', source)).map((m) => [m.key, m.on_time_rate]))
  return r.rows.map((row) => ({ ...row, on_time_rate: onTime.get(row.code) ?? null }))
}

/** How many of the window's cases reached each step of the workflow. */
export async function funnel(db: Kysely<Database>, q: StatsScope, source: Source = {}): Promise<{ step: string; count: number }[]> {
  const rolled = source.raw ? null : await rolledUnit(db, q.scope)
  if (rolled) {
    const c = (await rolledCounters(db, rolled, '', q.from, judgedAt(q))).get('') ?? NONE
    const counts = { reported: c.reported, accepted: c.rep_accepted, registered: c.rep_registered, dispatched: c.rep_dispatched, fed_back: c.rep_fed_back, closed: c.rep_settled }
    return FUNNEL_STEPS.map((step) => ({ step, count: counts[step] }))
  }
  const r = await sql<{ reported: number; accepted: number; registered: number; dispatched: number; fed_back: number; closed: number }>`
    select count(*)::int as reported, count(i.accepted_at)::int as accepted, count(i.registered_at)::int as registered, count(i.dispatched_at)::int as dispatched,
      count(i.fed_back_at)::int as fed_back, count(*) filter (where ${CLOSED})::int as closed
    from incident i where ${incidentWhere(q)}`.execute(db)
  const row = r.rows[0]!
  return FUNNEL_STEPS.map((step) => ({ step, count: row[step] }))
}

/** Cases settled (closed, not merged) at each level of command, of which settled on the spot by the grid worker. */
export interface LevelCounts { village: number; town: number; district: number; self_settled: number; total: number }
export interface SettledLevels {
  /** The unit's own figures. */
  total: LevelCounts
  /** Its children (towns of the district, villages of a town, grids of a village), in code order. */
  children: Array<LevelCounts & { code: string; name: string }>
  /** Per Beijing day of the window. */
  trend: Array<LevelCounts & { day: string }>
}

const LEVEL_COUNTS = sql`count(*) filter (where i.level = 'village')::int as village, count(*) filter (where i.level = 'town')::int as town,
  count(*) filter (where i.level = 'district')::int as district, count(*) filter (where i.self_settled)::int as self_settled, count(*)::int as total`

/**
 * "小事不出村、大事不出镇": where the cases closed in the window were settled — in the village (on the spot by the grid
 * worker, or by the village station), in the town, or at the district — for the unit, its children and per day.
 */
export async function settledLevels(db: Kysely<Database>, q: StatsScope, source: Source = {}): Promise<SettledLevels> {
  const rolled = source.raw ? null : await rolledUnit(db, q.scope)
  if (rolled) {
    const at = judgedAt(q)
    const levels = (c: CounterRow = NONE): LevelCounts =>
      ({ village: c.settled_village, town: c.settled_town, district: c.settled_district, self_settled: c.settled_self, total: c.settled })
    const [whole, byChild, daily, units] = await Promise.all([rolledCounters(db, rolled, '', q.from, at), rolledCounters(db, rolled, 'unit', q.from, at),
      rolledCounters(db, rolled, '', q.from, at, true),
      sql<{ code: string; name: string }>`select code, name from admin_unit where parent_code = ${q.scope.code} order by code`.execute(db)])
    const total = whole.get('')
    return {
      total: levels(total),
      children: units.rows.map((u) => ({ code: u.code, name: u.name, ...levels(byChild.get(u.code)) })),
      trend: [...daily.entries()].filter(([, c]) => c.settled > 0).sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, c]) => ({ day, ...levels(c) })),
    }
  }
  const closedIn = sql`${incidentWhere({ scope: q.scope })} and ${CLOSED} and i.closed_at >= ${q.from} and i.closed_at < ${q.to}`
  const total = await sql<LevelCounts>`select ${LEVEL_COUNTS} from incident i where ${closedIn}`.execute(db)
  const child = CHILD_LEVEL[q.scope.level]
  const children = !child ? { rows: [] } : await sql<LevelCounts & { code: string; name: string }>`
    select c.code, c.name, coalesce(x.village, 0) as village, coalesce(x.town, 0) as town, coalesce(x.district, 0) as district,
      coalesce(x.self_settled, 0) as self_settled, coalesce(x.total, 0) as total
    from (${child === 'grid' ? sql`select code, name from grid where village_code = ${q.scope.code}` : sql`select code, name from admin_unit where parent_code = ${q.scope.code}`}) c
    left join (select ${sql.ref(`i.${SCOPE_COLUMN[child]}`)} as code, ${LEVEL_COUNTS} from incident i where ${closedIn} group by 1) x on x.code = c.code
    order by c.code`.execute(db)
  const trend = await sql<LevelCounts & { day: string }>`
    select ${beijingDaySql(sql`i.closed_at`)} as day, ${LEVEL_COUNTS} from incident i where ${closedIn} group by 1 order by 1`.execute(db)
  return { total: total.rows[0]!, children: children.rows, trend: trend.rows }
}
