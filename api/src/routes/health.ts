import { reference } from '@gridsight/db'
import { Hono } from 'hono'
import type { AppEnv } from '../context.js'
import { describe } from '../openapi.js'

export const health = new Hono<AppEnv>()
  .get('/', describe('system', 'Database mode, PostGIS version and the size of the data'), async (c) => {
    const db = c.get('db')
    const { postgis, counts } = await reference.dataHealth(db.kysely)
    return c.json({ status: 'ok', database: { mode: db.mode, postgis, mvt: db.hasAsMvt ? 'postgis' : 'geojson-vt' }, counts })
  })
