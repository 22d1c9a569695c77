import { type Kysely, sql } from 'kysely'
import { allocateColumns, type BBox, type Columns, DENSITY_LAYOUT } from '@gridsight/contract'
import { envelope } from '../postgis.js'
import type { Database } from '../schema.js'

export type DensityCells = Columns<typeof DENSITY_LAYOUT>

/**
 * Households aggregated to square cells of `cell` degrees (weighted centre and count per cell):
 * what a heatmap needs, a small fraction of the points. Returned as typed columns.
 */
export async function householdDensity(db: Kysely<Database>, cell: number, bbox?: BBox): Promise<DensityCells> {
  const r = await sql<{ lon: number; lat: number; n: number }>`
    select avg(ST_X(geom))::float8 as lon, avg(ST_Y(geom))::float8 as lat, count(*)::int as n
    from household
    where (${bbox ? 1 : 0}::int = 0 or geom && ${bbox ? envelope(bbox) : sql`null::geometry`})
    group by floor(ST_X(geom) / ${cell}::float8), floor(ST_Y(geom) / ${cell}::float8)`.execute(db)
  const n = r.rows.length
  const out = allocateColumns(DENSITY_LAYOUT, n)
  r.rows.forEach((row, i) => {
    out.lon[i] = row.lon
    out.lat[i] = row.lat
    out.count[i] = row.n
  })
  return out
}
