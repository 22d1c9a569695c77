import { calendarYearBody, calendarYearPath, deadlineQuery, officeHoursBody } from '@gridsight/contract'
import { calendar } from '@gridsight/db'
import { Hono } from 'hono'
import { requireRole } from '../auth.js'
import type { AppEnv } from '../context.js'
import { describe } from '../openapi.js'
import { json, params, query } from '../validate.js'

const tag = 'calendar'
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
const shown = (list: calendar.OfficeSeason[]) => list.map((s) => ({ ...s, periods: s.periods.map(([a, b]) => [hhmm(a), hhmm(b)] as [string, string]) }))

/**
 * The working calendar: statutory holidays and 调休 make-up days per year, the seasonal office hours, and the
 * deadline a desk will set (shown before it confirms a dispatch or an extension).
 */
export const calendarRoutes = new Hono<AppEnv>()
  .get('/deadline', describe(tag, 'The deadline `hours` after `from` on a clock (working time by the calendar, or natural hours)'),
    requireRole('admin', 'leader', 'dispatcher', 'town_desk', 'village_desk', 'department'), query(deadlineQuery), async (c) => {
      const { from, hours, clock } = c.req.valid('query')
      return c.json({ deadline: (await calendar.deadline(c.get('db').kysely, from, hours, clock)).toISOString() })
    })
  .get('/years/:year', describe(tag, "A year's statutory holidays and make-up working days"), requireRole('admin', 'leader', 'dispatcher', 'town_desk', 'village_desk'),
    params(calendarYearPath), async (c) => {
      const { year } = c.req.valid('param')
      return c.json({ year, days: await calendar.yearDays(c.get('db').kysely, year) })
    })
  .put('/years/:year', describe(tag, "Replace a year's holidays and make-up days (the State Council's notice)"), requireRole('admin'),
    params(calendarYearPath), json(calendarYearBody), async (c) => {
      const { year } = c.req.valid('param')
      return c.json({ year, days: await calendar.replaceYear(c.get('db').kysely, year, c.req.valid('json').days) })
    })
  .get('/office-hours', describe(tag, 'The seasonal office hours (none: 09:00–12:00 and 14:00–18:00 all year)'), requireRole('admin', 'leader', 'dispatcher', 'town_desk', 'village_desk'),
    async (c) => c.json({ seasons: shown(await calendar.seasons(c.get('db').kysely)) }))
  .put('/office-hours', describe(tag, 'Replace the seasonal office hours'), requireRole('admin'), json(officeHoursBody), async (c) =>
    c.json({ seasons: shown(await calendar.replaceSeasons(c.get('db').kysely, c.req.valid('json').seasons)) }))
