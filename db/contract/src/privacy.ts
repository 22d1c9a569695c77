import { z } from 'zod'
import { checkWindow, isoDate, page, pageSize } from './schemas.js'
import { line } from './text.js'
import type { Role } from './labels.js'

/**
 * Who sees what — the one table (README "Who sees what"). Personal data goes only to the roles and areas that need
 * it; screens and the public get aggregates and places no finer than a cell of PUBLIC_CELL_DEGREES.
 *
 * | audience | incidents and alerts | households, devices, cameras |
 * |---|---|---|
 * | public: no session (GRIDSIGHT_PUBLIC_WALL on) and the screen account | category, status, a ≥ 100 m cell; no title, no description; sensitive subjects counted per unit, never placed; alerts at their village's label point | household cells; devices as counts; cameras without stream URLs |
 * | leader | the above, plus case lists and cases of the district without personal details (no description, reporter, photos) | the same |
 * | desk: admin, the district, town and village desks, department, grid worker | full details within their area and role (town/village desk: its unit's cases; department: its cases; grid worker: its grid), audited | what their work needs, audited |
 */
export type Audience = 'public' | 'leader' | 'desk'

export const AUDIENCE_OF: Record<Role, Audience> = {
  screen: 'public', leader: 'leader', admin: 'desk', dispatcher: 'desk', town_desk: 'desk', village_desk: 'desk', department: 'desk', grid_worker: 'desk',
}

export const audienceOf = (role: Role | null | undefined): Audience => (role ? AUDIENCE_OF[role] : 'public')

/**
 * The public cell in degrees: 0.0015° is ≥ 100 m east–west up to 53° N (all of China) and ~167 m north–south.
 * Household cells (the household_cell view) use the same size.
 */
export const PUBLIC_CELL_DEGREES = 0.0015

/** The centre of the public cell a point lies in. */
export function coarsen(lon: number, lat: number, cell = PUBLIC_CELL_DEGREES): [number, number] {
  return [(Math.floor(lon / cell) + 0.5) * cell, (Math.floor(lat / cell) + 0.5) * cell]
}

/** What an audit log row says was read. */
export const AUDIT_ACTION_LABELS = {
  'case.read': '查阅案件详情', 'photo.read': '查看案件照片', 'households.read': '查看户级数据', 'devices.read': '查看物联设备',
  'audit.read': '查阅审计日志', 'worker.track': '查看网格员巡查轨迹', 'task.photo.read': '查看任务照片', 'case.export': '导出案件台账',
} as const
export type AuditAction = keyof typeof AUDIT_ACTION_LABELS
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as AuditAction[]

/** The kinds of sensitive subjects: incident categories (a code covers its children) and device kinds. */
export const SENSITIVE_KIND_LABELS = { category: '事件类别', device_kind: '设备类型' } as const
export type SensitiveKind = keyof typeof SENSITIVE_KIND_LABELS

/** A reason for a sensitive read (?reason=), kept in the audit log. */
export const readReasonQuery = z.object({ reason: line(200, { min: 2, tooShort: 'reason must say why (≥ 2 characters)' }).optional() })

export const auditQuery = z.object({
  username: line(40, { min: 1 }).optional(),
  action: z.enum(AUDIT_ACTIONS as [AuditAction, ...AuditAction[]]).optional(),
  subject: line(80, { min: 1 }).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  page,
  pageSize,
}).superRefine(checkWindow)

export const sensitiveSubjectsBody = z.object({
  items: z.array(z.object({
    kind: z.enum(['category', 'device_kind']),
    code: z.string().regex(/^[a-z_]+(\.[a-z_]+)*$/, 'code must be a category code such as dispute.family, or a device kind such as elderly_button'),
    label: line(40, { min: 1 }),
  }).strict()).max(200).refine((items) => new Set(items.map((i) => `${i.kind}:${i.code}`)).size === items.length, 'each kind and code once'),
}).strict()
