import { categoryPatch, codePath, DomainError } from '@gridsight/contract'
import { ACTIONS, reference } from '@gridsight/db'
import { Hono } from 'hono'
import { requireRole } from '../auth.js'
import type { AppEnv } from '../context.js'
import { describe } from '../openapi.js'
import { json, params } from '../validate.js'

const tag = 'reference'

/** The departments cases are dispatched to. */
export const departmentRoutes = new Hono<AppEnv>()
  .get('/', describe(tag, 'The departments cases are dispatched to'), async (c) => c.json(await reference.departments(c.get('db').kysely)))

/** The workflow table itself, so the consoles offer exactly the actions the API accepts. */
export const workflowRoutes = new Hono<AppEnv>()
  .get('/', describe(tag, 'The case workflow: actions, from which states, by which roles'), (c) => c.json(ACTIONS))

/** GET /api/categories — the two-level categories; PATCH one's default department and deadline (administrators). */
export const categoryRoutes = new Hono<AppEnv>()
  .get('/', describe(tag, 'The two-level incident categories with default department and deadline'), async (c) => c.json(await reference.categoryTree(c.get('db').kysely)))
  .patch('/:code', describe(tag, "Set a category's default department and deadline"), requireRole('admin'), params(codePath), json(categoryPatch), async (c) => {
    const db = c.get('db').kysely
    const b = c.req.valid('json')
    if (b.department_code && !(await reference.departmentExists(db, b.department_code))) {
      throw new DomainError('bad_request', `no department ${b.department_code}`, 'unknown_department')
    }
    const updated = await reference.setCategoryDefaults(db, c.req.valid('param').code, b)
    if (!updated) throw new DomainError('not_found', `no second-level category ${c.req.valid('param').code}`, 'unknown_category')
    return c.json(updated)
  })
