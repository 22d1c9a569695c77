import type { TileLayer } from '@gridsight/contract'
import { type Kysely, type RawBuilder, sql } from 'kysely'
import { degreesPerPixel, simplifiedForZoom, tileEnvelope4326 } from '../postgis.js'
import type { Feature } from 'geojson'
import { cachedStatic } from '../static-cache.js'
import type { Database } from '../schema.js'

/** Vector-tile layers: the same names and properties whichever engine encodes them. */

/** Below this zoom household tiles carry cells with a count; from it on, one point per household. */
export const HOUSEHOLD_POINT_MIN_ZOOM = 14
export const TILE_EXTENT = 4096
export const TILE_BUFFER = 64

/** Who the tile is for: only the desks get one point per household (README "Who sees what"); others get cells at every zoom. */
export interface TileAudience { householdPoints: boolean }
const DESK: TileAudience = { householdPoints: true }

/** Whether a households tile carries one point per household. */
export const householdPointsAt = (z: number, a: TileAudience) => a.householdPoints && z >= HOUSEHOLD_POINT_MIN_ZOOM

/** Rows of one layer for one tile: properties plus a WGS-84 geometry column named geom. */
function layerSource(layer: TileLayer, z: number, x: number, y: number, a: TileAudience): RawBuilder<unknown> {
  const bounds = tileEnvelope4326(z, x, y, TILE_BUFFER / TILE_EXTENT)
  switch (layer) {
    case 'towns':
    case 'villages':
      return sql`select code, name, households, population, ${simplifiedForZoom(sql`geom`, z)} as geom
        from admin_unit where level = ${layer === 'towns' ? 'town' : 'village'} and geom && ${bounds}`
    case 'grids':
      return sql`select code, name, village_code, households, population, ${simplifiedForZoom(sql`geom`, z)} as geom
        from grid where geom && ${bounds}`
    case 'households':
      if (householdPointsAt(z, a)) return sql`select id::int as id, size, geom from household where geom && ${bounds}`
      // About one cell per 8 pixels, summed from the ~100 m household_cell rows: the tile stays small
      // and cheap at any zoom.
      return sql`select sum(households)::int as count, sum(population)::int as population,
          ST_SetSRID(ST_MakePoint(sum(ST_X(geom) * households) / sum(households), sum(ST_Y(geom) * households) / sum(households)), 4326) as geom
        from household_cell where geom && ${bounds}
        group by floor(ST_X(geom) / ${degreesPerPixel(z) * 8}::float8), floor(ST_Y(geom) / ${degreesPerPixel(z) * 8}::float8)`
  }
}

/** The tile encoded by PostGIS itself (real server). */
export async function tileMvt(db: Kysely<Database>, layer: TileLayer, z: number, x: number, y: number, a: TileAudience = DESK): Promise<Uint8Array> {
  const cols = sql.raw(propertyColumns(layer, z, a).map((c) => `s.${c}, `).join(''))
  const r = await sql<{ mvt: Uint8Array }>`
    select ST_AsMVT(q.*, ${layer}, ${TILE_EXTENT}::int, 'geom') as mvt from (
      select ${cols}ST_AsMVTGeom(ST_Transform(s.geom, 3857), ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int),
        ${TILE_EXTENT}::int, ${TILE_BUFFER}::int, true) as geom
      from (${layerSource(layer, z, x, y, a)}) s
    ) q where q.geom is not null`.execute(db)
  return r.rows[0]?.mvt ?? new Uint8Array()
}

/** The tile's features as GeoJSON (WGS-84), for encoding in JS where ST_AsMVT is missing (embedded). */
export async function tileFeatures(db: Kysely<Database>, layer: TileLayer, z: number, x: number, y: number, a: TileAudience = DESK): Promise<Feature[]> {
  const cols = propertyColumns(layer, z, a)
  const r = await sql<{ g: string } & Record<string, unknown>>`
    select ${sql.raw(cols.map((c) => `${c}, `).join(''))}ST_AsGeoJSON(geom, 7) as g from (${layerSource(layer, z, x, y, a)}) s`.execute(db)
  return r.rows.map((row) => ({
    type: 'Feature',
    geometry: JSON.parse(row.g),
    properties: Object.fromEntries(cols.map((c) => [c, row[c]])),
  }))
}

export function propertyColumns(layer: TileLayer, z: number, a: TileAudience = DESK): string[] {
  switch (layer) {
    case 'towns':
    case 'villages':
      return ['code', 'name', 'households', 'population']
    case 'grids':
      return ['code', 'name', 'village_code', 'households', 'population']
    case 'households':
      return householdPointsAt(z, a) ? ['id', 'size'] : ['count', 'population']
  }
}

/**
 * A tile for an audience as built by `build` (ST_AsMVT, or geojson-vt where it is missing), kept until the static data
 * change: the layers are boundaries and households, which change only on import.
 */
export function cachedTile(db: Kysely<Database>, layer: TileLayer, z: number, x: number, y: number, a: TileAudience, build: () => Promise<Uint8Array>): Promise<Uint8Array> {
  const points = layer === 'households' && householdPointsAt(z, a) ? ':points' : ''
  return cachedStatic(db, `tile:${layer}/${z}/${x}/${y}${points}`, build, (b) => b.byteLength + 64)
}

/** Rebuilds the household cells after households change (generation, import); what was built from them is rebuilt. */
export async function refreshHouseholdCells(db: Kysely<Database>): Promise<void> {
  await sql`refresh materialized view household_cell`.execute(db)
  await sql`update static_version set n = n + 1`.execute(db)
}
