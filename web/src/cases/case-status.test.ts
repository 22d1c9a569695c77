import { describe, expect, it } from 'vitest'
import { isOpenOverdue, statusClassOf, statusLabel, statusName } from './case-status'

describe('case status as pages show it', () => {
  it.each([
    ['dispatched', false, '已派遣', false, 0],
    ['dispatched', true, '超期', true, 1],
    ['closed', true, '已结案', false, 2],
    ['evaluated', false, '已评价', false, 2],
    ['something_new', false, 'something_new', false, 0],
  ] as const)('%s (overdue %s) reads %s', (status, overdue, label, late, cls) => {
    expect(statusLabel({ status, overdue })).toBe(label)
    expect(isOpenOverdue({ status, overdue })).toBe(late)
    expect(statusClassOf({ status, overdue })).toBe(cls)
  })

  it('names a status without judging the deadline', () => {
    expect(statusName('reported')).toBe('待受理')
  })
})
