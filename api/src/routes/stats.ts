import { stats } from '@gridsight/db'
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../context.js'
import { badRequest } from '../errors.js'
import { isoDate, parseQuery, unitCode } from '../params.js'
import { requireUnitCode } from './units.js'

const DAY = 86_400_000
const MAX_WINDOW_DAYS = 400

const scopeQuery = z.object({ unit: unitCode.default('500117'), from: isoDate.optional(), to: isoDate.optional() })

/** unit (default the district) and window [from, to) (default the last 30 days), checked. */
async function scope(c: { req: { query(): Record<string, string> }; get(k: 'db'): AppEnv['Variables']['db'] }): Promise<stats.StatsScope> {
  const q = parseQuery(scopeQuery, c.req.query())
  const to = q.to ?? new Date()
  const from = q.from ?? new Date(to.getTime() - 30 * DAY)
  if (from >= to) throw badRequest('from must be before to', 'invalid_parameter')
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY) throw badRequest(`the window must be at most ${MAX_WINDOW_DAYS} days`, 'invalid_parameter')
  if (q.unit.length <= 12) await requireUnitCode(c.get('db'), q.unit)
  return { unit: q.unit, from, to }
}

/** Aggregates for the big screen: never a person, only counts and rates. */
export const statsRoutes = new Hono<AppEnv>()
  .get('/kpis', async (c) => c.json(await stats.kpis(c.get('db').kysely, await scope(c))))
  .get('/categories', async (c) => c.json(await stats.categoryMix(c.get('db').kysely, await scope(c))))
  .get('/trend', async (c) => c.json(await stats.dailyTrend(c.get('db').kysely, await scope(c))))
  .get('/ranking', async (c) => c.json(await stats.ranking(c.get('db').kysely, await scope(c))))
  .get('/funnel', async (c) => c.json(await stats.funnel(c.get('db').kysely, await scope(c))))
