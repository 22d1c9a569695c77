import { tiles } from '@gridsight/db'
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../context.js'
import { badRequest } from '../errors.js'
import { parseQuery, zoomParam } from '../params.js'
import { encodeTile } from '../tiles/encode.js'

const tileParams = z.object({
  layer: z.enum(tiles.TILE_LAYERS, { message: `layer must be one of ${tiles.TILE_LAYERS.join(', ')}` }),
  z: zoomParam,
  x: z.coerce.number().int('x must be an integer').min(0, 'x must be ≥ 0'),
  y: z.string().regex(/^[0-9]+\.mvt$/, 'y must be an integer followed by .mvt').transform((v) => Number(v.slice(0, -4))),
})

/** GET /api/tiles/{layer}/{z}/{x}/{y}.mvt — Mapbox vector tiles of households, grids, villages, towns. */
export const tileRoutes = new Hono<AppEnv>().get('/:layer/:z/:x/:y', async (c) => {
  const p = parseQuery(tileParams, c.req.param())
  if (p.x >= 2 ** p.z || p.y >= 2 ** p.z) throw badRequest(`tile ${p.z}/${p.x}/${p.y} does not exist: x and y must be < 2^z`, 'invalid_parameter')
  const db = c.get('db')
  const body = db.hasAsMvt
    ? await tiles.tileMvt(db.kysely, p.layer, p.z, p.x, p.y)
    : encodeTile(p.layer, await tiles.tileFeatures(db.kysely, p.layer, p.z, p.x, p.y), p.z, p.x, p.y)
  const headers = { 'content-type': 'application/vnd.mapbox-vector-tile', 'cache-control': 'public, max-age=300' }
  return body.length ? c.body(body as Uint8Array<ArrayBuffer>, 200, headers) : c.body(null, 204, headers)
})
