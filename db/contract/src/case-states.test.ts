import { describe, expect, it } from 'vitest'
import { isClosedOnTime, isOverdue, statusClass } from './case-states.js'

const now = new Date('2026-11-24T10:00:00Z')
const past = '2026-11-24T09:00:00Z'
const future = '2026-11-24T11:00:00Z'

describe('case standing', () => {
  it.each([
    ['open, past deadline', { status: 'handling', deadline: past }, true, true, 'overdue'],
    ['open, before deadline', { status: 'handling', deadline: future }, false, false, 'open'],
    ['open, no deadline yet', { status: 'reported', deadline: null }, false, false, 'open'],
    ['paused (缓办) past deadline', { status: 'deferred', deadline: past }, false, false, 'open'],
    ['parked (挂账) past deadline', { status: 'parked', deadline: past }, false, false, 'open'],
    ['closed late', { status: 'closed', deadline: past, closed_at: '2026-11-24T09:30:00Z' }, false, true, 'closed'],
    ['closed on time', { status: 'evaluated', deadline: future, closed_at: '2026-11-24T09:30:00Z' }, false, false, 'closed'],
    ['merged duplicate', { status: 'closed', deadline: past, closed_at: future, merged_into: 7 }, false, false, 'closed'],
  ] as const)('%s: overdue %s (late %s), class %s', (_, c, overdue, _late, cls) => {
    expect(isOverdue(c, now)).toBe(overdue)
    expect(statusClass(c, now)).toBe(cls)
  })

  it('counts a merged duplicate as no case closed on time', () => {
    expect(isClosedOnTime({ status: 'closed', deadline: future, closed_at: past })).toBe(true)
    expect(isClosedOnTime({ status: 'closed', deadline: future, closed_at: past, merged_into: 3 })).toBe(false)
  })
})
