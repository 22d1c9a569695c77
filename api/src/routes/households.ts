import { DENSITY_LAYOUT, densityQuery } from '@gridsight/contract'
import { households } from '@gridsight/db'
import { Hono } from 'hono'
import type { AppEnv } from '../context.js'
import { columnsResponse } from '../responses.js'
import { describe } from '../openapi.js'
import { query } from '../validate.js'
import { minimumCell, viewerOf } from '../privacy.js'

/**
 * GET /api/households/density — households aggregated to cells, for heatmaps, as binary columns (the contract's
 * DENSITY_LAYOUT). Personal data never leaves: only counts per cell.
 */
export const householdRoutes = new Hono<AppEnv>()
  .get('/density', describe('map', 'Households per cell as binary columns (DENSITY_LAYOUT)'), query(densityQuery), async (c) => {
    const q = c.req.valid('query')
    // Outside the desks no cell is smaller than the public cell (≥ 100 m); cells are placed at their centres.
    return columnsResponse(DENSITY_LAYOUT, await households.householdDensity(c.get('db').kysely, minimumCell(viewerOf(c.get('user')), q.cell), q.bbox))
  })
