import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'

/** Geometry columns travel as EWKB hex from the driver; queries convert with the helpers in postgis.ts. */
export type Geometry = ColumnType<string, string, string>
type Timestamp = ColumnType<Date, Date | string, Date | string>

export const UNIT_LEVELS = ['district', 'town', 'village'] as const
export type UnitLevel = (typeof UNIT_LEVELS)[number]

export interface AdminUnitTable {
  code: string
  level: UnitLevel
  parent_code: string | null
  name: string
  full_name: string
  kind: string
  population: number | null
  households: number | null
  area_km2: number | null
  geom: Geometry
  label_point: Geometry
}

export interface GridTable {
  code: string
  village_code: string
  name: string
  kind: 'comprehensive' | 'dedicated'
  households: number
  population: number
  geom: Geometry
}

export interface HouseholdTable {
  id: Generated<number>
  grid_code: string
  size: number
  geom: Geometry
}

export const PLACE_KINDS = [
  'school', 'hospital', 'market', 'enterprise', 'mediation', 'police', 'government', 'scenic', 'elderly_care', 'other',
] as const
export type PlaceKind = (typeof PLACE_KINDS)[number]

export interface PlaceTable {
  id: Generated<number>
  kind: PlaceKind
  name: string
  unit_code: string
  address: string | null
  geom: Geometry
}

export const CAMERA_STATUSES = ['ON', 'OFF'] as const
export interface CameraTable {
  /** 20-digit GB/T 28181 device id. */
  id: string
  name: string
  device_type: string
  ptz_type: number
  position_type: number
  indoor: boolean
  use: number
  status: (typeof CAMERA_STATUSES)[number]
  direction: number
  civil_code: string
  grid_code: string | null
  stream_flv: string | null
  stream_hls: string | null
  geom: Geometry
  updated_at: Generated<Timestamp>
}

export interface DepartmentTable {
  code: string
  name: string
  kind: string
  unit_code: string | null
}

export interface IncidentCategoryTable {
  code: string
  parent_code: string | null
  name: string
  department_code: string | null
  deadline_hours: number | null
}

export const INCIDENT_SOURCES = ['grid_worker', 'hotline', 'citizen', 'camera', 'iot'] as const
export const INCIDENT_STATUSES = [
  'reported', 'accepted', 'dispatched', 'handling', 'fed_back', 'verified', 'closed', 'evaluated',
  'returned', 'deferred', 'parked',
] as const
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number]

export interface IncidentTable {
  id: Generated<number>
  client_id: string | null
  title: string
  description: string
  category_code: string
  source: (typeof INCIDENT_SOURCES)[number]
  status: IncidentStatus
  priority: number
  people_involved: number
  geom: Geometry
  grid_code: string | null
  village_code: string | null
  town_code: string | null
  department_code: string | null
  reported_at: Timestamp
  accepted_at: Timestamp | null
  dispatched_at: Timestamp | null
  fed_back_at: Timestamp | null
  closed_at: Timestamp | null
  deadline: Timestamp | null
  supervision: 'none' | 'normal' | 'yellow' | 'red'
  version: Generated<number>
  reporter_user_id: number | null
}

export interface IncidentLogTable {
  id: Generated<number>
  incident_id: number
  action: string
  from_status: IncidentStatus | null
  to_status: IncidentStatus | null
  actor: string
  organisation: string | null
  note: string | null
  at: Timestamp
}

export const ROLES = ['admin', 'leader', 'dispatcher', 'department', 'grid_worker', 'screen'] as const
export type Role = (typeof ROLES)[number]

export interface AppUserTable {
  id: Generated<number>
  username: string
  display_name: string
  role: Role
  department_code: string | null
  grid_code: string | null
  phone: string | null
  password_hash: string
  created_at: Generated<Timestamp>
}

export interface AppSessionTable {
  token_hash: string
  user_id: number
  expires_at: Timestamp
  created_at: Generated<Timestamp>
}

export interface LiveEventTable {
  id: Generated<number>
  type: 'incident.created' | 'incident.updated'
  incident_id: number
  payload: unknown
  at: Generated<Timestamp>
}

export interface Database {
  admin_unit: AdminUnitTable
  grid: GridTable
  household: HouseholdTable
  place: PlaceTable
  camera: CameraTable
  department: DepartmentTable
  incident_category: IncidentCategoryTable
  incident: IncidentTable
  incident_log: IncidentLogTable
  app_user: AppUserTable
  app_session: AppSessionTable
  live_event: LiveEventTable
}

export type AdminUnit = Selectable<AdminUnitTable>
export type NewAdminUnit = Insertable<AdminUnitTable>
export type Grid = Selectable<GridTable>
export type Incident = Selectable<IncidentTable>
export type NewIncident = Insertable<IncidentTable>
export type IncidentUpdate = Updateable<IncidentTable>
export type Camera = Selectable<CameraTable>
export type Place = Selectable<PlaceTable>

export type AppUser = Selectable<AppUserTable>
