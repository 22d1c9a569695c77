import { Hono } from 'hono'
import { z } from 'zod'
import { requireRole } from '../auth.js'
import type { AppEnv } from '../context.js'
import { ApiError, notFound } from '../errors.js'
import { parseBody } from '../params.js'

const defaults = z.object({
  department_code: z.string().regex(/^[a-z0-9_]{2,40}$/, 'department_code must be a department code').nullable().optional(),
  deadline_hours: z.number().int().min(1, 'deadline_hours must be ≥ 1').max(24 * 90, 'deadline_hours must be ≤ 2160').optional(),
  deadline_clock: z.enum(['working', 'natural'], { message: 'deadline_clock must be working or natural' }).optional(),
}).refine((b) => b.department_code !== undefined || b.deadline_hours !== undefined || b.deadline_clock !== undefined, 'give department_code, deadline_hours or deadline_clock')

/** GET /api/categories — the two-level categories; PATCH one's default department and deadline — hours on the working or natural clock (administrators). */
export const categoryRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const rows = await c.get('db').kysely.selectFrom('incident_category').selectAll().orderBy('code').execute()
    const top = rows.filter((r) => !r.parent_code)
    return c.json(top.map((t) => ({ code: t.code, name: t.name, children: rows.filter((r) => r.parent_code === t.code)
      .map((r) => ({ code: r.code, name: r.name, department_code: r.department_code, deadline_hours: r.deadline_hours, deadline_clock: r.deadline_clock })) })))
  })
  .patch('/:code', requireRole('admin'), async (c) => {
    const db = c.get('db').kysely
    const b = parseBody(defaults, await c.req.json().catch(() => null))
    const cat = await db.selectFrom('incident_category').selectAll().where('code', '=', c.req.param('code')).executeTakeFirst()
    if (!cat?.parent_code) throw notFound(`no second-level category ${c.req.param('code')}`, 'unknown_category')
    if (b.department_code && !(await db.selectFrom('department').select('code').where('code', '=', b.department_code).executeTakeFirst())) {
      throw new ApiError(400, 'unknown_department', `no department ${b.department_code}`)
    }
    const updated = await db.updateTable('incident_category')
      .set({ ...(b.department_code !== undefined ? { department_code: b.department_code } : {}), ...(b.deadline_hours ? { deadline_hours: b.deadline_hours } : {}),
        ...(b.deadline_clock ? { deadline_clock: b.deadline_clock } : {}) })
      .where('code', '=', cat.code).returningAll().executeTakeFirstOrThrow()
    return c.json(updated)
  })
