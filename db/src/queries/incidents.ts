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
  /** Cases dispatched to this department. */
  department?: string
  page: number
  pageSize: number
}

/** Status classes the map colours by. */
export const STATUS_CLASS = { open: 0, overdue: 1, closed: 2 } as const

export interface IncidentPoints { id: Uint32Array; lon: Float32Array; lat: Float32Array; statusClass: Uint8Array; priority: Uint8Array }

/** Incidents of a filter as typed columns for the map (no text, no personal data). */
export async function incidentPoints(db: Kysely<Database>, f: Omit<IncidentFilter, 'page' | 'pageSize'>, limit = 250_000): Promise<IncidentPoints> {
  const r = await sql<{ id: number; lon: number; lat: number; c: number; p: number }>`
    select i.id::int as id, ST_X(i.geom) as lon, ST_Y(i.geom) as lat,
      case when i.status in ('closed', 'evaluated') then 2 when i.deadline < now() then 1 else 0 end as c, i.priority as p
    from incident i where ${incidentWhere(f)} order by i.reported_at desc limit ${limit}`.execute(db)
  const n = r.rows.length
  const out: IncidentPoints = { id: new Uint32Array(n), lon: new Float32Array(n), lat: new Float32Array(n), statusClass: new Uint8Array(n), priority: new Uint8Array(n) }
  r.rows.forEach((row, k) => {
    out.id[k] = row.id
    out.lon[k] = row.lon
    out.lat[k] = row.lat
    out.statusClass[k] = row.c
    out.priority[k] = row.p
  })
  return out
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

/** The WHERE clause of an incident filter on alias i (unit, window, status, category, overdue). */
export function incidentWhere(f: Omit<IncidentFilter, 'page' | 'pageSize'>) {
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
    and (${f.department ?? null}::text is null or i.department_code = ${f.department ?? null})
    and (${f.overdue === undefined ? null : f.overdue}::boolean is null
      or (i.deadline < coalesce(i.closed_at, now())) = ${f.overdue ?? false})`
}

/** A page of incidents, newest first, with the total matching the filter. */
export async function listIncidents(db: Kysely<Database>, f: IncidentFilter): Promise<{ items: IncidentRow[]; total: number }> {
  const total = await sql<{ n: number }>`select count(*)::int as n from incident i where ${incidentWhere(f)}`.execute(db)
  const items = await sql<IncidentRow>`
    select i.id::int as id, i.title, i.category_code, c.name as category_name, i.source, i.status, i.priority, i.people_involved,
      ST_X(i.geom) as lon, ST_Y(i.geom) as lat, i.grid_code, i.village_code, i.town_code, i.department_code,
      i.reported_at, i.closed_at, i.deadline, coalesce(i.deadline < coalesce(i.closed_at, now()), false) as overdue, i.supervision
    from incident i join incident_category c on c.code = i.category_code
    where ${incidentWhere(f)}
    order by i.reported_at desc, i.id desc
    limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`.execute(db)
  return { items: items.rows, total: total.rows[0]!.n }
}
