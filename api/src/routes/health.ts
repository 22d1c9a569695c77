import { type Db, reference } from '@gridsight/db'
import { Hono } from 'hono'
import type { AppEnv } from '../context.js'
import { describe } from '../openapi.js'

/** A health answer this recent is given again without asking the database (a load balancer may poll every second). */
export const HEALTH_FRESH_MS = 2000

const recent = new WeakMap<Db, { at: number; body: Awaited<ReturnType<typeof check>> }>()

async function check(db: Db) {
  const { postgis, counts } = await reference.dataHealth(db.kysely)
  return { status: 'ok' as const, database: { mode: db.mode, postgis, mvt: db.hasAsMvt ? 'postgis' : 'geojson-vt' }, counts }
}

/** GET /api/health — in the first lane (lanes.ts): it answers while heavy reads queue. */
export const health = new Hono<AppEnv>()
  .get('/', describe('system', 'Database mode, PostGIS version and the size of the data'), async (c) => {
    const db = c.get('db')
    const last = recent.get(db)
    if (last && Date.now() - last.at < HEALTH_FRESH_MS) return c.json(last.body)
    const body = await check(db)
    recent.set(db, { at: Date.now(), body })
    return c.json(body)
  })
