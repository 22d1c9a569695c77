import { Hono } from 'hono'
import { sql } from 'kysely'
import type { AppEnv } from '../context.js'

export const health = new Hono<AppEnv>().get('/', async (c) => {
  const db = c.get('db')
  const r = await sql<{ postgis: string; towns: number; villages: number; grids: number; households: number; cameras: number; incidents: number }>`
    select postgis_lib_version() as postgis,
      (select count(*)::int from admin_unit where level = 'town') as towns,
      (select count(*)::int from admin_unit where level = 'village') as villages,
      (select count(*)::int from grid) as grids,
      (select count(*)::int from household) as households,
      (select count(*)::int from camera) as cameras,
      (select count(*)::int from incident) as incidents`.execute(db.kysely)
  const { postgis, ...counts } = r.rows[0]!
  return c.json({ status: 'ok', database: { mode: db.mode, postgis, mvt: db.hasAsMvt ? 'postgis' : 'geojson-vt' }, counts })
})
