import { type Kysely, sql } from 'kysely'
import type { Database } from '../schema.js'
import { incidentWhere } from './incidents.js'

/** A unit (admin code or 15-digit grid code) and a time window [from, to). */
export interface StatsScope { unit: string; from: Date; to: Date }

const CLOSED = sql`i.status in ('closed', 'evaluated')`

/** Which incident column holds the codes of a unit's children, and the children's table. */
export function childLevel(unit: string): { column: 'town_code' | 'village_code' | 'grid_code'; level: 'town' | 'village' | 'grid' } | null {
  if (unit.length === 6) return { column: 'town_code', level: 'town' }
  if (unit.length === 9) return { column: 'village_code', level: 'village' }
  if (unit.length === 12) return { column: 'grid_code', level: 'grid' }
  return null
}

export interface Kpis {
  incidents: number
  today: number
  open: number
  overdue: number
  due: number
  closed: number
  closed_on_time: number
  deferred: number
  /** 结案率 = closed / (due − deferred) (DOMAIN.md). */
  closure_rate: number | null
  /** 按期结案率 = closed on time / (due − deferred). */
  on_time_rate: number | null
  cameras: number
  cameras_online: number
  camera_online_rate: number | null
  households: number
  grids: number
}

/**
 * The KPIs of a unit over a window. "Due" cases are those reported in the window whose deadline has
 * passed or that are closed; rates are null when nothing is due.
 */
export async function kpis(db: Kysely<Database>, s: StatsScope): Promise<Kpis> {
  const w = incidentWhere({ unit: s.unit, from: s.from, to: s.to })
  const inc = await sql<Omit<Kpis, 'closure_rate' | 'on_time_rate' | 'cameras' | 'cameras_online' | 'camera_online_rate' | 'households' | 'grids'>>`
    select count(*)::int as incidents,
      count(*) filter (where i.reported_at >= date_trunc('day', now() + interval '8 hours') - interval '8 hours')::int as today,
      count(*) filter (where not ${CLOSED})::int as open,
      count(*) filter (where not ${CLOSED} and i.deadline < now())::int as overdue,
      count(*) filter (where i.deadline <= now() or ${CLOSED})::int as due,
      count(*) filter (where ${CLOSED})::int as closed,
      count(*) filter (where ${CLOSED} and i.closed_at <= i.deadline)::int as closed_on_time,
      count(*) filter (where i.status = 'deferred')::int as deferred
    from incident i where ${w}`.execute(db)
  const like = s.unit.length === 15 ? s.unit : `${s.unit}%`
  const base = await sql<{ cameras: number; online: number; households: number; grids: number }>`
    select (select count(*)::int from camera where ${s.unit.length === 15 ? sql`grid_code = ${like}` : sql`civil_code like ${like}`}) as cameras,
      (select count(*)::int from camera where status = 'ON' and ${s.unit.length === 15 ? sql`grid_code = ${like}` : sql`civil_code like ${like}`}) as online,
      (select coalesce(sum(households), 0)::int from grid where code like ${like}) as households,
      (select count(*)::int from grid where code like ${like}) as grids`.execute(db)
  const k = inc.rows[0]!
  const b = base.rows[0]!
  const denominator = k.due - k.deferred
  return {
    ...k,
    closure_rate: denominator > 0 ? k.closed / denominator : null,
    on_time_rate: denominator > 0 ? k.closed_on_time / denominator : null,
    cameras: b.cameras,
    cameras_online: b.online,
    camera_online_rate: b.cameras > 0 ? b.online / b.cameras : null,
    households: b.households,
    grids: b.grids,
  }
}

