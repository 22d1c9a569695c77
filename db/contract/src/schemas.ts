import { z } from 'zod'
import { TILE_LAYERS } from './layouts.js'
import { line, text } from './text.js'
import { startOfBeijingDay } from './time.js'
import { ADMIN_CODE_PATTERN, UNIT_CODE_PATTERN } from './units.js'
import {
  CAMERA_STATUSES, DEADLINE_CLOCKS, INCIDENT_STATUSES, PLACE_KINDS, SENSOR_EVENT_TYPES, SENSOR_KINDS, SEVERITIES, SUPERVISION_LEVELS,
  ALERT_STATUSES, GRADES, METRIC_GROUPS, SCORE_FIGURES, type ScoreFigure, REFUSAL_REASONS, SATISFACTIONS, TASK_KINDS,
} from './labels.js'

/**
 * The request schemas of the API: query strings, path parameters and bodies. The API validates every input with
 * these (and publishes them as its OpenAPI document); the web app's typed client takes its input types from them.
 */

export interface BBox { west: number; south: number; east: number; north: number }

/** bbox=west,south,east,north in WGS-84 degrees. */
export const bboxParam = z.string().transform((value, ctx): BBox => {
  const parts = value.split(',')
  const nums = parts.map(Number)
  if (parts.length !== 4 || nums.some((n) => !Number.isFinite(n)) || parts.some((p) => p.trim() === '')) {
    ctx.addIssue({ code: 'custom', message: 'bbox must be four numbers: west,south,east,north' })
    return z.NEVER
  }
  const [west, south, east, north] = nums as [number, number, number, number]
  if (Math.abs(west) > 180 || Math.abs(east) > 180) ctx.addIssue({ code: 'custom', message: 'longitude must be within -180..180' })
  if (Math.abs(south) > 90 || Math.abs(north) > 90) ctx.addIssue({ code: 'custom', message: 'latitude must be within -90..90' })
  if (west > east || south > north) ctx.addIssue({ code: 'custom', message: 'bbox must be west,south,east,north with west ≤ east and south ≤ north' })
  return { west, south, east, north }
})

export const zoomParam = z.coerce.number().int('z must be an integer').min(0, 'z must be ≥ 0').max(22, 'z must be ≤ 22')
export const unitCode = z.string().regex(UNIT_CODE_PATTERN, 'must be an admin code (6, 9 or 12 digits) or a 15-digit grid code')
export const adminCode = z.string().regex(ADMIN_CODE_PATTERN, 'must be a 6, 9 or 12-digit admin code')
export const villageCode = z.string().regex(/^[0-9]{12}$/, 'village must be a 12-digit code')
export const page = z.coerce.number().int('page must be an integer').min(1, 'page must be ≥ 1').default(1)
export const pageSize = z.coerce.number().int('pageSize must be an integer').min(1, 'pageSize must be ≥ 1').max(500, 'pageSize must be ≤ 500').default(50)
/** The years a date may fall in: what both engines hold and the product can mean. */
export const MIN_YEAR = 1970
export const MAX_YEAR = 2100
/** The longest window [from, to) a query may ask for. */
export const MAX_WINDOW_DAYS = 400
const DAY_MS = 86_400_000

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()

/** A real calendar date and clock (no 30 February, no 25:00, no +15:00 offset) within MIN_YEAR..MAX_YEAR, or why not. */
function isoProblem(v: string): string | null {
  const m = ISO_DAY.exec(v) ?? ISO_DATE_TIME.exec(v)
  if (!m) return 'must be an ISO date (2026-06-01) or a date-time with its offset (2026-06-01T08:00:00+08:00)'
  const [year, month, day, hour = 0, minute = 0, second = 0, offH = 0, offM = 0] = m.slice(1).map((x) => Number(x ?? 0))
  if (year! < MIN_YEAR || year! > MAX_YEAR) return `must be between ${MIN_YEAR} and ${MAX_YEAR}`
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysIn(year!, month!)) return `${v.slice(0, 10)} is not a date`
  if (hour! > 23 || minute! > 59 || second! > 59 || offH! > 14 || offM! > 59) return `${v} is not a time`
  return null
}

