import { ACTIONS } from '@gridsight/db'
import { Hono } from 'hono'
import type { AppEnv } from '../context.js'

/** The departments cases are dispatched to. */
export const departmentRoutes = new Hono<AppEnv>().get('/', async (c) =>
  c.json(await c.get('db').kysely.selectFrom('department').select(['code', 'name', 'kind', 'unit_code']).orderBy('kind').orderBy('code').execute()))

/** The workflow table itself, so the consoles offer exactly the actions the API accepts. */
export const workflowRoutes = new Hono<AppEnv>().get('/', (c) => c.json(ACTIONS))
