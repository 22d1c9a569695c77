import { UNIT_LEVELS, units } from '@gridsight/db'
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../context.js'
import { notFound } from '../errors.js'
import { adminCode, bboxParam, parseQuery, zoomParam } from '../params.js'

const geoQuery = z.object({
  parent: adminCode.optional(),
  level: z.enum(UNIT_LEVELS).optional(),
  bbox: bboxParam.optional(),
  z: zoomParam.optional(),
})

export const unitRoutes = new Hono<AppEnv>()
  /** The district → town → village tree with figures (no geometry). */
  .get('/tree', async (c) => {
    const all = await units.listUnits(c.get('db').kysely)
    type Node = (typeof all)[number] & { children: Node[] }
    const byCode = new Map<string, Node>(all.map((u) => [u.code, { ...u, children: [] }]))
    const roots: Node[] = []
    for (const node of byCode.values()) {
      const parent = node.parent_code ? byCode.get(node.parent_code) : undefined
      if (parent) parent.children.push(node)
      else roots.push(node)
    }
    return c.json(roots)
  })
  .get('/geojson', async (c) => {
    const q = parseQuery(geoQuery, c.req.query())
    if (q.parent) await requireUnitCode(c.get('db'), q.parent)
    return c.body(await units.unitsGeoJson(c.get('db').kysely, q), 200, { 'content-type': 'application/geo+json' })
  })
  .get('/', async (c) => {
    const q = parseQuery(z.object({ parent: adminCode.optional(), level: z.enum(UNIT_LEVELS).optional() }), c.req.query())
    return c.json(await units.listUnits(c.get('db').kysely, q))
  })
  .get('/:code', async (c) => {
    const { code } = parseQuery(z.object({ code: adminCode }), { code: c.req.param('code') })
    return c.json(await requireUnit(c.get('db'), code))
  })

/** 404 unless the admin unit exists: a cheap check for the filters of every list and statistics request. */
export async function requireUnitCode(db: AppEnv['Variables']['db'], code: string): Promise<void> {
  if (!(await units.unitExists(db.kysely, code))) throw notFound(`no admin unit with code ${code}`, 'unknown_unit')
}

export async function requireUnit(db: AppEnv['Variables']['db'], code: string) {
  const unit = await units.getUnit(db.kysely, code)
  if (!unit) throw notFound(`no admin unit with code ${code}`, 'unknown_unit')
  return unit
}
