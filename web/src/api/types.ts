import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson'

export interface UnitProps {
  code: string
  name: string
  level: 'district' | 'town' | 'village'
  kind: string
  parent_code: string | null
  population: number | null
  households: number | null
  area_km2: number | null
  label: [number, number]
}
export type UnitFeature = Feature<Polygon | MultiPolygon, UnitProps>
export type UnitCollection = FeatureCollection<Polygon | MultiPolygon, UnitProps>

export interface Health {
  status: string
  database: { mode: 'embedded' | 'server'; postgis: string; mvt: string }
  counts: Record<'towns' | 'villages' | 'grids' | 'households' | 'cameras' | 'incidents', number>
}