/** An ISO date-time with its offset, or a date (a Beijing day: it starts at Beijing midnight), between 1970 and 2100. */
export const isoDate = z.string().transform((v, ctx) => {
  const problem = isoProblem(v)
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem })
    return z.NEVER
  }
  return ISO_DAY.test(v) ? startOfBeijingDay(v) : new Date(v)
}).meta({ format: 'date-time', description: 'an ISO date-time with its offset, or a date (the Beijing day)' })

/** Why [from, to) is not a window a query may ask for, or null. */
export function windowProblem(from: Date | undefined, to: Date | undefined): string | null {
  if (!from || !to) return null
  if (from >= to) return 'from must be before to'
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) return `the window from–to must be at most ${MAX_WINDOW_DAYS} days`
  return null
}
/** A schema's window check (superRefine): from before to, at most MAX_WINDOW_DAYS, when both are given. */
export const checkWindow = (q: { from?: Date; to?: Date }, ctx: z.RefinementCtx) => {
  const problem = windowProblem(q.from, q.to)
  if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['from'] })
}
/** A comma-separated list of values of an enumeration. */
const listOf = <T extends readonly [string, ...string[]]>(values: T) => z.string().transform((v) => v.split(',')).pipe(z.array(z.enum(values)))
const statusList = listOf(INCIDENT_STATUSES as unknown as [string, ...string[]]) as unknown as z.ZodType<(typeof INCIDENT_STATUSES)[number][], string>

/** A numeric path id (an incident, alert or attachment). */
export const idPath = z.object({ id: z.string().regex(/^[0-9]{1,12}$/, 'id must be a positive integer').transform(Number) })
/** A category's or a rule's code, e.g. dispute.neighbour or camera.online_rate. */
export const codePath = z.object({ code: z.string().max(60).regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/, 'code must be a code such as dispute.neighbour') })
export const departmentCode = z.string().regex(/^[a-z0-9_]{2,40}$/, 'department must be a department code')
export const leafCategory = z.string().regex(/^[a-z_]+\.[a-z_]+$/, 'category_code must be a second-level category such as dispute.neighbour')

// ── Map and statistics reads ─────────────────────────────────────────────────────────────────────────────────────
export const unitsQuery = z.object({ parent: adminCode.optional(), level: z.enum(['district', 'town', 'village']).optional() })
export const unitsGeoQuery = unitsQuery.extend({ bbox: bboxParam.optional(), z: zoomParam.optional() })
export const unitPath = z.object({ code: adminCode })
export const gridsGeoQuery = z.object({ village: villageCode.optional(), bbox: bboxParam.optional(), z: zoomParam.optional() })
export const densityQuery = z.object({
  cell: z.coerce.number().min(0.001, 'cell must be ≥ 0.001 degrees (about 100 m)').max(0.5, 'cell must be ≤ 0.5 degrees').default(0.004),
  bbox: bboxParam.optional(),
})
export const camerasQuery = z.object({ bbox: bboxParam.optional(), status: z.enum(CAMERA_STATUSES).optional(), unit: adminCode.optional() })
export const cameraPath = z.object({ id: z.string().regex(/^[0-9]{20}$/, 'a camera id is 20 digits (GB/T 28181)') })
export const cameraPatch = z.strictObject({ status: z.enum(CAMERA_STATUSES, { message: 'status must be ON or OFF' }) })
export const placesQuery = z.object({ bbox: bboxParam.optional(), kind: z.enum(PLACE_KINDS).optional(), unit: adminCode.optional() })
export const tilePath = z.object({
  layer: z.enum(TILE_LAYERS, { message: `layer must be one of ${TILE_LAYERS.join(', ')}` }),
  z: zoomParam,
  x: z.coerce.number().int('x must be an integer').min(0, 'x must be ≥ 0'),
  y: z.string().regex(/^[0-9]+\.mvt$/, 'y must be an integer followed by .mvt').transform((v) => Number(v.slice(0, -4))),
})
/** unit (default: the district) and window [from, to): by default the 30 days before `to`, which defaults to now. */
const unitWindowFields = z.object({ unit: unitCode.optional(), from: isoDate.optional(), to: isoDate.optional() })
function defaultWindow<T extends { from?: Date; to?: Date }>(q: T, ctx: z.RefinementCtx): T & { from: Date; to: Date } {
  const to = q.to ?? new Date()
  const window = { from: q.from ?? new Date(to.getTime() - 30 * DAY_MS), to }
  checkWindow(window, ctx)
  return { ...q, ...window }
}
export const statsQuery = unitWindowFields.transform(defaultWindow)

