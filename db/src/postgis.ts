import type { BBox } from '@gridsight/contract'
import { type RawBuilder, sql } from 'kysely'

/**
 * The PostGIS helpers GridSight uses. Queries call these rather than spelling ST_* functions, so a
 * difference between the embedded build and the real server is handled here.
 */


/** A polygonal geometry made valid, as a MultiPolygon: what every unit and grid column stores. */
export function unitGeometry(geom: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`ST_Multi(ST_CollectionExtract(ST_MakeValid(${geom}), 3))`
}

export function envelope(b: BBox): RawBuilder<string> {
  return sql<string>`ST_MakeEnvelope(${b.west}::float8, ${b.south}::float8, ${b.east}::float8, ${b.north}::float8, 4326)`
}

export function point(lon: number, lat: number): RawBuilder<string> {
  return sql<string>`ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326)`
}

/** Web-mercator tile z/x/y as a WGS-84 polygon, for index-assisted && filters. */
export function tileEnvelope4326(z: number, x: number, y: number, marginRatio = 0): RawBuilder<string> {
  return sql<string>`ST_Transform(ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int, margin => ${marginRatio}::float8), 4326)`
}

/** Degrees that one pixel of a 256-px tile spans at zoom z (at the equator): a simplification tolerance. */
export function degreesPerPixel(z: number): number {
  return 360 / (256 * 2 ** z)
}

/** Simplified geometry for display at zoom z, never collapsed to nothing. */
export function simplifiedForZoom(column: RawBuilder<unknown>, z: number): RawBuilder<string> {
  return sql<string>`ST_SimplifyPreserveTopology(${column}, ${degreesPerPixel(z) * 0.5}::float8)`
}

/** A geometry as a GeoJSON geometry (json), coordinates to `digits` decimals (6: ~0.1 m). */
export function asGeoJson(geom: RawBuilder<unknown>, digits = 6): RawBuilder<unknown> {
  return sql`ST_AsGeoJSON(${geom}, ${digits}::int)::json`
}

/** A point's [lon, lat] as a json array, to 6 decimals. */
export function lonLat(geom: RawBuilder<unknown>): RawBuilder<[number, number]> {
  return sql<[number, number]>`json_build_array(round(ST_X(${geom})::numeric, 6), round(ST_Y(${geom})::numeric, 6))`
}

/** A point inside a polygon (for a label), as [lon, lat]. */
export const labelLonLat = (geom: RawBuilder<unknown>) => lonLat(sql`ST_PointOnSurface(${geom})`)

/** A geometry's extent as a json array [west, south, east, north]. */
export function bboxOf(geom: RawBuilder<unknown>): RawBuilder<[number, number, number, number]> {
  return sql<[number, number, number, number]>`json_build_array(ST_XMin(${geom}), ST_YMin(${geom}), ST_XMax(${geom}), ST_YMax(${geom}))`
}

/** Distance in whole metres on the spheroid. */
export function metresBetween(a: RawBuilder<unknown>, b: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`round(ST_Distance(${a}::geography, ${b}::geography))::int`
}

/** Whether two geometries lie within `metres` of each other on the spheroid (index-assisted on geography). */
export function withinMetres(a: RawBuilder<unknown>, b: RawBuilder<unknown>, metres: number): RawBuilder<boolean> {
  return sql<boolean>`ST_DWithin(${a}::geography, ${b}::geography, ${metres}::float8)`
}
