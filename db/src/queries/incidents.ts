import { allocateColumns, type Columns, INCIDENT_POINTS_LAYOUT, type IncidentStatus, type Supervision } from '@gridsight/contract'
import { type Kysely, sql } from 'kysely'
import { caseStanding, statusClassSql } from '../case-states.js'
import { packRows, unpackRows } from '../packed.js'
import type { Database } from '../schema.js'
import { sensitiveCategorySql } from './privacy.js'
import type { Scope } from './units.js'

export interface IncidentFilter {
  /** A district, town, village or grid, as resolved (units.resolveScope); none: every case. */
  scope?: Scope
  from?: Date
  to?: Date
  status?: IncidentStatus[]
  /** A top-level or leaf category code. */
  category?: string
  /** true: only cases overdue now (超期未结); false: none of them. */
  overdue?: boolean
  /** Cases dispatched to this department. */
  department?: string
  /** Leave out the sensitive categories (the screens and the public: counted per unit, never placed or listed). */
  exceptSensitive?: boolean
}

export interface Page { page: number; pageSize: number }

/** Rows per statement of incidentPoints: each statement holds the embedded database's one connection for a short time. */
export const POINTS_CHUNK = 2000

/**
 * Incidents of a filter as typed columns for the map (no text, no personal data), newest first, at most `limit`.
 * Read in statements of POINTS_CHUNK rows (keyset on reported_at, id), each as one packed text (packed.ts), so a year
 * of points does not hold the embedded database's one thread for seconds: writes and health get in between (lanes.ts).
 */
export async function incidentPoints(db: Kysely<Database>, f: IncidentFilter, limit = 250_000): Promise<Columns<typeof INCIDENT_POINTS_LAYOUT>> {
  const chunks: Float64Array[] = []
  let n = 0
  // The keyset's reported_at travels as text: a JS Date would drop its microseconds and the keyset would skip rows.
  let after: { at: string; id: number } | undefined
  while (n < limit) {
    const take = Math.min(POINTS_CHUNK, limit - n)
    const r = await sql<{ n: number; rows: string | null; last_at: string | null; last_id: number | null }>`
      with q as (
        select i.id::int as id, ST_X(i.geom) as lon, ST_Y(i.geom) as lat, ${statusClassSql('i')} as c, i.priority as p, i.reported_at as at
        from incident i where ${incidentWhere(f)}
          ${after ? sql`and (i.reported_at, i.id) < (${after.at}::timestamptz, ${after.id}::bigint)` : sql``}
        order by i.reported_at desc, i.id desc limit ${take})
      select count(*)::int as n, ${packRows([sql`id`, sql`lon`, sql`lat`, sql`c`, sql`p`], sql`at desc, id desc`)} as rows,
        (select at::text from q order by at, id limit 1) as last_at, (select id from q order by at, id limit 1) as last_id
      from q`.execute(db)
    const chunk = r.rows[0]!
    chunks.push(unpackRows(chunk.rows))
    n += chunk.n
    if (chunk.n < take) break
    after = { at: chunk.last_at!, id: chunk.last_id! }
  }
  const out = allocateColumns(INCIDENT_POINTS_LAYOUT, n)
  let k = 0
  for (const c of chunks) {
    for (let j = 0; j < c.length; j += 5, k++) {
      out.id[k] = c[j]!
      out.lon[k] = c[j + 1]!
      out.lat[k] = c[j + 2]!
      out.statusClass[k] = c[j + 3]!
      out.priority[k] = c[j + 4]!
    }
  }
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
  /** 超期未结 (the contract's definition). */
  overdue: boolean
  supervision: Supervision
  /** Filed by the demo actor (the desks tag it 演示). */
  simulated: boolean
}

/** The incident column that holds a scope's code. */
export const SCOPE_COLUMN = { district: 'district_code', town: 'town_code', village: 'village_code', grid: 'grid_code' } as const

/** The WHERE clause of an incident filter on alias i (scope, window, status, category, overdue, department). */
export function incidentWhere(f: IncidentFilter) {
  const unitClause = f.scope ? sql`${sql.ref(`i.${SCOPE_COLUMN[f.scope.level]}`)} = ${f.scope.code}` : sql`true`
  return sql`${unitClause}
    and (${f.from ?? null}::timestamptz is null or i.reported_at >= ${f.from ?? null})
    and (${f.to ?? null}::timestamptz is null or i.reported_at < ${f.to ?? null})
    and (${f.status?.length ? 1 : 0}::int = 0 or i.status = any(${f.status ?? []}::text[]))
    and (${f.category ?? null}::text is null or i.category_code = ${f.category ?? null} or i.category_code like ${(f.category ?? '') + '.%'})
    and (${f.department ?? null}::text is null or i.department_code = ${f.department ?? null})
    and (${f.overdue === undefined ? null : f.overdue}::boolean is null or ${caseStanding('i').overdue()} = ${f.overdue ?? false})
    ${f.exceptSensitive ? sql`and not ${sensitiveCategorySql('i')}` : sql``}`
}

/** A page of incidents, newest first, with the total matching the filter. */
export async function listIncidents(db: Kysely<Database>, f: IncidentFilter & Page): Promise<{ items: IncidentRow[]; total: number }> {
  const total = await sql<{ n: number }>`select count(*)::int as n from incident i where ${incidentWhere(f)}`.execute(db)
  const items = await sql<IncidentRow>`
    select i.id::int as id, i.title, i.category_code, c.name as category_name, i.source, i.status, i.priority, i.people_involved,
      ST_X(i.geom) as lon, ST_Y(i.geom) as lat, i.grid_code, i.village_code, i.town_code, i.department_code,
      i.reported_at, i.closed_at, i.deadline, ${caseStanding('i').overdue()} as overdue, i.supervision, i.simulated
    from incident i join incident_category c on c.code = i.category_code
    where ${incidentWhere(f)}
    order by i.reported_at desc, i.id desc
    limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`.execute(db)
  return { items: items.rows, total: total.rows[0]!.n }
}