const metricGroup = z.enum(METRIC_GROUPS, { message: `group must be one of ${METRIC_GROUPS.join(', ')}` })
/** The standard figures of a unit and window, per group when asked (METRIC_GROUPS). */
export const metricsQuery = unitWindowFields.extend({ group: metricGroup.optional() }).transform(defaultWindow)
/** A download of the standard figures: XLSX (every group, one sheet each) or CSV (one group, default department). */
export const EXPORT_FORMATS = ['xlsx', 'csv'] as const
export const metricsExportQuery = unitWindowFields.extend({ group: metricGroup.optional(), format: z.enum(EXPORT_FORMATS, { message: 'format must be xlsx or csv' }).default('xlsx') })
  .transform(defaultWindow)

/** The composite score's weights as administrators publish them: every figure's, whole numbers 0–100, not all 0. */
export const scoreWeightsBody = z.strictObject(Object.fromEntries(SCORE_FIGURES.map((f) => [f,
  z.number({ message: `${f} must be a number` }).int(`${f} must be a whole number`).min(0, `${f} must be ≥ 0`).max(100, `${f} must be ≤ 100`)])) as
  Record<ScoreFigure, z.ZodNumber>).refine((w) => Object.values(w).some((v) => v > 0), { message: 'at least one weight must be above 0' })

/** A bulletin made on demand: the unit (default: the district) and a window of whole or part days. */
export const bulletinBody = z.strictObject({ unit: unitCode.optional(), from: isoDate, to: isoDate }).superRefine(checkWindow)
/** A bulletin's file. */
export const bulletinFilePath = idPath.extend({ format: z.enum(['xlsx', 'pdf'], { message: 'format must be xlsx or pdf' }) })

const incidentFilterFields = z.object({
  unit: unitCode.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  status: statusList.optional(),
  category: z.string().regex(/^[a-z_]+(\.[a-z_]+)?$/, 'category must be a category code such as dispute or dispute.neighbour').optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  department: departmentCode.optional(),
})
/** The cases of a unit, window, status, category, department; a window given with both ends is checked like the statistics'. */
export const incidentFilter = incidentFilterFields.superRefine(checkWindow)
export const incidentListQuery = incidentFilterFields.extend({ page, pageSize }).superRefine(checkWindow)
/** A case ledger (台账) of a filter, at most LEDGER_MAX_ROWS rows, newest first. */
export const LEDGER_MAX_ROWS = 50_000
export const ledgerQuery = incidentFilterFields.extend({ format: z.enum(['xlsx', 'csv'], { message: 'format must be xlsx or csv' }).default('xlsx') }).superRefine(checkWindow)
export const nearbyQuery = z.object({ radius: z.coerce.number({ message: 'radius must be a number' }).min(10, 'radius must be 10–5000 metres').max(5000, 'radius must be 10–5000 metres').default(500) })
export const attachmentQuery = z.object({ size: z.enum(['thumb', 'full'], { message: 'size must be thumb or full' }).default('full') })

// ── Cases ───────────────────────────────────────────────────────────────────────────────────────────────────────
/** At most this many photos of at most this size ride on a report or an action. */
export const MAX_PHOTOS = 3
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024
/** Request bodies, in bytes: a JSON body (notes of 2,000 characters even when every one is sent as \uXXXX) … */
export const DEFAULT_BODY_BYTES = 32 * 1024
/** … a report or an action with its photos as base64 (4/3 of their size) … */
export const PHOTO_BODY_BYTES = MAX_PHOTOS * Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 64 * 1024
/** … and a device's event. */
export const DEVICE_EVENT_BYTES = 4 * 1024
/** Photos as base64 strings (or data: URLs); their real size and type are checked by the server. */
const photoList = z.array(z.string().max(MAX_PHOTO_BYTES * 2, 'a photo may be at most 5 MB'), { message: 'photos must be a list of base64 images' })
  .max(MAX_PHOTOS, `at most ${MAX_PHOTOS} photos`).optional()

