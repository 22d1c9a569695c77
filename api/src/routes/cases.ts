import { ACTION_NAMES, cases, nearby } from '@gridsight/db'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { requireRole } from '../auth.js'
import type { AppEnv } from '../context.js'
import { ApiError, notFound } from '../errors.js'
import { parseBody } from '../params.js'

const report = z.object({
  client_id: z.uuid('client_id must be a UUID made by the device (it makes the report idempotent)'),
  category_code: z.string().regex(/^[a-z_]+\.[a-z_]+$/, 'category_code must be a second-level category such as dispute.neighbour'),
  description: z.string().trim().min(1, 'description is empty').max(2000),
  lon: z.number().min(-180, 'lon must be within -180..180').max(180, 'lon must be within -180..180'),
  lat: z.number().min(-90, 'lat must be within -90..90').max(90, 'lat must be within -90..90'),
  people_involved: z.number().int().min(0).max(100000).default(1),
  title: z.string().trim().min(1).max(200).optional(),
})

const action = z.object({
  action: z.enum(ACTION_NAMES, { message: `action must be one of ${ACTION_NAMES.join(', ')}` }),
  note: z.string().max(2000).optional(),
  department_code: z.string().max(40).optional(),
  hours: z.number().int().min(1).max(24 * 90).optional(),
  level: z.enum(['normal', 'yellow', 'red']).optional(),
  version: z.number().int().min(1).optional(),
})

const idParam = (raw: string) => {
  if (!/^[0-9]{1,12}$/.test(raw)) throw new ApiError(400, 'invalid_parameter', 'id must be a positive integer')
  return Number(raw)
}

function caseError(e: unknown): never {
  if (e instanceof cases.CaseError) throw new ApiError(e.status, e.code, e.message)
  throw e
}

/** Filing reports and moving cases through the workflow; every change is pushed to the live stream. */
export const caseRoutes = new Hono<AppEnv>()
  .post('/', bodyLimit({ maxSize: 64 * 1024, onError: () => { throw new ApiError(413, 'too_large', 'a report may be at most 64 KB') } }),
    requireRole('grid_worker', 'dispatcher', 'admin'), async (c) => {
      const body = parseBody(report, await c.req.json().catch(() => null))
      const user = c.get('user')!
      const r = await cases.createIncident(c.get('db').kysely, body, user).catch(caseError)
      if (r.created) void c.get('hub').poke()
      return c.json(r.incident, r.created ? 201 : 200)
    })
  /** A case with its description and timeline: desks see every case, department staff and grid workers only their own. */
  .get('/:id{[0-9]+}', requireRole('admin', 'leader', 'dispatcher', 'department', 'grid_worker'), async (c) => {
    const detail = await cases.incidentDetail(c.get('db').kysely, idParam(c.req.param('id')))
    if (!detail) throw notFound(`no incident ${c.req.param('id')}`, 'unknown_incident')
    const user = c.get('user')!
    const own = user.role === 'department' ? detail.incident.department_code === user.department_code
      : user.role === 'grid_worker' ? detail.incident.grid_code === user.grid_code || detail.incident.reporter_user_id === user.id
        : true
    if (!own) throw new ApiError(403, 'not_your_case', user.role === 'department' ? 'this case is not dispatched to your department' : 'this case is not in your grid')
    return c.json(detail)
  })
  /** Cameras within ?radius= metres (default 500), grid workers of the grid and its neighbours, possible duplicates. */
  .get('/:id{[0-9]+}/nearby', requireRole('admin', 'leader', 'dispatcher'), async (c) => {
    const radius = Number(c.req.query('radius') ?? 500)
    if (!Number.isFinite(radius) || radius < 10 || radius > 5000) throw new ApiError(400, 'invalid_parameter', 'radius must be 10–5000 metres')
    const r = await nearby.aroundIncident(c.get('db').kysely, idParam(c.req.param('id')), radius)
    if (!r) throw notFound(`no incident ${c.req.param('id')}`, 'unknown_incident')
    return c.json(r)
  })
  .post('/:id/actions', requireRole('admin', 'leader', 'dispatcher', 'department'), async (c) => {
    const id = idParam(c.req.param('id'))
    const { action: name, ...params } = parseBody(action, await c.req.json().catch(() => null))
    const updated = await cases.applyAction(c.get('db').kysely, id, name, c.get('user')!, params).catch(caseError)
    void c.get('hub').poke()
    return c.json(updated)
  })
