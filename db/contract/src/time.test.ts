import { describe, expect, it } from 'vitest'
import { addDays, addMonths, beijingDay, beijingMinute, beijingParts, monthStart, shiftMonths, startOfBeijingDay, startOfBeijingDayOf } from './time.js'

describe('Beijing days', () => {
  it.each([
    ['2026-11-24T15:59:59Z', '2026-11-24'],
    ['2026-11-24T16:00:00Z', '2026-11-25'],
    ['2026-12-31T16:30:00Z', '2027-01-01'],
    ['2026-06-30T00:02:00Z', '2026-06-30'],
  ])('%s falls on %s', (t, day) => expect(beijingDay(t)).toBe(day))

  it('starts a day at Beijing midnight', () => {
    expect(startOfBeijingDay('2026-11-25').toISOString()).toBe('2026-11-24T16:00:00.000Z')
    expect(startOfBeijingDayOf('2026-11-25T10:00:00+08:00').toISOString()).toBe('2026-11-24T16:00:00.000Z')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
  })

  it('reads the wall clock and weekday in Beijing', () => {
    expect(beijingParts('2026-11-20T17:30:00Z')).toMatchObject({ year: 2026, month: 11, day: 21, hour: 1, minute: 30, weekday: 6 })
  })
  it('writes a moment as Beijing time to the minute', () => {
    expect(beijingMinute('2026-06-30T16:05:59Z')).toBe('2026-07-01 00:05')
  })
})

describe('months of Beijing days', () => {
  it('finds a month’s first day and the months around it, across years', () => {
    expect(monthStart('2026-10-08')).toBe('2026-10-01')
    expect(addMonths('2026-12-01', 1)).toBe('2027-01-01')
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-01')
    expect(addMonths('2026-06-01', -13)).toBe('2025-05-01')
  })
})

describe('shiftMonths', () => {
  it('keeps the day of the month, or the last day of a shorter month, across years', () => {
    expect(shiftMonths('2026-03-31', -1)).toBe('2026-02-28')
    expect(shiftMonths('2024-03-31', -1)).toBe('2024-02-29')
    expect(shiftMonths('2026-01-15', -1)).toBe('2025-12-15')
    expect(shiftMonths('2026-11-26', -12)).toBe('2025-11-26')
  })
})
