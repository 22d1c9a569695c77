import { grids } from '@gridsight/db'
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../context.js'
import { badRequest } from '../errors.js'
import { bboxParam, parseQuery, zoomParam } from '../params.js'
import { requireUnitCode } from './units.js'

export const gridRoutes = new Hono<AppEnv>().get('/geojson', async (c) => {
  const q = parseQuery(z.object({
    village: z.string().regex(/^[0-9]{12}$/, 'village must be a 12-digit code').optional(),
    bbox: bboxParam.optional(),
    z: zoomParam.optional(),
  }), c.req.query())
  if (!q.village && !q.bbox) throw badRequest('give village or bbox', 'missing_filter')
  if (q.village) await requireUnitCode(c.get('db'), q.village)
  return c.body(await grids.gridsGeoJson(c.get('db').kysely, q), 200, { 'content-type': 'application/geo+json' })
})
