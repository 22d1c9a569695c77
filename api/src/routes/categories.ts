import { Hono } from 'hono'
import type { AppEnv } from '../context.js'

/** GET /api/categories — the two-level incident categories with default department and deadline. */
export const categoryRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const rows = await c.get('db').kysely.selectFrom('incident_category').selectAll().orderBy('code').execute()
  const top = rows.filter((r) => !r.parent_code)
  return c.json(top.map((t) => ({ code: t.code, name: t.name, children: rows.filter((r) => r.parent_code === t.code)
    .map((r) => ({ code: r.code, name: r.name, department_code: r.department_code, deadline_hours: r.deadline_hours })) })))
})
