import { INCIDENT_STATUSES, incidents } from '@gridsight/db'
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv, SessionUser } from '../context.js'
import { isoDate, page, pageSize, parseQuery, unitCode } from '../params.js'
import { requireUnitCode } from './units.js'

const listQuery = z.object({
  unit: unitCode.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  status: z.string().transform((v) => v.split(',')).pipe(z.array(z.enum(INCIDENT_STATUSES))).optional(),
  category: z.string().regex(/^[a-z_]+(\.[a-z_]+)?$/, 'category must be a category code such as dispute or dispute.neighbour').optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  department: z.string().regex(/^[a-z0-9_]{2,40}$/, 'department must be a department code').optional(),
  page,
  pageSize,
})

/** Department staff list only their department's queue; grid workers only their own grid's cases. */
function limitToOwnCases<T extends { unit?: string; department?: string }>(user: SessionUser | undefined, q: T): T {
  if (user?.role === 'department') return { ...q, department: user.department_code ?? '-' }
  if (user?.role === 'grid_worker' && user.grid_code) return { ...q, unit: user.grid_code }
  return q
}

export const incidentRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const q = limitToOwnCases(c.get('user'), parseQuery(listQuery, c.req.query()))
    if (q.unit && q.unit.length <= 12) await requireUnitCode(c.get('db'), q.unit)
    const { items, total } = await incidents.listIncidents(c.get('db').kysely, q)
    return c.json({ items, total, page: q.page, pageSize: q.pageSize })
  })
  /**
   * GET /api/incidents/points — the filter's incidents for the map as binary columns, little-endian:
   * uint32 id[n], float32 lon[n], float32 lat[n], uint8 statusClass[n] (0 open, 1 overdue, 2 closed), uint8 priority[n].
   */
  .get('/points', async (c) => {
    const q = parseQuery(listQuery.omit({ page: true, pageSize: true }), c.req.query())
    if (q.unit && q.unit.length <= 12) await requireUnitCode(c.get('db'), q.unit)
    const p = await incidents.incidentPoints(c.get('db').kysely, q)
    const n = p.id.length
    const body = new Uint8Array(n * 14)
    body.set(new Uint8Array(p.id.buffer), 0)
    body.set(new Uint8Array(p.lon.buffer), n * 4)
    body.set(new Uint8Array(p.lat.buffer), n * 8)
    body.set(p.statusClass, n * 12)
    body.set(p.priority, n * 13)
    return c.body(body, 200, { 'content-type': 'application/octet-stream', 'x-count': String(n),
      'x-layout': 'uint32le id[n] float32le lon[n] float32le lat[n] uint8 statusClass[n] uint8 priority[n]' })
  })
