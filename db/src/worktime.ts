import { beijingOffsetMs, type DeadlineClock } from '@gridsight/contract'

/**
 * Working time (工作时) for case deadlines: DOMAIN.md sets deadlines per category "in working hours or days".
 * A working day is Monday–Friday, less the statutory holidays, plus the 调休 make-up working days (both published by
 * the State Council each November and kept as data: the calendar_day table); its office hours are the district's,
 * which may differ by season (summer and winter hours). Times are Beijing's.
 */
export type Periods = ReadonlyArray<readonly [startMinute: number, endMinute: number]>

/** Office hours for part of the year: from and to are 'MM-DD', inclusive (a season may wrap the new year). */
export interface Season { name: string; from: string; to: string; periods: Periods }

export interface WorkCalendar {
  /** Statutory holidays, 'YYYY-MM-DD' → name (weekdays off). */
  holidays: ReadonlyMap<string, string>
  /** 调休 make-up working days, 'YYYY-MM-DD' → name (weekend days on). */
  workdays: ReadonlyMap<string, string>
  /** Seasonal office hours, first match wins; days no season covers keep DEFAULT_PERIODS. */
  seasons: readonly Season[]
}

/** 09:00–12:00 and 14:00–18:00: seven working hours a day. */
export const DEFAULT_PERIODS: Periods = [[9 * 60, 12 * 60], [14 * 60, 18 * 60]]
export const WORK_HOURS_PER_DAY = DEFAULT_PERIODS.reduce((a, [s, e]) => a + (e - s), 0) / 60
/** Weekends only: what a calendar without holiday data knows. */
export const PLAIN_CALENDAR: WorkCalendar = { holidays: new Map(), workdays: new Map(), seasons: [] }

const MINUTE = 60_000
const DAY = 86_400_000

/** Categories whose deadline runs on natural hours: emergencies and collective-action signs do not wait for Monday. */
export const NATURAL_CLOCK_CATEGORIES = ['collective.gathering', 'collective.petition', 'order.missing', 'order.key_person',
  'disaster.flood', 'hazard.gas', 'hazard.geology', 'environment.burning'] as const

const inSeason = (md: string, s: Season) => (s.from <= s.to ? md >= s.from && md <= s.to : md >= s.from || md <= s.to)

/** The office hours of a Beijing day ('YYYY-MM-DD' and its weekday), or none when it is not a working day. */
export function officeHoursOn(cal: WorkCalendar, day: string, weekday: number): Periods {
  const working = cal.workdays.has(day) || (weekday !== 0 && weekday !== 6 && !cal.holidays.has(day))
  if (!working) return []
  const md = day.slice(5)
  return cal.seasons.find((s) => inSeason(md, s))?.periods ?? DEFAULT_PERIODS
}

/** The moment `hours` of working time after `start` (a start outside working time begins at the next period). */
export function addWorkingHours(start: Date, hours: number, cal: WorkCalendar = PLAIN_CALENDAR): Date {
  if (!(hours > 0)) return new Date(start)
  let left = Math.round(hours * 60) * MINUTE
  const offset = beijingOffsetMs(start) // Beijing keeps one offset all year
  let local = start.getTime() + offset // Beijing wall time, expressed in UTC fields
  for (let guard = 0; guard < 3660; guard++) {
    const dayStart = Math.floor(local / DAY) * DAY
    const date = new Date(dayStart)
    for (const [s, e] of officeHoursOn(cal, date.toISOString().slice(0, 10), date.getUTCDay())) {
      const from = Math.max(local, dayStart + s * MINUTE)
      const to = dayStart + e * MINUTE
      if (from >= to) continue
      if (to - from >= left) return new Date(from + left - offset)
      left -= to - from
      local = to
    }
    local = dayStart + DAY
  }
  throw new Error('deadline beyond ten years of working time')
}

/** Working time between two moments, in hours (the paused time of 缓办 on a working clock). */
export function workingHoursBetween(from: Date, to: Date, cal: WorkCalendar = PLAIN_CALENDAR): number {
  if (!(to > from)) return 0
  const offset = beijingOffsetMs(from)
  let local = from.getTime() + offset
  const end = to.getTime() + offset
  let total = 0
  while (local < end) {
    const dayStart = Math.floor(local / DAY) * DAY
    const date = new Date(dayStart)
    for (const [s, e] of officeHoursOn(cal, date.toISOString().slice(0, 10), date.getUTCDay())) {
      total += Math.max(0, Math.min(end, dayStart + e * MINUTE) - Math.max(local, dayStart + s * MINUTE))
    }
    local = dayStart + DAY
  }
  return total / 3_600_000
}

/** The deadline of a case dispatched at `start` with `hours` on the category's clock. */
export function deadlineAfter(start: Date, hours: number, clock: DeadlineClock, cal: WorkCalendar = PLAIN_CALENDAR): Date {
  return clock === 'working' ? addWorkingHours(start, hours, cal) : new Date(start.getTime() + hours * 3_600_000)
}

/** Time from `from` to `to` on a clock, in whole minutes (a case's handling, acceptance and verification times). */
export function clockMinutes(from: Date, to: Date, clock: DeadlineClock, cal: WorkCalendar = PLAIN_CALENDAR): number {
  const hours = clock === 'working' ? workingHoursBetween(from, to, cal) : Math.max(0, to.getTime() - from.getTime()) / 3_600_000
  return Math.round(hours * 60)
}
