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

export type Severity = 'blue' | 'yellow' | 'orange' | 'red'

/** An alert as lists and the live stream carry it (no personal data). */
export interface AlertSummary {
  id: number; rule_code: string; rule_name: string; severity: Severity; status: 'raised' | 'acknowledged' | 'closed'
  title: string; detail: string; category_code: string | null; unit_code: string | null; unit_name: string | null
  lon: number; lat: number; area: boolean; incident_count: number; device_count: number
  raised_at: string; last_evidence_at: string; acknowledged_at: string | null; acknowledged_by: string | null
  closed_at: string | null; closed_by: string | null; close_note: string | null; case_incident_id: number | null; version: number
}

export interface AlertDetail {
  alert: AlertSummary & { geometry: import('geojson').Geometry; device_ids: string[] }
  incidents: Array<{ id: number; title: string; category_code: string; status: string; priority: number; lon: number; lat: number; reported_at: string; overdue: boolean }>
  devices: Array<{ id: string; kind: string; name: string; status: string; lon: number; lat: number }>
  log: Array<{ action: string; actor: string; note: string | null; at: string }>
}
