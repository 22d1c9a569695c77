import { type Kysely, sql } from 'kysely'
import type { BBox, CameraStatus, PlaceKind } from '@gridsight/contract'
import { asGeoJson, envelope } from '../postgis.js'
import * as live from './live.js'
import type { Database } from '../schema.js'
import type { CameraCollection, GeoJsonText, PlaceCollection } from '../geojson.js'

export const MAX_POINT_FEATURES = 10000

/** Cameras crossing a bbox (all when none) as GeoJSON FeatureCollection text, capped. */
export async function camerasGeoJson(db: Kysely<Database>, filter: { bbox?: BBox; status?: CameraStatus; unit?: string }, withStreams = true): Promise<GeoJsonText<CameraCollection>> {
  const r = await sql<{ fc: string }>`
    select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
      'type', 'Feature', 'id', id, 'geometry', ${asGeoJson(sql`geom`)},
      'properties', json_build_object('id', id, 'name', name, 'device_type', device_type, 'ptz_type', ptz_type,
        'position_type', position_type, 'use', use, 'status', status, 'direction', direction, 'civil_code', civil_code,
        'grid_code', grid_code, 'stream_flv', stream_flv, 'stream_hls', stream_hls)) order by id), '[]'::json))::text as fc
    from (select id, name, device_type, ptz_type, position_type, use, status, direction, civil_code, grid_code, geom,
        case when ${withStreams} then stream_flv end as stream_flv, case when ${withStreams} then stream_hls end as stream_hls from camera
      where (${filter.bbox ? 1 : 0}::int = 0 or geom && ${filter.bbox ? envelope(filter.bbox) : sql`null::geometry`})
        and (${filter.status ?? null}::text is null or status = ${filter.status ?? null})
        and (${filter.unit ?? null}::text is null or civil_code like ${(filter.unit ?? '') + '%'})
      order by id limit ${MAX_POINT_FEATURES}) c`.execute(db)
  return r.rows[0]!.fc
}

export async function placesGeoJson(db: Kysely<Database>, filter: { bbox?: BBox; kind?: PlaceKind; unit?: string }): Promise<GeoJsonText<PlaceCollection>> {
  const r = await sql<{ fc: string }>`
    select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
      'type', 'Feature', 'id', id, 'geometry', ${asGeoJson(sql`geom`)},
      'properties', json_build_object('id', id, 'kind', kind, 'name', name, 'unit_code', unit_code)) order by id), '[]'::json))::text as fc
    from (select * from place
      where (${filter.bbox ? 1 : 0}::int = 0 or geom && ${filter.bbox ? envelope(filter.bbox) : sql`null::geometry`})
        and (${filter.kind ?? null}::text is null or kind = ${filter.kind ?? null})
        and (${filter.unit ?? null}::text is null or unit_code like ${(filter.unit ?? '') + '%'})
      order by id limit ${MAX_POINT_FEATURES}) p`.execute(db)
  return r.rows[0]!.fc
}

/** A camera's status change as every screen and the early-warning runner receive it. */
export interface CameraUpdate { id: string; status: CameraStatus; town_code: string; lon: number; lat: number }

/** A camera's ON/OFF status as the video platform reports it, published live; undefined when no such camera exists. */
export async function setCameraStatus(db: Kysely<Database>, id: string, status: CameraStatus): Promise<CameraUpdate | undefined> {
  return db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('camera').set({ status, updated_at: sql`now()` }).where('id', '=', id).returning('id').executeTakeFirst()
    if (!r) return undefined
    // The civil code is the GB/T 2260 code of the camera's place; its first 9 digits are the town's.
    return live.publish<CameraUpdate>(trx, 'camera.updated', {}, sql`select json_build_object('id', c.id, 'status', c.status,
      'town_code', left(c.civil_code, 9), 'lon', ST_X(c.geom), 'lat', ST_Y(c.geom)) from camera c where c.id = ${id}`)
  })
}
