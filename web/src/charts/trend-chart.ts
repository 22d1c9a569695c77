import type { api, InferResponseType } from '../api/client'
import type { EChartsOption } from 'echarts'
import { AXIS, CHART_TEXT } from './theme'

export type TrendPoint = InferResponseType<typeof api.stats.trend.$get>[number]

/** Reported and closed per day. */
export function trendChartOption(data: TrendPoint[]): EChartsOption {
  return {
    textStyle: CHART_TEXT,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, right: 8, textStyle: { color: '#9cc3e4' }, data: ['上报', '办结'] },
    grid: { left: 40, right: 12, top: 28, bottom: 24 },
    xAxis: { type: 'category', data: data.map((d) => d.day.slice(5)), ...AXIS, splitLine: { show: false } },
    yAxis: { type: 'value', minInterval: 1, ...AXIS },
    series: [
      { name: '上报', type: 'line', smooth: true, symbol: 'none', data: data.map((d) => d.reported), lineStyle: { color: '#39c6ff', width: 2 },
        areaStyle: { color: 'rgba(57,198,255,0.15)' }, itemStyle: { color: '#39c6ff' } },
      { name: '办结', type: 'line', smooth: true, symbol: 'none', data: data.map((d) => d.closed), lineStyle: { color: '#3ccf78', width: 2 }, itemStyle: { color: '#3ccf78' } },
    ],
  }
}
