import { type Kysely, sql } from 'kysely'
import { metresBetween, withinMetres } from '../postgis.js'
import type { Database } from '../schema.js'
import { type NearWorker, nearest, type UnitScope } from './workers.js'

export interface NearbyCamera { id: string; name: string; status: string; direction: number; metres: number; stream_flv: string | null; lon: number; lat: number }
export interface PossibleDuplicate { id: number; title: string; status: string; reported_at: Date; metres: number }
export interface GridWorker { id: number; display_name: string; grid_code: string; own_grid: boolean }

/**
 * What a dispatcher needs beside a case: cameras within `radius` metres (distance on the spheroid, nearest
 * first), the grid workers of its grid and the neighbouring grids, the workers on duty nearest to it (of the desk's
 * unit), and possible duplicates — the same category within 50 m and 24 h.
 */
export async function aroundIncident(db: Kysely<Database>, id: number, radius = 500, unit: UnitScope = null):
  Promise<{ cameras: NearbyCamera[]; workers: GridWorker[]; on_duty: NearWorker[]; duplicates: PossibleDuplicate[] } | null> {
  const at = await sql<{ lon: number; lat: number }>`select ST_X(geom) as lon, ST_Y(geom) as lat from incident where id = ${id}`.execute(db)
  if (!at.rows[0]) return null
  const cameras = await sql<NearbyCamera>`
    select c.id, c.name, c.status, c.direction, ${metresBetween(sql`c.geom`, sql`i.geom`)} as metres, c.stream_flv,
      ST_X(c.geom) as lon, ST_Y(c.geom) as lat
    from incident i join camera c on ${withinMetres(sql`c.geom`, sql`i.geom`, radius)}
    where i.id = ${id} order by metres, c.id limit 50`.execute(db)
  const workers = await sql<GridWorker>`
    select u.id, u.display_name, u.grid_code, u.grid_code = i.grid_code as own_grid
    from incident i join grid g on g.code = i.grid_code
    join grid n on n.code = g.code or ST_Touches(n.geom, g.geom)
    join app_user u on u.grid_code = n.code and u.role = 'grid_worker'
    where i.id = ${id} order by own_grid desc, u.display_name`.execute(db)
  const duplicates = await sql<PossibleDuplicate>`
    select o.id::int as id, o.title, o.status, o.reported_at, ${metresBetween(sql`o.geom`, sql`i.geom`)} as metres
    from incident i join incident o on o.id <> i.id and o.category_code = i.category_code and o.merged_into is null
      and o.reported_at between i.reported_at - interval '24 hours' and i.reported_at + interval '24 hours'
      and ${withinMetres(sql`o.geom`, sql`i.geom`, 50)}
    where i.id = ${id} order by metres, o.id limit 20`.execute(db)
  const onDuty = await nearest(db, at.rows[0].lon, at.rows[0].lat, unit, 5)
  return { cameras: cameras.rows, workers: workers.rows, on_duty: onDuty, duplicates: duplicates.rows }
}
