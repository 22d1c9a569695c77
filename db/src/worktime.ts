import { beijingOffsetMs, type DeadlineClock } from '@gridsight/contract'

/**
 * Working time (工作时) for case deadlines: DOMAIN.md sets deadlines per category "in working hours or days".
 * The working day is Monday–Friday, 09:00–12:00 and 14:00–18:00 Beijing time:
 * 7 working hours a day. Public holidays are not in the calendar yet.
 */
export const WORK_PERIODS: ReadonlyArray<readonly [startMinute: number, endMinute: number]> = [[9 * 60, 12 * 60], [14 * 60, 18 * 60]]
export const WORK_HOURS_PER_DAY = WORK_PERIODS.reduce((a, [s, e]) => a + (e - s), 0) / 60

const MINUTE = 60_000
const DAY = 86_400_000


/** Categories whose deadline runs on natural hours: emergencies and collective-action signs do not wait for Monday. */
export const NATURAL_CLOCK_CATEGORIES = ['collective.gathering', 'collective.petition', 'order.missing', 'order.key_person',
  'disaster.flood', 'hazard.gas', 'hazard.geology', 'environment.burning'] as const

/** The moment `hours` of working time after `start` (a start outside working time begins at the next period). */
export function addWorkingHours(start: Date, hours: number): Date {
  if (!(hours > 0)) return new Date(start)
  let left = Math.round(hours * 60) * MINUTE
  const offset = beijingOffsetMs(start) // Beijing keeps one offset all year
  let local = start.getTime() + offset // Beijing wall time, expressed in UTC fields
  for (let guard = 0; guard < 3660; guard++) {
    const dayStart = Math.floor(local / DAY) * DAY
    const weekday = new Date(dayStart).getUTCDay() // 0 Sunday … 6 Saturday
    if (weekday !== 0 && weekday !== 6) {
      for (const [s, e] of WORK_PERIODS) {
        const from = Math.max(local, dayStart + s * MINUTE)
        const to = dayStart + e * MINUTE
        if (from >= to) continue
        if (to - from >= left) return new Date(from + left - offset)
        left -= to - from
        local = to
      }
    }
    local = dayStart + DAY
  }
  throw new Error('deadline beyond ten years of working time')
}

/** The deadline of a case dispatched at `start` with `hours` on the category's clock. */
export function deadlineAfter(start: Date, hours: number, clock: DeadlineClock): Date {
  return clock === 'working' ? addWorkingHours(start, hours) : new Date(start.getTime() + hours * 3_600_000)
}
