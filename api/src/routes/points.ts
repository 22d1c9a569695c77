import { PLACE_KINDS, points } from '@gridsight/db'
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../context.js'
import { adminCode, bboxParam, parseQuery } from '../params.js'

const geo = (c: { body: (b: string, s: 200, h: Record<string, string>) => Response }, fc: string) =>
  c.body(fc, 200, { 'content-type': 'application/geo+json' })

export const cameraRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const q = parseQuery(z.object({ bbox: bboxParam.optional(), status: z.enum(['ON', 'OFF']).optional(), unit: adminCode.optional() }), c.req.query())
  return geo(c, await points.camerasGeoJson(c.get('db').kysely, q))
})

export const placeRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const q = parseQuery(z.object({ bbox: bboxParam.optional(), kind: z.enum(PLACE_KINDS).optional(), unit: adminCode.optional() }), c.req.query())
  return geo(c, await points.placesGeoJson(c.get('db').kysely, q))
})
