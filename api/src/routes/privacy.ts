import { auditQuery, sensitiveSubjectsBody } from '@gridsight/contract'
import { privacy } from '@gridsight/db'
import { Hono } from 'hono'
import { audited } from '../audit.js'
import { requireRole } from '../auth.js'
import type { AppEnv } from '../context.js'
import { describe } from '../openapi.js'
import { json, query } from '../validate.js'

const tag = 'privacy'

/** GET /api/audit — the one audit log of reads of personal data (administrators; reading it is logged too). */
export const auditRoutes = new Hono<AppEnv>()
  .get('/', describe(tag, 'The audit log of reads of personal data, newest first'), requireRole('admin'), query(auditQuery), async (c) => {
    const q = c.req.valid('query')
    await audited(c, 'audit.read', 'audit_log')
    return c.json({ ...(await privacy.auditLog(c.get('db').kysely, q)), page: q.page, pageSize: q.pageSize })
  })

/** The sensitive subjects: categories and device kinds never placed for the screens (administrators edit the list). */
export const sensitiveRoutes = new Hono<AppEnv>()
  .get('/', describe(tag, 'The sensitive categories and device kinds'), requireRole('admin', 'leader', 'dispatcher'), async (c) =>
    c.json({ items: await privacy.sensitiveSubjects(c.get('db').kysely) }))
  .put('/', describe(tag, 'Replace the list of sensitive categories and device kinds'), requireRole('admin'), json(sensitiveSubjectsBody), async (c) => {
    const items = await privacy.replaceSensitiveSubjects(c.get('db').kysely, c.req.valid('json').items)
    c.get('privacy').invalidate()
    return c.json({ items })
  })
