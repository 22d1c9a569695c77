import { INCIDENT_STATUSES, incidents } from '@gridsight/db'
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../context.js'
import { isoDate, page, pageSize, parseQuery, unitCode } from '../params.js'
import { requireUnit } from './units.js'

const listQuery = z.object({
  unit: unitCode.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  status: z.string().transform((v) => v.split(',')).pipe(z.array(z.enum(INCIDENT_STATUSES))).optional(),
  category: z.string().regex(/^[a-z_]+(\.[a-z_]+)?$/, 'category must be a category code such as dispute or dispute.neighbour').optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  page,
  pageSize,
})

export const incidentRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const q = parseQuery(listQuery, c.req.query())
  if (q.unit && q.unit.length <= 12) await requireUnit(c.get('db'), q.unit)
  const { items, total } = await incidents.listIncidents(c.get('db').kysely, q)
  return c.json({ items, total, page: q.page, pageSize: q.pageSize })
})
