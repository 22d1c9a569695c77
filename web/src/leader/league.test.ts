import { describe, expect, it } from 'vitest'
import { leaderWindows, sortLeague } from './league'

describe('league tables', () => {
  it('puts the best first, the lowest rework first, and rows without a figure last', () => {
    const rows = [{ name: 'a', on_time_rate: 0.7, rework_rate: 0.1 }, { name: 'b', on_time_rate: null, rework_rate: null }, { name: 'c', on_time_rate: 0.9, rework_rate: 0.02 }]
    expect(sortLeague(rows, 'on_time_rate').map((r) => r.name)).toEqual(['c', 'a', 'b'])
    expect(sortLeague(rows, 'rework_rate').map((r) => r.name)).toEqual(['c', 'a', 'b'])
  })
  it('offers this month, last month (across a new year), 30 days and the year in Beijing days', () => {
    const w = Object.fromEntries(leaderWindows(Date.parse('2026-01-15T02:00:00Z')).map((x) => [x.key, [x.from, x.to]]))
    expect(w.month).toEqual(['2026-01-01', '2026-01-16'])
    expect(w['last-month']).toEqual(['2025-12-01', '2026-01-01'])
    expect(w.year).toEqual(['2026-01-01', '2026-01-16'])
  })
})