export const reportBody = z.strictObject({
  client_id: z.uuid('client_id must be a UUID made by the device (it makes the report idempotent)'),
  category_code: leafCategory,
  description: text(2000, { min: 1 }),
  lon: z.number().min(-180, 'lon must be within -180..180').max(180, 'lon must be within -180..180'),
  lat: z.number().min(-90, 'lat must be within -90..90').max(90, 'lat must be within -90..90'),
  people_involved: z.number().int().min(0).max(100000).default(1),
  title: line(200, { min: 1 }).optional(),
  photos: photoList,
  /** Where the desk got it (a grid worker's report is always 网格员上报). */
  source: z.enum(['hotline', 'citizen', 'leader', 'camera', 'iot', 'transfer'], { message: 'source must be hotline, citizen, leader, camera, iot or transfer' }).optional(),
  /** 自行处置: a grid worker settled it on the spot; the result, with at least one photo of it. */
  settled: z.strictObject({ result: text(2000, { min: 1, tooShort: 'say what was done' }) }).optional(),
})
export type ReportBody = z.input<typeof reportBody>

/** A workflow action; `actions` is the list of action names (the workflow table lives with the database). */
export const actionBody = (actions: readonly [string, ...string[]]) => z.strictObject({
  action: z.enum(actions, { message: `action must be one of ${actions.join(', ')}` }),
  note: text(2000).optional(),
  department_code: departmentCode.optional(),
  hours: z.number().int().min(1).max(24 * 90).optional(),
  level: z.enum(SUPERVISION_LEVELS).optional(),
  version: z.number().int().min(1).optional(),
  into: z.number().int().min(1, 'into must be a case id').optional(),
  photos: photoList,
  /** evaluate: the reporter's satisfaction and the desk's grade. */
  satisfaction: z.enum(SATISFACTIONS, { message: 'satisfaction must be satisfied, basically or dissatisfied' }).optional(),
  grade: z.enum(GRADES, { message: 'grade must be excellent, good, fair or poor' }).optional(),
  /** refuse (不予受理): why. */
  reason: z.enum(REFUSAL_REASONS, { message: `reason must be one of ${REFUSAL_REASONS.join(', ')}` }).optional(),
})

export type ActionBody = z.input<ReturnType<typeof actionBody>>

export const categoryPatch = z.strictObject({
  department_code: departmentCode.nullable().optional(),
  deadline_hours: z.number().int().min(1, 'deadline_hours must be ≥ 1').max(24 * 90, 'deadline_hours must be ≤ 2160').optional(),
  deadline_clock: z.enum(DEADLINE_CLOCKS, { message: 'deadline_clock must be working or natural' }).optional(),
  /** A grid worker may settle it on the spot (自行处置). */
  self_settle: z.boolean({ message: 'self_settle must be true or false' }).optional(),
}).refine((b) => b.department_code !== undefined || b.deadline_hours !== undefined || b.deadline_clock !== undefined || b.self_settle !== undefined,
  'give department_code, deadline_hours, deadline_clock or self_settle')

// ── Alerts and devices ──────────────────────────────────────────────────────────────────────────────────────────
export const alertsQuery = z.object({
  status: z.enum(['open', 'all', ...ALERT_STATUSES]).default('open'),
  severity: listOf(SEVERITIES as unknown as [string, ...string[]]).optional() as unknown as z.ZodOptional<z.ZodType<(typeof SEVERITIES)[number][], string>>,
  unit: unitCode.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})
export const alertStep = z.strictObject({ note: text(2000).optional(), version: z.number().int().min(1).optional() })
export const alertClose = alertStep.extend({ note: text(2000, { min: 1, tooShort: 'closing an alert needs a note: what was done' }) })
export const alertToCase = z.strictObject({ category_code: z.string().regex(/^[a-z_]+\.[a-z_]+$/, 'category_code must be a second-level category').optional() })
/** A rule parameter's name: snake_case, and never a name every object already has (constructor, __proto__ …). */
const paramName = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a parameter name is snake_case')
  .refine((k) => !(k in Object.prototype), 'not a parameter name')
