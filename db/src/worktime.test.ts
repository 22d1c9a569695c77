import { describe, expect, it } from 'vitest'
import { addWorkingHours, deadlineAfter, PLAIN_CALENDAR, WORK_HOURS_PER_DAY, type WorkCalendar, workingHoursBetween } from './worktime.js'

// Times in Beijing (+08:00). 2026-11-20 is a Friday.
const bj = (s: string) => new Date(`${s}+08:00`)

describe('working-time deadlines', () => {
  it.each([
    ['within the morning', '2026-11-18T09:30:00', 2, '2026-11-18T11:30:00'],
    ['across lunch', '2026-11-18T11:00:00', 2, '2026-11-18T15:00:00'],
    ['from before work', '2026-11-18T07:00:00', 1, '2026-11-18T10:00:00'],
    ['from lunch time', '2026-11-18T12:30:00', 1, '2026-11-18T15:00:00'],
    ['from the evening into the next day', '2026-11-18T20:00:00', 4, '2026-11-19T15:00:00'],
    ['Friday afternoon over the weekend', '2026-11-20T16:00:00', 4, '2026-11-23T11:00:00'],
    ['from Saturday', '2026-11-21T10:00:00', 1, '2026-11-23T10:00:00'],
    ['a whole working day', '2026-11-18T09:00:00', WORK_HOURS_PER_DAY, '2026-11-18T18:00:00'],
    ['72 working hours (ten working days and two hours)', '2026-11-18T09:00:00', 72, '2026-12-02T11:00:00'],
    ['ending exactly at a period end', '2026-11-18T17:00:00', 1, '2026-11-18T18:00:00'],
  ])('%s', (_what, start, hours, end) => {
    expect(addWorkingHours(bj(start), hours).toISOString()).toBe(bj(end).toISOString())
  })

  it('runs natural hours for emergencies', () => {
    expect(deadlineAfter(bj('2026-11-21T23:00:00'), 4, 'natural').toISOString()).toBe(bj('2026-11-22T03:00:00').toISOString())
    expect(deadlineAfter(bj('2026-11-21T23:00:00'), 4, 'working').toISOString()).toBe(bj('2026-11-23T15:00:00').toISOString())
  })
})

describe('the working calendar (holidays and make-up days as data)', () => {
  // 2026 as the State Council's notice has it, for the days these checks cross (DOMAIN.md).
  const holidays = new Map([...['02-15', '02-16', '02-17', '02-18', '02-19', '02-20', '02-21', '02-22', '02-23'].map((d) => `2026-${d}`),
    ...['10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07'].map((d) => `2026-${d}`)].map((d) => [d, '假日']))
  const workdays = new Map(['2026-02-14', '2026-02-28', '2026-09-20', '2026-10-10'].map((d) => [d, '调休上班']))
  const cal: WorkCalendar = { holidays, workdays, seasons: [] }

  it.each([
    ['over National Day to the make-up Saturday and on', '2026-09-30T16:00:00', 24, '2026-10-12T10:00:00'],
    ['over the Spring Festival', '2026-02-13T16:00:00', 24, '2026-02-26T10:00:00'],
    ['into a make-up Sunday', '2026-09-18T16:00:00', 7, '2026-09-20T16:00:00'],
  ])('%s (office hours 09:00–12:00, 14:00–18:00)', (_what, start, hours, end) => {
    expect(addWorkingHours(bj(start), hours, cal).toISOString()).toBe(bj(end).toISOString())
  })

  it('keeps seasonal office hours', () => {
    const summer: WorkCalendar = { ...PLAIN_CALENDAR, seasons: [{ name: '夏季', from: '07-01', to: '09-30', periods: [[9 * 60, 12 * 60], [15 * 60, 18 * 60]] }] }
    expect(addWorkingHours(bj('2026-07-15T11:00:00'), 2, summer).toISOString()).toBe(bj('2026-07-15T16:00:00').toISOString())
    expect(addWorkingHours(bj('2026-10-15T11:00:00'), 2, summer).toISOString()).toBe(bj('2026-10-15T15:00:00').toISOString())
    const winter: WorkCalendar = { ...PLAIN_CALENDAR, seasons: [{ name: '冬季', from: '11-01', to: '02-28', periods: [[9 * 60, 12 * 60], [13 * 60 + 30, 17 * 60 + 30]] }] }
    expect(addWorkingHours(bj('2026-01-14T11:00:00'), 2, winter).toISOString()).toBe(bj('2026-01-14T14:30:00').toISOString())
  })

  it('measures the working time between two moments', () => {
    expect(workingHoursBetween(bj('2026-09-30T16:00:00'), bj('2026-10-12T10:00:00'), cal)).toBe(24)
    expect(workingHoursBetween(bj('2026-11-20T16:00:00'), bj('2026-11-23T11:00:00'))).toBe(4)
    expect(workingHoursBetween(bj('2026-11-23T11:00:00'), bj('2026-11-20T16:00:00'))).toBe(0)
  })
})
