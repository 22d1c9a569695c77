import { z } from 'zod'
import { TILE_LAYERS } from './layouts.js'
import { startOfBeijingDay } from './time.js'
import { ADMIN_CODE_PATTERN, UNIT_CODE_PATTERN } from './units.js'
import {
  CAMERA_STATUSES, DEADLINE_CLOCKS, INCIDENT_STATUSES, PLACE_KINDS, SENSOR_EVENT_TYPES, SENSOR_KINDS, SEVERITIES, SUPERVISION_LEVELS,
  ALERT_STATUSES,
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
/** An ISO date-time, or a date (a Beijing day: it starts at Beijing midnight), between 1970 and 2100. */
export const isoDate = z.string().transform((v, ctx) => {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? startOfBeijingDay(v) : new Date(v)
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1970 || d.getUTCFullYear() > 2100) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO date or date-time between 1970 and 2100' })
    return z.NEVER
  }
  return d
})
/** A comma-separated list of values of an enumeration. */
const listOf = <T extends readonly [string, ...string[]]>(values: T) => z.string().transform((v) => v.split(',')).pipe(z.array(z.enum(values)))
const statusList = listOf(INCIDENT_STATUSES as unknown as [string, ...string[]]) as unknown as z.ZodType<(typeof INCIDENT_STATUSES)[number][], string>

/** A numeric path id (an incident, alert or attachment). */
export const idPath = z.object({ id: z.string().regex(/^[0-9]{1,12}$/, 'id must be a positive integer').transform(Number) })
export const codePath = z.object({ code: z.string().min(1).max(60) })
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
export const cameraPatch = z.object({ status: z.enum(CAMERA_STATUSES, { message: 'status must be ON or OFF' }) })
export const placesQuery = z.object({ bbox: bboxParam.optional(), kind: z.enum(PLACE_KINDS).optional(), unit: adminCode.optional() })
export const tilePath = z.object({
  layer: z.enum(TILE_LAYERS, { message: `layer must be one of ${TILE_LAYERS.join(', ')}` }),
  z: zoomParam,
  x: z.coerce.number().int('x must be an integer').min(0, 'x must be ≥ 0'),
  y: z.string().regex(/^[0-9]+\.mvt$/, 'y must be an integer followed by .mvt').transform((v) => Number(v.slice(0, -4))),
})
/** unit (default: the district) and window [from, to) (default: the last 30 days). */
export const statsQuery = z.object({ unit: unitCode.optional(), from: isoDate.optional(), to: isoDate.optional() })

export const incidentFilter = z.object({
  unit: unitCode.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  status: statusList.optional(),
  category: z.string().regex(/^[a-z_]+(\.[a-z_]+)?$/, 'category must be a category code such as dispute or dispute.neighbour').optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  department: departmentCode.optional(),
})
export const incidentListQuery = incidentFilter.extend({ page, pageSize })
export const nearbyQuery = z.object({ radius: z.coerce.number({ message: 'radius must be a number' }).min(10, 'radius must be 10–5000 metres').max(5000, 'radius must be 10–5000 metres').default(500) })
export const attachmentQuery = z.object({ size: z.enum(['thumb', 'full'], { message: 'size must be thumb or full' }).default('full') })

// ── Cases ───────────────────────────────────────────────────────────────────────────────────────────────────────
/** At most this many photos of at most this size ride on a report or an action. */
export const MAX_PHOTOS = 3
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024
/** Photos as base64 strings (or data: URLs); their real size and type are checked by the server. */
const photoList = z.array(z.string().max(MAX_PHOTO_BYTES * 2, 'a photo may be at most 5 MB'), { message: 'photos must be a list of base64 images' })
  .max(MAX_PHOTOS, `at most ${MAX_PHOTOS} photos`).optional()

export const reportBody = z.object({
  client_id: z.uuid('client_id must be a UUID made by the device (it makes the report idempotent)'),
  category_code: leafCategory,
  description: z.string().trim().min(1, 'description is empty').max(2000),
  lon: z.number().min(-180, 'lon must be within -180..180').max(180, 'lon must be within -180..180'),
  lat: z.number().min(-90, 'lat must be within -90..90').max(90, 'lat must be within -90..90'),
  people_involved: z.number().int().min(0).max(100000).default(1),
  title: z.string().trim().min(1).max(200).optional(),
  photos: photoList,
})
export type ReportBody = z.input<typeof reportBody>

/** A workflow action; `actions` is the list of action names (the workflow table lives with the database). */
export const actionBody = (actions: readonly [string, ...string[]]) => z.object({
  action: z.enum(actions, { message: `action must be one of ${actions.join(', ')}` }),
  note: z.string().max(2000).optional(),
  department_code: z.string().max(40).optional(),
  hours: z.number().int().min(1).max(24 * 90).optional(),
  level: z.enum(SUPERVISION_LEVELS).optional(),
  version: z.number().int().min(1).optional(),
  into: z.number().int().min(1, 'into must be a case id').optional(),
  photos: photoList,
})

export type ActionBody = z.input<ReturnType<typeof actionBody>>

export const categoryPatch = z.object({
  department_code: departmentCode.nullable().optional(),
  deadline_hours: z.number().int().min(1, 'deadline_hours must be ≥ 1').max(24 * 90, 'deadline_hours must be ≤ 2160').optional(),
  deadline_clock: z.enum(DEADLINE_CLOCKS, { message: 'deadline_clock must be working or natural' }).optional(),
}).refine((b) => b.department_code !== undefined || b.deadline_hours !== undefined || b.deadline_clock !== undefined, 'give department_code, deadline_hours or deadline_clock')

// ── Alerts and devices ──────────────────────────────────────────────────────────────────────────────────────────
export const alertsQuery = z.object({
  status: z.enum(['open', 'all', ...ALERT_STATUSES]).default('open'),
  severity: listOf(SEVERITIES as unknown as [string, ...string[]]).optional() as unknown as z.ZodOptional<z.ZodType<(typeof SEVERITIES)[number][], string>>,
  unit: unitCode.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})
export const alertStep = z.object({ note: z.string().trim().max(2000).optional(), version: z.number().int().min(1).optional() })
export const alertClose = alertStep.extend({ note: z.string().trim().min(1, 'closing an alert needs a note: what was done').max(2000) })
export const alertToCase = z.object({ category_code: z.string().regex(/^[a-z_]+\.[a-z_]+$/, 'category_code must be a second-level category').optional() })
export const rulePatch = z.object({
  enabled: z.boolean().optional(),
  severity: z.enum(SEVERITIES).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
}).refine((b) => b.enabled !== undefined || b.severity !== undefined || b.params !== undefined, 'give enabled, severity or params')

export const sensorPath = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'a device id is letters, digits, - or _') })
export const sensorEvent = z.object({
  type: z.enum(SENSOR_EVENT_TYPES, { message: 'type must be alarm, clear or heartbeat' }),
  value: z.number().finite().optional(),
  at: z.iso.datetime({ offset: true, message: 'at must be an ISO 8601 time with offset' }).optional(),
})
export const newSensor = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{4,40}$/, 'id must be 4–40 letters, digits, - or _'),
  kind: z.enum(SENSOR_KINDS),
  name: z.string().trim().min(1).max(100),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
})

// ── Sessions ────────────────────────────────────────────────────────────────────────────────────────────────────
export const loginBody = z.object({ username: z.string().min(1).max(40), password: z.string().min(1).max(200) })
export const sessionBody = z.object({ token: z.string().min(10).max(200) })
export const streamQuery = z.object({ lastEventId: z.string().regex(/^[0-9]*$/, 'lastEventId must be an event id').optional() })
