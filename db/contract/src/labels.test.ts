import { describe, expect, it } from 'vitest'
import { compositeScore, groupedMedianHours, HANDLING_CLASSES, SCORE_WEIGHTS, type ScoreWeights, sortLeague } from './labels.js'

describe('league tables and the composite score', () => {
  it('puts the best first, the lowest rework first, and rows without a figure last', () => {
    const rows = [{ name: 'a', on_time_rate: 0.7, rework_rate: 0.1 }, { name: 'b', on_time_rate: null, rework_rate: null }, { name: 'c', on_time_rate: 0.9, rework_rate: 0.02 }]
    expect(sortLeague(rows, 'on_time_rate').map((r) => r.name)).toEqual(['c', 'a', 'b'])
    expect(sortLeague(rows, 'rework_rate').map((r) => r.name)).toEqual(['c', 'a', 'b'])
  })
  it('weighs the rates that have a value, counts less-is-better ones as 1 − rate, and gives none when nothing is due', () => {
    const only = { ...Object.fromEntries(Object.keys(SCORE_WEIGHTS).map((k) => [k, 0])), on_time_rate: 60, rework_rate: 40 } as ScoreWeights
    expect(compositeScore({ closure_rate: 1, on_time_rate: 0.8, rework_rate: 0.1 }, only)).toBe(84) // (60 × 0.8 + 40 × 0.9) / 100
    expect(compositeScore({ closure_rate: 1, on_time_rate: 0.8, rework_rate: null }, only)).toBe(80) // a rate without a value weighs nothing
    expect(compositeScore({ closure_rate: null, on_time_rate: null }, SCORE_WEIGHTS)).toBeNull()
  })
  it('reads the median handling time from the counts per class, interpolated within the middle class', () => {
    const counts = (minutes: number[]) => HANDLING_CLASSES.map((lo, i) => minutes.filter((m) => m >= lo && m < (HANDLING_CLASSES[i + 1] ?? Infinity)).length)
    // Six cases; the middle (the third of six) is in [120, 180): 120 + (3 − 2) / 1 × 60 = 180 minutes.
    expect(groupedMedianHours(counts([30, 60, 120, 300, 600, 900]))).toBe(3)
    expect(groupedMedianHours(counts([50000, 60000]))).toBe(720) // above the last bound: the bound
    expect(groupedMedianHours(counts([]))).toBeNull()
  })
})
