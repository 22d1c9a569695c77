import type { api, InferResponseType } from '../api/client'
import type { EChartsOption } from 'echarts'
import { CHART_COLORS, CHART_TEXT } from './theme'

export type CategoryCount = InferResponseType<typeof api.stats.categories.$get>[number]

/** Incidents by category as a ring. */
export function categoryChartOption(data: CategoryCount[]): EChartsOption {
  return {
    color: CHART_COLORS,
    textStyle: CHART_TEXT,
    tooltip: { trigger: 'item', formatter: '{b}：{c} 件（{d}%）' },
    legend: { orient: 'vertical', right: 4, top: 'middle', textStyle: { color: '#9cc3e4', fontSize: 12 }, itemWidth: 10, itemHeight: 10 },
    series: [{
      type: 'pie',
      radius: ['45%', '72%'],
      center: ['32%', '52%'],
      label: { show: false },
      data: data.map((d) => ({ name: d.name, value: d.count })),
    }],
  }
}
