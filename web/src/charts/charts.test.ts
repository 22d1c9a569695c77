import { describe, expect, it } from 'vitest'
import { categoryChartOption } from './category-chart'
import { funnelChartOption } from './funnel-chart'
import { rankingChartOption, type RankingRow } from './ranking-chart'
import { trendChartOption } from './trend-chart'
import { type LevelRow, levelsChartOption, villageShare } from './levels-chart'

const rows: RankingRow[] = [
  { code: 'a', name: '甲镇', incidents: 10, households: 1000, per_1000_households: 10, overdue: 0, on_time_rate: 0.9 },
  { code: 'b', name: '乙镇', incidents: 30, households: 1000, per_1000_households: 30, overdue: 0, on_time_rate: 0.5 },
  { code: 'c', name: '丙街道', incidents: 5, households: 2500, per_1000_households: 2, overdue: 0, on_time_rate: null },
]

describe('chart option builders', () => {
  it.each([
    ['per1000', ['丙街道', '甲镇', '乙镇'], [2, 10, 30]],
    ['onTime', ['丙街道', '乙镇', '甲镇'], [0, 50, 90]],
  ] as const)('ranks by %s (largest at the top of the bar chart)', (metric, names, values) => {
    const o = rankingChartOption(rows, metric) as any
    expect(o.yAxis.data).toEqual(names)
    expect(o.series[0].data.map((d: any) => d.value)).toEqual(values)
    expect(o.series[0].data.at(-1).code).toBe(metric === 'per1000' ? 'b' : 'a')
  })

  it('keeps only the top N', () => {
    expect((rankingChartOption(rows, 'per1000', 2) as any).yAxis.data).toEqual(['甲镇', '乙镇'])
  })

  it('names the categories and the workflow steps in Chinese', () => {
    const c = categoryChartOption([{ code: 'dispute', name: '矛盾纠纷', count: 4 }]) as any
    expect(c.series[0].data).toEqual([{ name: '矛盾纠纷', value: 4 }])
    const f = funnelChartOption([{ step: 'reported', count: 9 }, { step: 'closed', count: 7 }]) as any
    expect(f.series[0].data).toEqual([{ name: '上报', value: 9 }, { name: '结案', value: 7 }])
  })

  it('plots reported and closed per day', () => {
    const t = trendChartOption([{ day: '2026-06-01', reported: 3, closed: 1 }]) as any
    expect(t.xAxis.data).toEqual(['06-01'])
    expect(t.series.map((s: any) => s.data)).toEqual([[3], [1]])
  })
})

describe('settled levels (小事不出村)', () => {
  const levels: LevelRow[] = [
    { code: 'a', name: '甲镇', village: 60, town: 30, district: 10, self_settled: 20, total: 100 },
    { code: 'b', name: '乙镇', village: 20, town: 50, district: 30, self_settled: 5, total: 100 },
    { code: 'c', name: '丙街道', village: 0, town: 0, district: 0, self_settled: 0, total: 0 },
  ]
  it('stacks the shares of village, town and district, the fewest kept in the village at the top', () => {
    const o = levelsChartOption(levels) as any
    expect(o.yAxis.data).toEqual(['甲镇', '乙镇'])
    expect(o.series.map((s: any) => s.name)).toEqual(['村（社区）', '镇街', '区'])
    expect(o.series[0].data.map((d: any) => d.value)).toEqual([60, 20])
    expect(o.series.map((s: any) => s.data[1].value).reduce((a: number, b: number) => a + b, 0)).toBe(100)
    expect(villageShare(levels[2]!)).toBeNull()
    expect(villageShare(levels[0]!)).toBe(0.6)
  })
})
