import { type Kysely, sql } from 'kysely'
import { type BBox, envelope } from '../postgis.js'
import type { Database, PlaceKind } from '../schema.js'

export const MAX_POINT_FEATURES = 10000

/** Cameras crossing a bbox (all when none) as GeoJSON FeatureCollection text, capped. */
export async function camerasGeoJson(db: Kysely<Database>, filter: { bbox?: BBox; status?: 'ON' | 'OFF'; unit?: string }): Promise<string> {
  const r = await sql<{ fc: string }>`
    select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
      'type', 'Feature', 'id', id, 'geometry', ST_AsGeoJSON(geom, 6)::json,
      'properties', json_build_object('id', id, 'name', name, 'device_type', device_type, 'ptz_type', ptz_type,
        'position_type', position_type, 'use', use, 'status', status, 'direction', direction, 'civil_code', civil_code,
        'grid_code', grid_code, 'stream_flv', stream_flv, 'stream_hls', stream_hls)) order by id), '[]'::json))::text as fc
    from (select * from camera
      where (${filter.bbox ? 1 : 0}::int = 0 or geom && ${filter.bbox ? envelope(filter.bbox) : sql`null::geometry`})
        and (${filter.status ?? null}::text is null or status = ${filter.status ?? null})
        and (${filter.unit ?? null}::text is null or civil_code like ${(filter.unit ?? '') + '%'})
      order by id limit ${MAX_POINT_FEATURES}) c`.execute(db)
  return r.rows[0]!.fc
}

export async function placesGeoJson(db: Kysely<Database>, filter: { bbox?: BBox; kind?: PlaceKind; unit?: string }): Promise<string> {
  const r = await sql<{ fc: string }>`
    select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
      'type', 'Feature', 'id', id, 'geometry', ST_AsGeoJSON(geom, 6)::json,
      'properties', json_build_object('id', id, 'kind', kind, 'name', name, 'unit_code', unit_code)) order by id), '[]'::json))::text as fc
    from (select * from place
      where (${filter.bbox ? 1 : 0}::int = 0 or geom && ${filter.bbox ? envelope(filter.bbox) : sql`null::geometry`})
        and (${filter.kind ?? null}::text is null or kind = ${filter.kind ?? null})
        and (${filter.unit ?? null}::text is null or unit_code like ${(filter.unit ?? '') + '%'})
      order by id limit ${MAX_POINT_FEATURES}) p`.execute(db)
  return r.rows[0]!.fc
}
