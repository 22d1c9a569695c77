import { PLACE_KINDS, points } from '@gridsight/db'
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../context.js'
import { adminCode, bboxParam, parseBody, parseQuery } from '../params.js'
import { requireRole } from '../auth.js'
import { notFound } from '../errors.js'
import { sql } from 'kysely'

const geo = (c: { body: (b: string, s: 200, h: Record<string, string>) => Response }, fc: string) =>
  c.body(fc, 200, { 'content-type': 'application/geo+json' })

export const cameraRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const q = parseQuery(z.object({ bbox: bboxParam.optional(), status: z.enum(['ON', 'OFF']).optional(), unit: adminCode.optional() }), c.req.query())
    return geo(c, await points.camerasGeoJson(c.get('db').kysely, q))
  })
  /** A camera's online status as the video platform reports it (GB/T 28181 catalogue); the camera rules re-run for its town. */
  .patch('/:id{[0-9]{20}}', requireRole('admin', 'dispatcher'), async (c) => {
    const b = parseBody(z.object({ status: z.enum(['ON', 'OFF'], { message: 'status must be ON or OFF' }) }), await c.req.json().catch(() => null))
    const r = await c.get('db').kysely.updateTable('camera').set({ status: b.status, updated_at: sql`now()` })
      .where('id', '=', c.req.param('id')).returning(['id', 'status', 'civil_code']).executeTakeFirst()
    if (!r) throw notFound(`no camera ${c.req.param('id')}`, 'unknown_camera')
    await c.get('warn').onCameras([r.civil_code.slice(0, 9)])
    return c.json({ id: r.id, status: r.status })
  })

export const placeRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const q = parseQuery(z.object({ bbox: bboxParam.optional(), kind: z.enum(PLACE_KINDS).optional(), unit: adminCode.optional() }), c.req.query())
  return geo(c, await points.placesGeoJson(c.get('db').kysely, q))
})
