import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson'
import type { CameraStatus, PlaceKind, SensorKind, SensorState, UnitLevel } from '@gridsight/contract'

/**
 * GeoJSON built in PostGIS travels as text (never parsed and re-serialised on the way out); the text carries the
 * type of the document it holds, so the API's answer and the web app's typed client know its shape.
 */
export type GeoJsonText<T> = string & { readonly __geojson?: T }

export interface UnitProps {
  code: string; name: string; level: UnitLevel; kind: string; parent_code: string | null
  population: number | null; households: number | null; area_km2: number | null; label: [number, number]
}
export interface GridProps { code: string; name: string; village_code: string; kind: string; households: number; population: number; label: [number, number] }
export interface CameraProps {
  id: string; name: string; device_type: string; ptz_type: number; position_type: number; use: number; status: CameraStatus
  direction: number; civil_code: string; grid_code: string | null; stream_flv: string | null; stream_hls: string | null
}
export interface PlaceProps { id: number; kind: PlaceKind; name: string; unit_code: string }
export interface SensorProps { id: string; kind: SensorKind; name: string; state: SensorState }

/** What units and grids share on the map: an area with a code, a name, its households and a label point. */
export type AreaProps = Pick<UnitProps, 'code' | 'name' | 'households' | 'population' | 'label'>
export type AreaCollection = FeatureCollection<Polygon | MultiPolygon, AreaProps>
export type AreaFeature = Feature<Polygon | MultiPolygon, AreaProps>

export type UnitCollection = FeatureCollection<Polygon | MultiPolygon, UnitProps>
export type GridCollection = FeatureCollection<Polygon | MultiPolygon, GridProps>
export type CameraCollection = FeatureCollection<Point, CameraProps>
export type PlaceCollection = FeatureCollection<Point, PlaceProps>
export type SensorCollection = FeatureCollection<Point, SensorProps>
