import { describe, expect, it } from 'vitest'
import { change, comparedWindows, leaderWindows } from './league'

describe("the leader page's windows and comparisons", () => {
  it('offers this month, last month (across a new year), 30 days and the year in Beijing days', () => {
    const w = Object.fromEntries(leaderWindows(Date.parse('2026-01-15T02:00:00Z')).map((x) => [x.key, [x.from, x.to]]))
    expect(w.month).toEqual(['2026-01-01', '2026-01-16'])
    expect(w['last-month']).toEqual(['2025-12-01', '2026-01-01'])
    expect(w.year).toEqual(['2026-01-01', '2026-01-16'])
  })
  it('compares a month with the month before and a year before, other windows with the period just before', () => {
    expect(comparedWindows({ from: '2026-10-01', to: '2026-11-01' })).toEqual({ mom: { from: '2026-09-01', to: '2026-10-01' }, yoy: { from: '2025-10-01', to: '2025-11-01' } })
    expect(comparedWindows({ from: '2026-03-01', to: '2026-03-31' }).mom).toEqual({ from: '2026-02-01', to: '2026-02-28' }) // 上月同期
    expect(comparedWindows({ from: '2026-10-27', to: '2026-11-26' }).mom).toEqual({ from: '2026-09-27', to: '2026-10-27' })
  })
  it('says whether a change is for the better: up for on-time closure, down for rework', () => {
    expect(change('on_time_rate', 'pct', 0.8, 0.75)).toEqual({ arrow: '↑', text: '5.0个百分点', better: true })
    expect(change('rework_rate', 'pct', 0.05, 0.03)).toMatchObject({ arrow: '↑', better: false })
    expect(change('registered', 'int', 90, 100)).toEqual({ arrow: '↓', text: '10.0%', better: null })
    expect(change('overdue', 'int', 90, 100)).toMatchObject({ arrow: '↓', better: true })
    expect(change('registered', 'int', 90, 0)).toBeNull()
    expect(change('on_time_rate', 'pct', 0.8, null)).toBeNull()
  })
})
