import { type Kysely, sql } from 'kysely'
import type { BBox } from '@gridsight/contract'
import { asGeoJson, envelope, labelLonLat, simplifiedForZoom } from '../postgis.js'
import { cachedStatic } from '../static-cache.js'
import type { Database } from '../schema.js'
import type { GeoJsonText, GridCollection } from '../geojson.js'

export const MAX_GRID_FEATURES = 5000

/** Grids of one village, or those crossing a bbox, as GeoJSON FeatureCollection text. Cached until an import. */
export function gridsGeoJson(db: Kysely<Database>, filter: { village?: string; bbox?: BBox; z?: number }): Promise<GeoJsonText<GridCollection>> {
  const key = `grids:${filter.village ?? ''}:${filter.bbox ? Object.values(filter.bbox).join(',') : ''}:${filter.z ?? ''}`
  return cachedStatic(db, key, () => buildGridsGeoJson(db, filter), (text) => text.length)
}

async function buildGridsGeoJson(db: Kysely<Database>, filter: { village?: string; bbox?: BBox; z?: number }): Promise<GeoJsonText<GridCollection>> {
  const geom = filter.z === undefined ? sql`geom` : simplifiedForZoom(sql`geom`, filter.z)
  const r = await sql<{ fc: string }>`
    select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
      'type', 'Feature', 'id', code, 'geometry', ${asGeoJson(geom)},
      'properties', json_build_object('code', code, 'name', name, 'village_code', village_code, 'kind', kind,
        'households', households, 'population', population,
        'label', ${labelLonLat(sql`geom`)})) order by code), '[]'::json))::text as fc
    from (select * from grid
      where (${filter.village ?? null}::text is null or village_code = ${filter.village ?? null})
        and (${filter.bbox ? 1 : 0}::int = 0 or geom && ${filter.bbox ? envelope(filter.bbox) : sql`null::geometry`})
      order by code limit ${MAX_GRID_FEATURES}) g`.execute(db)
  return r.rows[0]!.fc
}
