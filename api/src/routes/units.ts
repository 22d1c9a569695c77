import { DomainError, unitPath, unitsGeoQuery, unitsQuery } from '@gridsight/contract'
import { type Scope, units } from '@gridsight/db'
import { Hono } from 'hono'
import type { AppEnv } from '../context.js'
import { describe } from '../openapi.js'
import { geoJsonResponse } from '../responses.js'
import { params, query } from '../validate.js'

export const unitRoutes = new Hono<AppEnv>()
  .get('/tree', describe('units', 'The district → town → village tree with figures (no geometry)'), async (c) => {
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
  .get('/geojson', describe('units', 'Units as GeoJSON, simplified for zoom z'), query(unitsGeoQuery), async (c) => {
    const q = c.req.valid('query')
    if (q.parent) await requireScope(c.get('db'), q.parent)
    return geoJsonResponse(await units.unitsGeoJson(c.get('db').kysely, q))
  })
  .get('/', describe('units', 'Units by parent and level'), query(unitsQuery), async (c) =>
    c.json(await units.listUnits(c.get('db').kysely, c.req.valid('query'))))
  .get('/:code', describe('units', 'One unit with its extent and child counts'), params(unitPath), async (c) => {
    const { code } = c.req.valid('param')
    const unit = await units.getUnit(c.get('db').kysely, code)
    if (!unit) throw noUnit(code)
    return c.json(unit)
  })

const noUnit = (code: string) => new DomainError('not_found', `no admin unit with code ${code}`, 'unknown_unit')

/** The unit a filter names, with its stored level; 404 unless it exists. */
export async function requireScope(db: AppEnv['Variables']['db'], code: string): Promise<units.NamedScope> {
  const scope = await units.resolveScope(db.kysely, code)
  if (!scope) throw noUnit(code)
  return scope
}
