import {
  DomainError, dutyBody, idPath, nearestWorkersQuery, PHOTO_BODY_BYTES, taskBody, taskDoneBody, tasksQuery, trackQuery, workerFiguresQuery, workersQuery,
} from '@gridsight/contract'
import { addWorkingHours, calendar, cases, inDeskArea, type SessionUser, workers } from '@gridsight/db'
import { Hono } from 'hono'
import { audited } from '../audit.js'
import { requireRole } from '../auth.js'
import type { AppEnv } from '../context.js'
import { describe } from '../openapi.js'
import { processPhotos } from '../photos.js'
import { json, params, query } from '../validate.js'

const tag = 'workers'
const DESKS = ['admin', 'dispatcher', 'town_desk', 'village_desk'] as const

/** The unit a user looks at: a town or village desk never beyond its own (a narrower unit inside it when asked). */
export function unitOf(user: SessionUser, asked?: string): string | null {
  if (user.unit_code && !asked?.startsWith(user.unit_code)) return user.unit_code
  return asked ?? null
}

async function workerOrRefuse(c: { get: (k: 'db') => AppEnv['Variables']['db'] }, user: SessionUser, id: number) {
  // A worker sees their own; a desk a worker of its unit.
  if (user.role === 'grid_worker' && user.id !== id) throw new DomainError('forbidden', 'a grid worker sees their own track only', 'not_your_worker')
  const w = await workers.workerInUnit(c.get('db').kysely, id, user.role === 'grid_worker' ? null : unitOf(user))
  if (!w) throw new DomainError('not_found', `no grid worker ${id} in your unit`, 'unknown_worker')
  return w
}

/**
 * The grid workers as a force: the registry of a unit (no ID numbers; masked phones), the nearest on duty to a point
 * (by real distance, from the positions shared on duty), patrol tracks per day (audited), duty from the phone, the
 * desks' tasks and the figures leaders judge the force by.
 */
export const workerRoutes = new Hono<AppEnv>()
  .get('/', describe(tag, "The registry of a unit's grid workers (专职/兼职, 网格长, 网格指导员)"), requireRole('leader', ...DESKS),
    query(workersQuery), async (c) => c.json(await workers.registry(c.get('db').kysely, unitOf(c.get('user')!, c.req.valid('query').unit))))
  .get('/nearest', describe(tag, 'The on-duty grid workers nearest a point, by distance on the spheroid'), requireRole(...DESKS),
    query(nearestWorkersQuery), async (c) => {
      const { lon, lat, limit } = c.req.valid('query')
      return c.json(await workers.nearest(c.get('db').kysely, lon, lat, unitOf(c.get('user')!), limit))
    })
  .get('/figures', describe(tag, 'Per worker over a window: reports, self-settled, verifications in time, tasks in time, patrol days'),
    requireRole('leader', ...DESKS), query(workerFiguresQuery), async (c) => {
      const q = c.req.valid('query')
      const to = q.to ?? new Date()
      const from = q.from ?? new Date(to.getTime() - 30 * 86_400_000)
      return c.json(await workers.figures(c.get('db').kysely, unitOf(c.get('user')!, q.unit), from, to))
    })
  .get('/me/duty', describe(tag, "The phone's own duty and position sharing"), requireRole('grid_worker'),
    async (c) => c.json(await workers.duty(c.get('db').kysely, c.get('user')!.id)))
  .put('/me/duty', describe(tag, 'The phone: on or off duty, and (opt-in, on duty only) where it is'), requireRole('grid_worker'),
    json(dutyBody), async (c) => c.json(await workers.reportDuty(c.get('db').kysely, c.get('user')!.id, c.req.valid('json'))))
  .get('/:id/track', describe(tag, "A worker's patrol track on a day, its length and the share of the grid it passed (audited)"),
    requireRole('grid_worker', 'leader', ...DESKS), params(idPath), query(trackQuery), async (c) => {
      const { id } = c.req.valid('param')
      const user = c.get('user')!
      await workerOrRefuse(c, user, id)
      if (user.id !== id) await audited(c, 'worker.track', `worker:${id}`)
      return c.json(await workers.track(c.get('db').kysely, id, c.req.valid('query').day))
    })
  .post('/:id/tasks', describe(tag, 'Give a grid worker a task (走访, 核查, 排查) due in working hours'), requireRole(...DESKS),
    params(idPath), json(taskBody), async (c) => {
      const db = c.get('db').kysely
      const { id } = c.req.valid('param')
      const user = c.get('user')!
      await workerOrRefuse(c, user, id)
      const b = c.req.valid('json')
      if (b.incident_id !== undefined) {
        const owner = await cases.caseOwnership(db, b.incident_id)
        if (!owner || !inDeskArea(user, owner)) throw new DomainError('bad_request', `no incident ${b.incident_id} in your unit`, 'unknown_incident')
      }
      const due = addWorkingHours(new Date(), b.hours, await calendar.loadCalendar(db))
      return c.json(await workers.createTask(db, { assignee_id: id, kind: b.kind, title: b.title, note: b.note, incident_id: b.incident_id, due_at: due }, user.id), 201)
    })

export const taskRoutes = new Hono<AppEnv>()
  .get('/', describe(tag, "A grid worker's own tasks; a desk's unit's"), requireRole('grid_worker', ...DESKS), query(tasksQuery), async (c) => {
    const user = c.get('user')!
    const open = c.req.valid('query').open === 'true'
    const db = c.get('db').kysely
    return c.json(user.role === 'grid_worker' ? await workers.tasks(db, { assignee: user.id, open }) : await workers.tasks(db, { unit: unitOf(user), open }))
  })
  .post('/:id/done', describe(tag, 'The worker closes a task with what was found and a photo'), requireRole('grid_worker'),
    params(idPath), json(taskDoneBody, { maxBytes: PHOTO_BODY_BYTES }), async (c) => {
      const { result, photos } = c.req.valid('json')
      return c.json(await workers.completeTask(c.get('db').kysely, c.req.valid('param').id, c.get('user')!.id, result, await processPhotos(photos)))
    })
