import { DomainError, tilePath } from '@gridsight/contract'
import { tiles } from '@gridsight/db'
import { Hono } from 'hono'
import type { AppEnv } from '../context.js'
import { describe } from '../openapi.js'
import { encodeTile } from '../tiles/encode.js'
import { params } from '../validate.js'
import { audited } from '../audit.js'
import { viewerOf } from '../privacy.js'

/** GET /api/tiles/{layer}/{z}/{x}/{y}.mvt — Mapbox vector tiles of households, grids, villages, towns. */
export const tileRoutes = new Hono<AppEnv>()
  .get('/:layer/:z/:x/:y', describe('map', 'Mapbox vector tiles of households, grids, villages and towns'), params(tilePath), async (c) => {
    const p = c.req.valid('param')
    if (p.x >= 2 ** p.z || p.y >= 2 ** p.z) throw new DomainError('bad_request', `tile ${p.z}/${p.x}/${p.y} does not exist: x and y must be < 2^z`, 'invalid_parameter')
    const db = c.get('db')
    // One point per household only for the desks, and each such tile read is audited; everyone else gets cells.
    const audience = { householdPoints: viewerOf(c.get('user')).audience === 'desk' }
    const personal = p.layer === 'households' && tiles.householdPointsAt(p.z, audience)
    if (personal) await audited(c, 'households.read', `tile:${p.z}/${p.x}/${p.y}`)
    const body = await tiles.cachedTile(db.kysely, p.layer, p.z, p.x, p.y, audience, async () => db.hasAsMvt
      ? await tiles.tileMvt(db.kysely, p.layer, p.z, p.x, p.y, audience)
      : encodeTile(p.layer, await tiles.tileFeatures(db.kysely, p.layer, p.z, p.x, p.y, audience), p.z, p.x, p.y))
    const headers = { 'content-type': 'application/vnd.mapbox-vector-tile', 'cache-control': personal ? 'private, no-store' : 'public, max-age=300' }
    return body.length ? c.body(body as Uint8Array<ArrayBuffer>, 200, headers) : c.body(null, 204, headers)
  })
