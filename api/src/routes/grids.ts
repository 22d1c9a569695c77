import { DomainError, gridsGeoQuery } from '@gridsight/contract'
import { grids } from '@gridsight/db'
import { Hono } from 'hono'
import type { AppEnv } from '../context.js'
import { describe } from '../openapi.js'
import { geoJsonResponse } from '../responses.js'
import { query } from '../validate.js'
import { requireScope } from './units.js'

export const gridRoutes = new Hono<AppEnv>()
  .get('/geojson', describe('units', 'Grids of a village or a box as GeoJSON'), query(gridsGeoQuery), async (c) => {
    const q = c.req.valid('query')
    if (!q.village && !q.bbox) throw new DomainError('bad_request', 'give village or bbox', 'missing_filter')
    if (q.village) await requireScope(c.get('db'), q.village)
    return geoJsonResponse(await grids.gridsGeoJson(c.get('db').kysely, q))
  })
