import { households } from '@gridsight/db'
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../context.js'
import { bboxParam, parseQuery } from '../params.js'

/**
 * GET /api/households/density — households aggregated to cells, for heatmaps, as binary columns:
 * little-endian Float32 [lon×n][lat×n][count×n]; n in the X-Count header. Personal data never leaves:
 * only counts per cell.
 */
export const householdRoutes = new Hono<AppEnv>().get('/density', async (c) => {
  const q = parseQuery(z.object({
    cell: z.coerce.number().min(0.0005, 'cell must be ≥ 0.0005 degrees').max(0.5, 'cell must be ≤ 0.5 degrees').default(0.004),
    bbox: bboxParam.optional(),
  }), c.req.query())
  const cells = await households.householdDensity(c.get('db').kysely, q.cell, q.bbox)
  const n = cells.lon.length
  const body = new Uint8Array(n * 12)
  body.set(new Uint8Array(cells.lon.buffer), 0)
  body.set(new Uint8Array(cells.lat.buffer), n * 4)
  body.set(new Uint8Array(cells.count.buffer), n * 8)
  return c.body(body, 200, {
    'content-type': 'application/octet-stream',
    'x-count': String(n),
    'x-layout': 'float32le lon[n] lat[n] count[n]',
    'access-control-expose-headers': 'x-count, x-layout',
  })
})
