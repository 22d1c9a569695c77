import type { ColumnType, Generated } from 'kysely'
import type {
  AlertAction, AlertStatus, CameraStatus, CaseRequest, CommandLevel, Employment, RefusalReason, TaskKind, WorkerPost, DeadlineClock, Grade, Satisfaction, IncidentSource, IncidentStatus, LiveEventType, PlaceKind, Role, RuleTrigger,
  SensorEventType, SensorKind, SensorState, Severity, Supervision, UnitLevel,
} from '@gridsight/contract'

/** Geometry columns travel as EWKB hex from the driver; queries convert with the helpers in postgis.ts. */
export type Geometry = ColumnType<string, string, string>
type Timestamp = ColumnType<Date, Date | string, Date | string>
/** A timestamp the database fills in (default now()) that queries compare and may set. */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>


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


export interface PlaceTable {
  id: Generated<number>
  kind: PlaceKind
  name: string
  unit_code: string
  address: string | null
  geom: Geometry
}

export interface CameraTable {
  /** 20-digit GB/T 28181 device id. */
  id: string
  name: string
  device_type: string
  ptz_type: number
  position_type: number
  indoor: boolean
  use: number
  status: CameraStatus
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
  deadline_clock: Generated<DeadlineClock>
  /** A grid worker may settle a report of this category on the spot (自行处置). */
  self_settle: Generated<boolean>
}


export interface IncidentTable {
  id: Generated<number>
  client_id: string | null
  title: string
  description: string
  category_code: string
  source: IncidentSource
  status: IncidentStatus
  priority: number
  people_involved: number
  geom: Geometry
  grid_code: string | null
  village_code: string | null
  town_code: string | null
  /** Generated from town_code: the district of the case. */
  district_code: Generated<string | null>
  department_code: string | null
  reported_at: Timestamp
  accepted_at: Timestamp | null
  dispatched_at: Timestamp | null
  fed_back_at: Timestamp | null
  closed_at: Timestamp | null
  deadline: Timestamp | null
  supervision: Supervision
  version: Generated<number>
  reporter_user_id: number | null
  merged_into: number | null
  /** Filed by the demo actor (an app_user.demo_actor account): the only cases it may act on. */
  simulated: Generated<boolean>
  /** The level of command handling the case now; once closed, the level it was settled at. */
  level: Generated<CommandLevel>
  /** Settled on the spot by the grid worker who reported it (自行处置). */
  self_settled: Generated<boolean>
  /** When 缓办 or 挂账 began (resuming moves the deadline by the paused time). */
  paused_at: Timestamp | null
  /** 评价: the reporter's satisfaction and the desk's grade. */
  satisfaction: Satisfaction | null
  grade: Grade | null
  /** 立案: when the accepted report became a case (the figures count from here). */
  registered_at: Timestamp | null
  /** 不予受理: why the report was not taken up. */
  refused_reason: RefusalReason | null
  /** A department's application waiting for the desk's answer, and the hours it asks for (an extension). */
  request: CaseRequest | null
  request_hours: number | null
  /** How often the case was sent back (回退), failed its check (返工) and had its deadline extended (延期). */
  return_count: Generated<number>
  rework_count: Generated<number>
  extension_count: Generated<number>
  /** On the category's clock, in minutes: report → 受理, feedback → 核查, 立案 → 结案 less the paused time (kept when the step is taken). */
  accept_minutes: number | null
  verify_minutes: number | null
  handling_minutes: number | null
  /** How long 缓办/挂账 stopped the clock, in minutes on the category's clock (added up on each resume). */
  paused_minutes: Generated<number>
}

/** The composite score's weight of a figure as administrators set it (absent: the contract's default). */
export interface ScoreWeightTable {
  figure: string
  weight: number
  updated_by: string | null
  updated_at: Generated<Timestamp>
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
  /** The level of command of the desk that took the step (null: a grid worker, a department, the engine). */
  level: CommandLevel | null
}


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
  /** One of the demo actor's own accounts (api/src/simulator.ts), created only with a demo data set. */
  demo_actor: Generated<boolean>
  /** A town desk's town (9 digits) or a village desk's village (12 digits). */
  unit_code: string | null
}

export interface AppSessionTable {
  token_hash: string
  user_id: number
  expires_at: Timestamp
  created_at: Generated<Timestamp>
  last_seen_at: DefaultTimestamp
}

/** A failed (or not yet checked) login: the name tried, known or not, and the client's address when known. */
export interface LoginFailureTable {
  id: Generated<number>
  username: string
  address: string | null
  at: DefaultTimestamp
}

/** A name tried too often: no login under it until locked_until, or until an administrator lifts the lock. */
export interface LoginLockTable {
  username: string
  locked_at: DefaultTimestamp
  locked_until: Timestamp
}


export interface LiveEventTable {
  id: Generated<number>
  type: LiveEventType
  incident_id: number | null
  alert_id: number | null
  payload: unknown
  at: ColumnType<Date, Date | string | undefined, never>
  /** The writing connection's application_name: which API process wrote the event. */
  origin: Generated<string>
}