export const rulePatch = z.strictObject({
  enabled: z.boolean().optional(),
  severity: z.enum(SEVERITIES).optional(),
  params: z.record(paramName, z.number({ message: 'a parameter is a number' }).finite()).optional(),
}).refine((b) => b.enabled !== undefined || b.severity !== undefined || b.params !== undefined, 'give enabled, severity or params')

export const sensorPath = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'a device id is letters, digits, - or _') })
export const sensorEvent = z.strictObject({
  type: z.enum(SENSOR_EVENT_TYPES, { message: 'type must be alarm, clear or heartbeat' }),
  value: z.number().finite().optional(),
  at: z.iso.datetime({ offset: true, message: 'at must be an ISO 8601 time with offset' }).optional(),
})
export const newSensor = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{4,40}$/, 'id must be 4–40 letters, digits, - or _'),
  kind: z.enum(SENSOR_KINDS),
  name: line(100, { min: 1 }),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
})

// ── Sessions ────────────────────────────────────────────────────────────────────────────────────────────────────
/** The grid workers as a force: the registry of a unit, the nearest on duty to a point, a day's track, tasks. */
const lon = z.coerce.number({ message: 'lon must be a number' }).min(-180, 'lon must be within -180..180').max(180, 'lon must be within -180..180')
const lat = z.coerce.number({ message: 'lat must be a number' }).min(-90, 'lat must be within -90..90').max(90, 'lat must be within -90..90')
export const workersQuery = z.object({ unit: adminCode.optional() })
export const nearestWorkersQuery = z.object({ lon, lat, limit: z.coerce.number().int('limit must be an integer').min(1, 'limit must be 1–50').max(50, 'limit must be 1–50').default(10) })
export const trackQuery = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'day must be YYYY-MM-DD').refine((d) => { const t = new Date(`${d}T00:00:00Z`); return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d }, 'day must be a real date') })
export const workerFiguresQuery = z.object({ unit: adminCode.optional(), from: isoDate.optional(), to: isoDate.optional() }).superRefine((q, ctx) => checkWindow(q, ctx))
/** The phone's duty switch and, while on duty with consent, where it is. */
export const dutyBody = z.strictObject({
  on_duty: z.boolean({ message: 'on_duty must be true or false' }),
  share_position: z.boolean({ message: 'share_position must be true or false' }),
  lon: z.number().min(-180, 'lon must be within -180..180').max(180, 'lon must be within -180..180').optional(),
  lat: z.number().min(-90, 'lat must be within -90..90').max(90, 'lat must be within -90..90').optional(),
}).refine((b) => (b.lon === undefined) === (b.lat === undefined), 'lon and lat come together')
export const taskBody = z.strictObject({
  kind: z.enum(TASK_KINDS, { message: `kind must be one of ${TASK_KINDS.join(', ')}` }),
  title: line(200, { min: 1 }),
  note: text(2000).optional(),
  incident_id: z.number().int().min(1, 'incident_id must be a case id').optional(),
  /** Working hours to the due time (by the calendar); default 8, a working day. */
  hours: z.number().int().min(1, 'hours must be 1–720').max(720, 'hours must be 1–720').default(8),
})
export const taskDoneBody = z.strictObject({ result: text(2000, { min: 1, tooShort: 'say what was found' }), photos: photoList })
export const tasksQuery = z.object({ open: z.enum(['true', 'false'], { message: 'open must be true or false' }).optional() })

export const loginBody = z.strictObject({ username: line(40, { min: 1, trim: false }), password: line(200, { min: 1, trim: false }) })
export const sessionBody = z.strictObject({ token: line(200, { min: 10, trim: false }) })
export const streamQuery = z.object({ lastEventId: z.string().regex(/^[0-9]{0,18}$/, 'lastEventId must be an event id').optional() })
/** An account name in a path (any name tried at login can be locked, so any such string may be named). */
export const usernamePath = z.object({ username: line(40, { min: 1, trim: false }) })
/** A client address whose failed logins are forgotten (as the lockout list shows it). */
export const addressPath = z.object({ address: line(64, { min: 1, trim: false }) })
