import { type Kysely, sql } from 'kysely'
import { allocateColumns, type BBox, type Columns, DENSITY_LAYOUT } from '@gridsight/contract'
import { envelope } from '../postgis.js'
import type { Database } from '../schema.js'

export type DensityCells = Columns<typeof DENSITY_LAYOUT>

/**
 * Households aggregated to square cells of `cell` degrees (each cell's centre — never its households' own places — and count):
 * what a heatmap needs, a small fraction of the points. Returned as typed columns.
 */
export async function householdDensity(db: Kysely<Database>, cell: number, bbox?: BBox): Promise<DensityCells> {
  const r = await sql<{ lon: number; lat: number; n: number }>`
    select (cx + 0.5) * ${cell}::float8 as lon, (cy + 0.5) * ${cell}::float8 as lat, n from (
      select floor(ST_X(geom) / ${cell}::float8) as cx, floor(ST_Y(geom) / ${cell}::float8) as cy, count(*)::int as n
      from household
      where (${bbox ? 1 : 0}::int = 0 or geom && ${bbox ? envelope(bbox) : sql`null::geometry`})
      group by 1, 2) cells`.execute(db)
  const n = r.rows.length
  const out = allocateColumns(DENSITY_LAYOUT, n)
  r.rows.forEach((row, i) => {
    out.lon[i] = row.lon
    out.lat[i] = row.lat
    out.count[i] = row.n
  })
  return out
}
