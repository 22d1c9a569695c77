import { attachmentQuery, DomainError, idPath } from '@gridsight/contract'
import { attachments, cases } from '@gridsight/db'
import { Hono } from 'hono'
import { requireRole } from '../auth.js'
import type { AppEnv } from '../context.js'
import { describe } from '../openapi.js'
import { params, query } from '../validate.js'
import { mayReadCase } from './incidents.js'

/** GET /api/attachments/{id}?size=thumb|full — a case's photo (JPEG), to those who may read the case. */
export const attachmentRoutes = new Hono<AppEnv>()
  .get('/:id', describe('incidents', "A case's photo (JPEG), to those who may read the case"), requireRole('admin', 'leader', 'dispatcher', 'department', 'grid_worker'),
    params(idPath), query(attachmentQuery), async (c) => {
      const db = c.get('db').kysely
      const { id } = c.req.valid('param')
      const p = await attachments.photo(db, id, c.req.valid('query').size)
      if (!p) throw new DomainError('not_found', `no attachment ${id}`, 'unknown_attachment')
      const refused = mayReadCase(c.get('user')!, (await cases.caseOwnership(db, p.incident_id))!)
      if (refused) throw refused
      return c.body(new Uint8Array(p.data), 200, { 'content-type': 'image/jpeg', 'cache-control': 'private, max-age=86400, immutable' })
    })
