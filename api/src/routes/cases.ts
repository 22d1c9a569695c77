import { ACTION_NAMES, attachments, cases, nearby } from '@gridsight/db'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { requireRole } from '../auth.js'
import type { AppEnv, SessionUser } from '../context.js'
import { MAX_PHOTO_BYTES, MAX_PHOTOS, processPhotos } from '../photos.js'
import { ApiError, caseError, notFound } from '../errors.js'
import { idParam, parseBody } from '../params.js'

/** Photos as base64 strings (or data: URLs); their size and type are checked by processPhotos. */
const photoList = z.array(z.string().max(MAX_PHOTO_BYTES * 2, 'a photo may be at most 5 MB'), { message: 'photos must be a list of base64 images' })
  .max(MAX_PHOTOS, `at most ${MAX_PHOTOS} photos`).optional()

/** Reports and actions carry up to three photos of at most 5 MB each. */
const withPhotosLimit = (what: string) => bodyLimit({ maxSize: MAX_PHOTOS * Math.ceil(MAX_PHOTO_BYTES * 1.4) + 64 * 1024,
  onError: () => { throw new ApiError(413, 'too_large', `${what} may carry at most ${MAX_PHOTOS} photos of ${MAX_PHOTO_BYTES / 1048576} MB each`) } })

/** Desks see every case; department staff only their department's, grid workers their grid's and their own reports. */
export function mayReadCase(user: SessionUser, c: { department_code: string | null; grid_code: string | null; reporter_user_id: number | null }): ApiError | null {
  if (user.role === 'screen') return new ApiError(403, 'forbidden', 'the screen sees aggregates only')
  if (user.role === 'department' && c.department_code !== user.department_code) return new ApiError(403, 'not_your_case', 'this case is not dispatched to your department')
  if (user.role === 'grid_worker' && c.grid_code !== user.grid_code && c.reporter_user_id !== user.id) return new ApiError(403, 'not_your_case', 'this case is not in your grid')
  return null
}

const report = z.object({
  client_id: z.uuid('client_id must be a UUID made by the device (it makes the report idempotent)'),
  category_code: z.string().regex(/^[a-z_]+\.[a-z_]+$/, 'category_code must be a second-level category such as dispute.neighbour'),
  description: z.string().trim().min(1, 'description is empty').max(2000),
  lon: z.number().min(-180, 'lon must be within -180..180').max(180, 'lon must be within -180..180'),
  lat: z.number().min(-90, 'lat must be within -90..90').max(90, 'lat must be within -90..90'),
  people_involved: z.number().int().min(0).max(100000).default(1),
  title: z.string().trim().min(1).max(200).optional(),
  photos: photoList,
})

const action = z.object({
  action: z.enum(ACTION_NAMES, { message: `action must be one of ${ACTION_NAMES.join(', ')}` }),
  note: z.string().max(2000).optional(),
  department_code: z.string().max(40).optional(),
  hours: z.number().int().min(1).max(24 * 90).optional(),
  level: z.enum(['normal', 'yellow', 'red']).optional(),
  version: z.number().int().min(1).optional(),
  into: z.number().int().min(1, 'into must be a case id').optional(),
  photos: photoList,
})

/** Filing reports and moving cases through the workflow; every change is pushed to the live stream. */
export const caseRoutes = new Hono<AppEnv>()
  .post('/', withPhotosLimit('a report'), requireRole('grid_worker', 'dispatcher', 'admin'), async (c) => {
      const { photos, ...body } = parseBody(report, await c.req.json().catch(() => null))
      const user = c.get('user')!
      const r = await cases.createIncident(c.get('db').kysely, { ...body, photos: await processPhotos(photos) }, user).catch(caseError)
      if (r.created) {
        void c.get('hub').poke()
        void c.get('warn').onIncidents([r.incident.id])
      }
      return c.json(r.incident, r.created ? 201 : 200)
    })
  /** A case with its description and timeline: desks see every case, department staff and grid workers only their own. */
  .get('/:id{[0-9]+}', requireRole('admin', 'leader', 'dispatcher', 'department', 'grid_worker'), async (c) => {
    const detail = await cases.incidentDetail(c.get('db').kysely, idParam(c.req.param('id')))
    if (!detail) throw notFound(`no incident ${c.req.param('id')}`, 'unknown_incident')
    const refused = mayReadCase(c.get('user')!, detail.incident)
    if (refused) throw refused
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
  .post('/:id/actions', withPhotosLimit('an action'), requireRole('admin', 'leader', 'dispatcher', 'department'), async (c) => {
    const id = idParam(c.req.param('id'))
    const { action: name, photos, ...params } = parseBody(action, await c.req.json().catch(() => null))
    const updated = await cases.applyAction(c.get('db').kysely, id, name, c.get('user')!, { ...params, photos: await processPhotos(photos) }).catch(caseError)
    void c.get('hub').poke()
    void c.get('warn').onIncidents([id])
    return c.json(updated)
  })

/** GET /api/attachments/{id}?size=thumb|full — a case's photo (JPEG), to those who may read the case. */
export const attachmentRoutes = new Hono<AppEnv>()
  .get('/:id{[0-9]+}', requireRole('admin', 'leader', 'dispatcher', 'department', 'grid_worker'), async (c) => {
    const size = c.req.query('size') ?? 'full'
    if (size !== 'thumb' && size !== 'full') throw new ApiError(400, 'invalid_parameter', 'size must be thumb or full')
    const db = c.get('db').kysely
    const p = await attachments.photo(db, idParam(c.req.param('id')), size)
    if (!p) throw notFound(`no attachment ${c.req.param('id')}`, 'unknown_attachment')
    const refused = mayReadCase(c.get('user')!, (await cases.caseOwnership(db, p.incident_id))!)
    if (refused) throw refused
    return c.body(new Uint8Array(p.data), 200, { 'content-type': 'image/jpeg', 'cache-control': 'private, max-age=86400, immutable' })
  })
