import { describe, expect, it } from 'vitest'
import { parseCalendarLines } from './calendar-lines'

describe('the calendar editor lines', () => {
  it('reads one day a line and skips blank ones', () => {
    expect(parseCalendarLines('2027-01-01 holiday 元旦\n\n 2027-02-07 workday 春节调休上班 ')).toEqual({
      days: [{ day: '2027-01-01', kind: 'holiday', name: '元旦' }, { day: '2027-02-07', kind: 'workday', name: '春节调休上班' }], problem: null })
  })
  it('names the first line that is not a day', () => {
    expect(parseCalendarLines('2027-01-01 holiday 元旦\n2027-01-02 off 元旦').problem).toBe('第 2 行格式应为“日期 holiday|workday 名称”：2027-01-02 off 元旦')
  })
})