/** Incidents per top-level category in the window, largest first. */
export async function categoryMix(db: Kysely<Database>, s: StatsScope): Promise<{ code: string; name: string; count: number }[]> {
  const r = await sql<{ code: string; name: string; count: number }>`
    select p.code, p.name, count(*)::int as count
    from incident i join incident_category c on c.code = i.category_code join incident_category p on p.code = c.parent_code
    where ${incidentWhere({ unit: s.unit, from: s.from, to: s.to })}
    group by p.code, p.name order by count desc, p.code`.execute(db)
  return r.rows
}

/** Reported and closed per Beijing day over the window, and never fewer than the last `minDays` days of it. */
export async function dailyTrend(db: Kysely<Database>, scope: StatsScope, minDays = 30): Promise<{ day: string; reported: number; closed: number }[]> {
  const s = { ...scope, from: new Date(Math.min(scope.from.getTime(), scope.to.getTime() - minDays * 86_400_000)) }
  const r = await sql<{ day: string; reported: number; closed: number }>`
    with days as (
      select to_char(d, 'YYYY-MM-DD') as day from generate_series(
        date_trunc('day', ${s.from}::timestamptz + interval '8 hours'),
        date_trunc('day', ${s.to}::timestamptz + interval '8 hours' - interval '1 second'), interval '1 day') d
    ),
    rep as (
      select to_char(i.reported_at + interval '8 hours', 'YYYY-MM-DD') as day, count(*)::int as n
      from incident i where ${incidentWhere({ unit: s.unit, from: s.from, to: s.to })} group by 1
    ),
    clo as (
      select to_char(i.closed_at + interval '8 hours', 'YYYY-MM-DD') as day, count(*)::int as n
      from incident i where ${incidentWhere({ unit: s.unit })} and i.closed_at >= ${s.from} and i.closed_at < ${s.to} group by 1
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
export async function ranking(db: Kysely<Database>, s: StatsScope): Promise<RankingRow[]> {
  const child = childLevel(s.unit)
  if (!child) return []
  const children = child.level === 'grid'
    ? sql`select code, name, households from grid where village_code = ${s.unit}`
    : sql`select code, name, households from admin_unit where parent_code = ${s.unit}`
  const r = await sql<RankingRow>`
    select c.code, c.name, coalesce(x.n, 0) as incidents, coalesce(c.households, 0)::int as households,
      case when c.households > 0 then round(coalesce(x.n, 0) * 1000.0 / c.households, 2)::float8 end as per_1000_households,
      coalesce(x.overdue, 0) as overdue,
      case when x.due - x.deferred > 0 then (x.on_time::float8 / (x.due - x.deferred)) end as on_time_rate
    from (${children}) c
    left join (
      select i.${sql.ref(child.column)} as code, count(*)::int as n,
        count(*) filter (where not ${CLOSED} and i.deadline < now())::int as overdue,
        count(*) filter (where i.deadline <= now() or ${CLOSED})::int as due,
        count(*) filter (where ${CLOSED} and i.closed_at <= i.deadline)::int as on_time,
        count(*) filter (where i.status = 'deferred')::int as deferred
      from incident i where ${incidentWhere({ unit: s.unit, from: s.from, to: s.to })} group by 1
    ) x on x.code = c.code
    order by per_1000_households desc nulls last, incidents desc, c.code`.execute(db)
  return r.rows
}

/** How many of the window's cases reached each step of the workflow. */
export async function funnel(db: Kysely<Database>, s: StatsScope): Promise<{ step: string; count: number }[]> {
  const r = await sql<{ reported: number; accepted: number; dispatched: number; fed_back: number; closed: number }>`
    select count(*)::int as reported, count(i.accepted_at)::int as accepted, count(i.dispatched_at)::int as dispatched,
      count(i.fed_back_at)::int as fed_back, count(*) filter (where ${CLOSED})::int as closed
    from incident i where ${incidentWhere({ unit: s.unit, from: s.from, to: s.to })}`.execute(db)
  const row = r.rows[0]!
  return (['reported', 'accepted', 'dispatched', 'fed_back', 'closed'] as const).map((step) => ({ step, count: row[step] }))
}
