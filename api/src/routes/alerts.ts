import { ALERT_STATUSES, alerts, paramsRefusal, RULES, SEVERITIES, warning } from '@gridsight/db'
import { Hono } from 'hono'
import { sql } from 'kysely'
import { z } from 'zod'
import { requireRole } from '../auth.js'
import type { AppEnv } from '../context.js'
import { ApiError, caseError, notFound } from '../errors.js'
import { idParam, parseBody, parseQuery, unitCode } from '../params.js'

const listQuery = z.object({
  status: z.enum(['open', 'all', ...ALERT_STATUSES]).default('open'),
  severity: z.string().transform((v) => v.split(',')).pipe(z.array(z.enum(SEVERITIES))).optional(),
  unit: unitCode.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})
const step = z.object({ note: z.string().trim().max(2000).optional(), version: z.number().int().min(1).optional() })
const closing = step.extend({ note: z.string().trim().min(1, 'closing an alert needs a note: what was done').max(2000) })
const toCase = z.object({ category_code: z.string().regex(/^[a-z_]+\.[a-z_]+$/, 'category_code must be a second-level category').optional() })

const desks = requireRole('admin', 'leader', 'dispatcher')

/**
 * Alerts: read like the wall's other aggregates (an alert and its evidence summaries carry no personal data: no
 * reporters, no descriptions, no phone numbers); the desks move them raised → acknowledged → closed, or turn one
 * into a case. Every step is pushed live.
 */
export const alertRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const q = parseQuery(listQuery, c.req.query())
    return c.json(await alerts.listAlerts(c.get('db').kysely, q))
  })
  .get('/:id{[0-9]+}', async (c) => {
    const d = await alerts.alertDetail(c.get('db').kysely, idParam(c.req.param('id')))
    if (!d) throw notFound(`no alert ${c.req.param('id')}`, 'unknown_alert')
    return c.json(d)
  })
  .post('/:id{[0-9]+}/acknowledge', desks, async (c) => {
    const b = parseBody(step, await c.req.json().catch(() => ({})))
    const a = await alerts.acknowledgeAlert(c.get('db').kysely, idParam(c.req.param('id')), c.get('user')!, b.note, b.version).catch(caseError)
    void c.get('hub').poke()
    return c.json(a)
  })
  .post('/:id{[0-9]+}/close', desks, async (c) => {
    const b = parseBody(closing, await c.req.json().catch(() => null))
    const a = await alerts.closeAlert(c.get('db').kysely, idParam(c.req.param('id')), c.get('user')!, b.note, b.version).catch(caseError)
    void c.get('hub').poke()
    return c.json(a)
  })
  .post('/:id{[0-9]+}/case', requireRole('admin', 'dispatcher'), async (c) => {
    const b = parseBody(toCase, await c.req.json().catch(() => ({})))
    const r = await alerts.alertToCase(c.get('db').kysely, idParam(c.req.param('id')), c.get('user')!, b.category_code).catch(caseError)
    void c.get('hub').poke()
    void c.get('warn').onIncidents([r.incident.id])
    return c.json(r, 201)
  })

const rulePatch = z.object({
  enabled: z.boolean().optional(),
  severity: z.enum(SEVERITIES).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
}).refine((b) => b.enabled !== undefined || b.severity !== undefined || b.params !== undefined, 'give enabled, severity or params')

/** GET /api/alert-rules — the rules with their parameters and limits; PATCH one (administrators). */
export const ruleRoutes = new Hono<AppEnv>()
  .get('/', requireRole('admin', 'leader', 'dispatcher'), async (c) => {
    const loaded = await warning.loadRules(c.get('db').kysely)
    return c.json(loaded.map((r) => ({ code: r.def.code, name: r.def.name, triggers: r.def.triggers, enabled: r.enabled, severity: r.severity,
      params: r.params, limits: r.def.params })))
  })
  .patch('/:code', requireRole('admin'), async (c) => {
    const db = c.get('db').kysely
    const def = RULES.find((r) => r.code === c.req.param('code'))
    if (!def) throw notFound(`no rule ${c.req.param('code')}`, 'unknown_rule')
    const b = parseBody(rulePatch, await c.req.json().catch(() => null))
    const refused = b.params ? paramsRefusal(def, b.params) : null
    if (refused) throw new ApiError(400, 'invalid_parameter', refused)
    await warning.ensureRules(db)
    const current = (await warning.loadRules(db)).find((r) => r.def.code === def.code)!
    await db.updateTable('alert_rule').set({
      ...(b.enabled !== undefined ? { enabled: b.enabled } : {}),
      ...(b.severity ? { severity: b.severity } : {}),
      ...(b.params ? { params: JSON.stringify({ ...current.params, ...b.params }) } : {}),
      updated_at: sql`now()`,
    }).where('code', '=', def.code).execute()
    const after = (await warning.loadRules(db)).find((r) => r.def.code === def.code)!
    return c.json({ code: def.code, name: def.name, triggers: def.triggers, enabled: after.enabled, severity: after.severity, params: after.params, limits: def.params })
  })
