import { alertClose, alertsQuery, alertStep, alertToCase, codePath, DomainError, idPath, rulePatch } from '@gridsight/contract'
import { alerts, paramsRefusal, RULES, warning } from '@gridsight/db'
import { type Context, Hono } from 'hono'
import { requireRole } from '../auth.js'
import type { AppEnv } from '../context.js'
import { describe } from '../openapi.js'
import { json, params, query } from '../validate.js'
import { audited } from '../audit.js'
import { viewerOf } from '../privacy.js'

const desks = requireRole('admin', 'leader', 'dispatcher', 'town_desk', 'village_desk')
const tag = 'early warning'

/** A town or village desk works the alerts of its own unit only (an alert's unit is a town, village or grid code). */
async function requireAlertInUnit(c: Context<AppEnv>, id: number): Promise<void> {
  const unit = c.get('user')?.unit_code
  if (!unit) return
  const a = await alerts.alertUnit(c.get('db').kysely, id)
  if (a === undefined) throw new DomainError('not_found', `no alert ${id}`, 'unknown_alert')
  if (!a?.startsWith(unit)) throw new DomainError('forbidden', 'this alert is not in your unit', 'not_your_alert')
}

/**
 * Alerts: read like the wall's other aggregates (an alert and its evidence summaries carry no personal data: no
 * reporters, no descriptions, no phone numbers); the desks move them raised → acknowledged → closed, or turn one
 * into a case. Every step is published on the live event log.
 */
export const alertRoutes = new Hono<AppEnv>()
  .get('/', describe(tag, 'Alerts with counts by severity (outside the desks: at their unit\'s label point, no evidence text)'), query(alertsQuery), async (c) => {
    const q = c.req.valid('query')
    const unit = c.get('user')?.unit_code
    const r = await alerts.listAlerts(c.get('db').kysely, unit && !q.unit?.startsWith(unit) ? { ...q, unit } : q)
    const viewer = viewerOf(c.get('user'))
    return c.json({ ...r, items: r.items.map((a) => c.get('privacy').alert(viewer, a)) })
  })
  .get('/:id', describe(tag, 'An alert with its evidence and log (devices at homes: desks only, audited)'), params(idPath), async (c) => {
    const { id } = c.req.valid('param')
    await requireAlertInUnit(c, id)
    const d = await alerts.alertDetail(c.get('db').kysely, id)
    if (!d) throw new DomainError('not_found', `no alert ${id}`, 'unknown_alert')
    const viewer = viewerOf(c.get('user'))
    if (viewer.audience === 'desk' && d.devices.length) await audited(c, 'devices.read', `alert:${id}`)
    return c.json((await c.get('privacy').ready()).alertDetail(viewer, d))
  })
  .post('/:id/acknowledge', describe(tag, 'Acknowledge an alert'), desks, params(idPath), json(alertStep.optional().default({})), async (c) => {
    const b = c.req.valid('json')
    await requireAlertInUnit(c, c.req.valid('param').id)
    return c.json(await alerts.acknowledgeAlert(c.get('db').kysely, c.req.valid('param').id, c.get('user')!, b.note, b.version))
  })
  .post('/:id/close', describe(tag, 'Close an alert with a note'), desks, params(idPath), json(alertClose), async (c) => {
    const b = c.req.valid('json')
    await requireAlertInUnit(c, c.req.valid('param').id)
    return c.json(await alerts.closeAlert(c.get('db').kysely, c.req.valid('param').id, c.get('user')!, b.note, b.version))
  })
  .post('/:id/case', describe(tag, "File a case at the alert's place", { responses: { 201: { description: 'filed' } } }), requireRole('admin', 'dispatcher', 'town_desk', 'village_desk'),
    params(idPath), json(alertToCase.optional().default({})), async (c) => {
      await requireAlertInUnit(c, c.req.valid('param').id)
      return c.json(await alerts.alertToCase(c.get('db').kysely, c.req.valid('param').id, c.get('user')!, c.req.valid('json').category_code), 201)
    })

/** GET /api/alert-rules — the rules with their parameters and limits; PATCH one (administrators). */
export const ruleRoutes = new Hono<AppEnv>()
  .get('/', describe(tag, 'The early-warning rules with their parameters and limits'), desks, async (c) => c.json(await warning.ruleView(c.get('db').kysely)))
  .patch('/:code', describe(tag, "Change a rule's switch, severity or parameters"), requireRole('admin'), params(codePath), json(rulePatch), async (c) => {
    const def = RULES.find((r) => r.code === c.req.valid('param').code)
    if (!def) throw new DomainError('not_found', `no rule ${c.req.valid('param').code}`, 'unknown_rule')
    const b = c.req.valid('json')
    const refused = b.params ? paramsRefusal(def, b.params) : null
    if (refused) throw new DomainError('bad_request', refused, 'invalid_parameter')
    return c.json(await warning.updateRule(c.get('db').kysely, def.code, { ...b, params: b.params as Record<string, number> | undefined }))
  })
