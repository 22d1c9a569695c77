import type { EChartsOption } from 'echarts'
import { CHART_TEXT } from './theme'

const STEP_NAMES: Record<string, string> = { reported: '上报', accepted: '受理', registered: '立案', dispatched: '派遣', fed_back: '处置反馈', closed: '结案' }

/** How many of the window's cases reached each workflow step. */
export function funnelChartOption(steps: { step: string; count: number }[]): EChartsOption {
  return {
    textStyle: CHART_TEXT,
    tooltip: { trigger: 'item', formatter: '{b}：{c} 件' },
    color: ['#39c6ff', '#4aa8ff', '#5f9bff', '#7f8cff', '#a98bff', '#3ccf78'],
    series: [{
      type: 'funnel',
      left: 10, right: 10, top: 6, bottom: 6,
      sort: 'none',
      minSize: '30%',
      gap: 2,
      label: { show: true, position: 'inside', color: '#06111f', fontWeight: 'bold', formatter: '{b} {c}' },
      data: steps.map((s) => ({ name: STEP_NAMES[s.step] ?? s.step, value: s.count })),
    }],
  }
}
