import { type Kysely, sql } from 'kysely'
import type { Database, IncidentStatus } from '../schema.js'

export interface IncidentFilter {
  /** A district, town, village (admin code) or grid (15 digits) code. */
  unit?: string
  from?: Date
  to?: Date
  status?: IncidentStatus[]
  /** A top-level or leaf category code. */
  category?: string
  overdue?: boolean
  page: number
  pageSize: number
}

export interface IncidentRow {
  id: number
  title: string
  category_code: string
  category_name: string
  source: string
  status: IncidentStatus
  priority: number
  people_involved: number
  lon: number
  lat: number
  grid_code: string | null
  village_code: string | null
  town_code: string | null
  department_code: string | null
  reported_at: Date
  closed_at: Date | null
  deadline: Date | null
  overdue: boolean
  supervision: string
}

function where(f: IncidentFilter) {
  const unit = f.unit ?? null
  const unitClause = unit === null ? sql`true`
    : unit.length === 15 ? sql`i.grid_code = ${unit}`
    : unit.length === 12 ? sql`i.village_code = ${unit}`
    : unit.length === 9 ? sql`i.town_code = ${unit}`
    : sql`i.town_code like ${unit + '%'}`
  return sql`${unitClause}
    and (${f.from ?? null}::timestamptz is null or i.reported_at >= ${f.from ?? null})
    and (${f.to ?? null}::timestamptz is null or i.reported_at < ${f.to ?? null})
    and (${f.status?.length ? 1 : 0}::int = 0 or i.status = any(${f.status ?? []}::text[]))
    and (${f.category ?? null}::text is null or i.category_code = ${f.category ?? null} or i.category_code like ${(f.category ?? '') + '.%'})
    and (${f.overdue === undefined ? null : f.overdue}::boolean is null
      or (i.deadline < coalesce(i.closed_at, now())) = ${f.overdue ?? false})`
}

/** A page of incidents, newest first, with the total matching the filter. */
export async function listIncidents(db: Kysely<Database>, f: IncidentFilter): Promise<{ items: IncidentRow[]; total: number }> {
  const total = await sql<{ n: number }>`select count(*)::int as n from incident i where ${where(f)}`.execute(db)
  const items = await sql<IncidentRow>`
    select i.id::int as id, i.title, i.category_code, c.name as category_name, i.source, i.status, i.priority, i.people_involved,
      ST_X(i.geom) as lon, ST_Y(i.geom) as lat, i.grid_code, i.village_code, i.town_code, i.department_code,
      i.reported_at, i.closed_at, i.deadline, coalesce(i.deadline < coalesce(i.closed_at, now()), false) as overdue, i.supervision
    from incident i join incident_category c on c.code = i.category_code
    where ${where(f)}
    order by i.reported_at desc, i.id desc
    limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`.execute(db)
  return { items: items.rows, total: total.rows[0]!.n }
}