export interface AlertRuleTable {
  code: string
  name: string
  trigger: RuleTrigger
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
  /** All its evidence is the demo actor's (simulated cases, demo devices): the only alerts it may act on. */
  simulated: Generated<boolean>
}

export interface AlertLogTable {
  id: Generated<number>
  alert_id: number
  action: AlertAction
  actor: string
  note: string | null
  at: Timestamp
}


export interface SensorTable {
  id: string
  kind: SensorKind
  name: string
  key_hash: string
  geom: Geometry
  village_code: string | null
  grid_code: string | null
  last_event_at: Timestamp | null
  state: Generated<SensorState>
  /** A generated demo device: its key is derivable from its id (sensors.demoSensorKey). Never a registered one. */
  demo: Generated<boolean>
}

export interface SensorEventTable {
  id: Generated<number>
  sensor_id: string
  type: SensorEventType
  value: number | null
  at: Timestamp
  received_at: Generated<Timestamp>
}

export interface AttachmentTable {
  id: Generated<number>
  /** A case's photo, or a task's (exactly one of the two). */
  incident_id: number | null
  task_id: number | null
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

/** A generated demo data set was loaded for this district (geodata's generateAll): demo users, devices and actor exist. */
export interface DemoDataSetTable {
  district_code: string
  generated_at: Generated<Timestamp>
}

export interface ScheduledRunTable {
  name: string
  last_at: Timestamp
}

/** Categories (a code covers its children) and device kinds never placed for the screens and the public (README "Who sees what"). */
export interface SensitiveSubjectTable {
  kind: 'category' | 'device_kind'
  code: string
  label: string
}

/** The one audit log: every read of personal data (who, what, when, from where, why). */
export interface AuditLogTable {
  id: Generated<number>
  at: ColumnType<Date, Date | string | undefined, never>
  user_id: number | null
  username: string
  role: string
  action: string
  subject: string
  reason: string | null
  address: string | null
  user_agent: string | null
}

/** A bulletin (月度通报) as issued: its workbook and PDF. */
export interface BulletinTable {
  id: Generated<number>
  kind: 'monthly' | 'on_demand'
  unit_code: string
  period_from: ColumnType<Date, Date, never>
  period_to: ColumnType<Date, Date, never>
  title: string
  created_at: ColumnType<Date, Date | undefined, never>
  created_by: string | null
  pages: number
  xlsx: Uint8Array
  pdf: Uint8Array
}

export interface Database {
  bulletin: BulletinTable
  admin_unit: AdminUnitTable
  grid: GridTable
  household: HouseholdTable
  place: PlaceTable
  camera: CameraTable
  department: DepartmentTable
  incident_category: IncidentCategoryTable
  incident: IncidentTable
  score_weight: ScoreWeightTable
  incident_log: IncidentLogTable
  app_user: AppUserTable
  app_session: AppSessionTable
  login_failure: LoginFailureTable
  login_lock: LoginLockTable
  live_event: LiveEventTable
  alert_rule: AlertRuleTable
  alert: AlertTable
  alert_log: AlertLogTable
  sensor: SensorTable
  sensor_event: SensorEventTable
  attachment: AttachmentTable
  scheduled_run: ScheduledRunTable
  sensitive_subject: SensitiveSubjectTable
  audit_log: AuditLogTable
  demo_data_set: DemoDataSetTable
  calendar_day: CalendarDayTable
  office_season: OfficeSeasonTable
  worker_profile: WorkerProfileTable
  worker_position: WorkerPositionTable
  worker_task: WorkerTaskTable
}

/** A grid worker account's place in the force; the position only while on duty and shared (opt-in). */
export interface WorkerProfileTable {
  user_id: number
  employment: Employment
  post: Generated<WorkerPost>
  /** The village a 网格长 heads, the town a 网格指导员 guides. */
  unit_code: string | null
  phone_masked: string | null
  on_duty: Generated<boolean>
  shares_position: Generated<boolean>
  position: Geometry | null
  position_at: Timestamp | null
}

/** The patrol track (巡查轨迹): positions shared on duty, kept 30 days. */
export interface WorkerPositionTable {
  user_id: number
  at: Timestamp
  geom: Geometry
}

/** A desk's task for a grid worker (走访, 核查, 排查), closed with a note and a photo. */
export interface WorkerTaskTable {
  id: Generated<number>
  assignee_id: number
  kind: TaskKind
  title: string
  note: Generated<string>
  incident_id: number | null
  due_at: Timestamp
  created_by: number | null
  created_at: Generated<Timestamp>
  done_at: Timestamp | null
  result: string | null
}

/** A statutory holiday or a 调休 make-up working day (the State Council's notice of the year). */
export interface CalendarDayTable {
  day: string
  kind: 'holiday' | 'workday'
  name: string
}

/** Office hours for part of the year ('MM-DD' to 'MM-DD'), as [startMinute, endMinute] periods of a working day. */
export interface OfficeSeasonTable {
  id: Generated<number>
  name: string
  from_md: string
  to_md: string
  periods: Array<[number, number]>
}
