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
  deadline_clock: Generated<'working' | 'natural'>
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
  merged_into: number | null
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

export const LIVE_EVENT_TYPES = ['incident.created', 'incident.updated', 'alert.raised', 'alert.updated'] as const
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number]

export interface LiveEventTable {
  id: Generated<number>
  type: LiveEventType
  incident_id: number | null
  alert_id: number | null
  payload: unknown
  at: Generated<Timestamp>
}

/** The national four-level warning colours, lowest first. */
export const SEVERITIES = ['blue', 'yellow', 'orange', 'red'] as const
export type Severity = (typeof SEVERITIES)[number]
export const ALERT_STATUSES = ['raised', 'acknowledged', 'closed'] as const
export type AlertStatus = (typeof ALERT_STATUSES)[number]
export const RULE_TRIGGERS = ['incident', 'schedule', 'sensor', 'camera'] as const

export interface AlertRuleTable {
  code: string
  name: string
  trigger: (typeof RULE_TRIGGERS)[number]
  enabled: boolean
  severity: Severity
  params: ColumnType<Record<string, number>, string, string>
  updated_at: Generated<Timestamp>
}

export interface AlertTable {
  id: Generated<number>
  rule_code: string
  dedupe_key: string
  severity: Severity
  status: Generated<AlertStatus>
  title: string
  detail: Generated<string>
  category_code: string | null
  geom: Geometry
  unit_code: string | null
  incident_ids: Generated<number[]>
  device_ids: Generated<string[]>
  raised_at: Timestamp
  last_evidence_at: Timestamp
  acknowledged_at: Timestamp | null
  acknowledged_by: string | null
  closed_at: Timestamp | null
  closed_by: string | null
  close_note: string | null
  case_incident_id: number | null
  version: Generated<number>
}

export interface AlertLogTable {
  id: Generated<number>
  alert_id: number
  action: 'raised' | 'updated' | 'escalated' | 'acknowledged' | 'closed' | 'case'
  actor: string
  note: string | null
  at: Timestamp
}

export const SENSOR_KINDS = ['smoke', 'gas', 'air', 'elderly_button'] as const
export type SensorKind = (typeof SENSOR_KINDS)[number]

export interface SensorTable {
  id: string
  kind: SensorKind
  name: string
  key_hash: string
  geom: Geometry
  village_code: string | null
  grid_code: string | null
  last_event_at: Timestamp | null
  state: Generated<'normal' | 'alarm'>
}

export interface SensorEventTable {
  id: Generated<number>
  sensor_id: string
  type: 'alarm' | 'clear' | 'heartbeat'
  value: number | null
  at: Timestamp
  received_at: Generated<Timestamp>
}

export interface AttachmentTable {
  id: Generated<number>
  incident_id: number
  log_id: number | null
  content_type: 'image/jpeg'
  width: number
  height: number
  original_bytes: number
  full_data: Buffer
  thumb_data: Buffer
  uploaded_by: number | null
  created_at: Generated<Timestamp>
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
  alert_rule: AlertRuleTable
  alert: AlertTable
  alert_log: AlertLogTable
  sensor: SensorTable
  sensor_event: SensorEventTable
  attachment: AttachmentTable
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
