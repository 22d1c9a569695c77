import { z } from 'zod'
import { DEADLINE_CLOCKS } from './labels.js'
import { isoDate } from './schemas.js'
import { line } from './text.js'

/** A day of the working calendar: a statutory holiday, or a 调休 make-up working day. */
export const CALENDAR_DAY_KIND_LABELS = { holiday: '法定节假日', workday: '调休上班' } as const
export type CalendarDayKind = keyof typeof CALENDAR_DAY_KIND_LABELS

/** GET /api/calendar/deadline: what a deadline would be, before a desk confirms it. */
export const deadlineQuery = z.object({
  from: isoDate,
  hours: z.coerce.number({ message: 'hours must be a number' }).positive('hours must be > 0').max(24 * 90, 'hours must be ≤ 2160'),
  clock: z.enum(DEADLINE_CLOCKS, { message: 'clock must be working or natural' }).default('working'),
})

export const calendarYearPath = z.object({
  year: z.string().regex(/^20[0-9]{2}$/, 'year must be 2000–2099').transform(Number),
})

const realDay = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'day must be YYYY-MM-DD')
  .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d, 'day must be a real date')

/** PUT /api/calendar/years/{year}: the year's holidays and make-up days, as the State Council's notice lists them. */
export const calendarYearBody = z.strictObject({
  days: z.array(z.strictObject({
    day: realDay,
    kind: z.enum(['holiday', 'workday'], { message: 'kind must be holiday or workday' }),
    name: line(40, { min: 1 }),
  })).max(120, 'at most 120 days a year').refine((ds) => new Set(ds.map((d) => d.day)).size === ds.length, 'each day once'),
})

const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, 'from and to are MM-DD')
const clockTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/, 'a time is HH:MM')
  .transform((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)))

/** PUT /api/calendar/office-hours: seasonal office hours (summer and winter hours); an empty list is the default. */
export const officeHoursBody = z.strictObject({
  seasons: z.array(z.strictObject({
    name: line(20, { min: 1 }),
    from: monthDay,
    to: monthDay,
    periods: z.array(z.tuple([clockTime, clockTime])).min(1, 'a season needs office hours').max(4)
      .refine((ps) => ps.every(([s, e], i) => s < e && (i === 0 || ps[i - 1]![1] <= s)), 'periods run forward and do not overlap'),
  })).max(12),
})
