import { describe, expect, it } from 'vitest'
import { addWorkingHours, deadlineAfter, WORK_HOURS_PER_DAY } from './worktime.js'

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
