import type { api, InferResponseType } from '../api/client'
import type { EChartsOption } from 'echarts'
import { AXIS, CHART_TEXT } from './theme'

export type RankingRow = InferResponseType<typeof api.stats.ranking.$get>[number]
export type RankingMetric = 'per1000' | 'onTime'

/** The top units by incidents per 1,000 households, or by on-time closure rate; bars carry the code. */
export function rankingChartOption(rows: RankingRow[], metric: RankingMetric, top = 10): EChartsOption {
  const value = (r: RankingRow) => (metric === 'per1000' ? r.per_1000_households ?? 0 : Math.round((r.on_time_rate ?? 0) * 1000) / 10)
  const sorted = [...rows].sort((a, b) => value(b) - value(a)).slice(0, top).reverse()
  return {
    textStyle: CHART_TEXT,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 92, right: 44, top: 8, bottom: 8 },
    xAxis: { type: 'value', show: false },
    yAxis: { type: 'category', data: sorted.map((r) => r.name), ...AXIS, axisLabel: { color: '#cfe6fa', fontSize: 12, width: 84, overflow: 'truncate' } },
    series: [{
      type: 'bar',
      barWidth: 12,
      data: sorted.map((r) => ({ value: value(r), code: r.code })),
      itemStyle: { color: metric === 'per1000' ? '#ffb020' : '#3ccf78', borderRadius: [0, 6, 6, 0] },
      label: { show: true, position: 'right', color: '#cfe6fa', formatter: metric === 'per1000' ? '{c}' : '{c}%' },
    }],
  }
}
