import { attachmentQuery, DomainError, idPath, readReasonQuery } from '@gridsight/contract'
import { attachments, cases, privacy, workers } from '@gridsight/db'
import { Hono } from 'hono'
import { audited } from '../audit.js'
import { requireRole } from '../auth.js'
import type { AppEnv } from '../context.js'
import { describe } from '../openapi.js'
import { requireReason } from '../privacy.js'
import { params, query } from '../validate.js'
import { mayReadCase } from './incidents.js'
import { unitOf } from './workers.js'

/**
 * GET /api/attachments/{id}?size=thumb|full — a case's photo (JPEG), to the desks that may read the case (leaders
 * supervise without photos). Each read is audited; a sensitive case's photos need the reason given for reading the
 * case (within hours) or ?reason=.
 */
export const attachmentRoutes = new Hono<AppEnv>()
  .get('/:id', describe('incidents', "A case's photo (JPEG), to those who may read the case (audited)"), requireRole('admin', 'dispatcher', 'town_desk', 'village_desk', 'department', 'grid_worker'),
    params(idPath), query(attachmentQuery.extend(readReasonQuery.shape)), async (c) => {
      const db = c.get('db').kysely
      const { id } = c.req.valid('param')
      const p = await attachments.photo(db, id, c.req.valid('query').size)
      if (!p) throw new DomainError('not_found', `no attachment ${id}`, 'unknown_attachment')
      if (p.task_id !== null) {
        // A task's photo: to its worker and the desks of the worker's unit.
        const user = c.get('user')!
        const t = await workers.task(db, p.task_id)
        const mine = user.role === 'grid_worker' ? t?.assignee_id === user.id
          : user.role !== 'department' && t !== null && (await workers.workerInUnit(db, t.assignee_id, unitOf(user))) !== null
        if (!mine) throw new DomainError('forbidden', 'this photo belongs to a task that is not yours', 'not_your_task')
        await audited(c, 'task.photo.read', `task:${p.task_id}`)
        return c.body(new Uint8Array(p.data), 200, { 'content-type': 'image/jpeg', 'cache-control': 'private, no-store' })
      }
      const owner = (await cases.caseOwnership(db, p.incident_id!))!
      const refused = mayReadCase(c.get('user')!, owner)
      if (refused) throw refused
      let reason = c.req.valid('query').reason
      if ((await c.get('privacy').ready()).isSensitiveCategory(owner.category_code)) {
        reason ??= (await privacy.hasRecentReason(db, c.get('user')!.username, `incident:${p.incident_id}`)) ?? undefined
        requireReason(reason, `photo ${id} belongs to a case of a sensitive category`)
      }
      await audited(c, 'photo.read', `incident:${p.incident_id}`, reason)
      return c.body(new Uint8Array(p.data), 200, { 'content-type': 'image/jpeg', 'cache-control': 'private, no-store' })
    })
