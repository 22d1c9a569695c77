import type { EChartsOption } from 'echarts'
import { COMMAND_LEVEL_LABELS } from '@gridsight/contract'
import type { SettledLevels } from '@gridsight/db'
import { AXIS, CHART_TEXT } from './theme'

/** A unit's closed cases by the level that settled them (GET /api/stats/levels). */
export type LevelRow = SettledLevels['children'][number]

const COLORS = { village: '#3ccf78', town: '#39c6ff', district: '#ffb020' }
const pct = (n: number, total: number) => (total > 0 ? Math.round((n * 1000) / total) / 10 : 0)

/** The share settled in the village (on the spot or by the station): the figure behind "小事不出村". */
export const villageShare = (r: Pick<LevelRow, 'village' | 'total'>): number | null => (r.total > 0 ? r.village / r.total : null)

/**
 * "小事不出村、大事不出镇": for the children with the fewest matters kept in the village (the ones to look at), the shares
 * settled at village, town and district level as stacked 100 % bars.
 */
export function levelsChartOption(rows: LevelRow[], limit = 6): EChartsOption {
  const shown = rows.filter((r) => r.total > 0)
    .sort((a, b) => (villageShare(a) ?? 0) - (villageShare(b) ?? 0) || b.total - a.total)
    .slice(0, limit).reverse() // the weakest at the top of the chart
  const series = (['village', 'town', 'district'] as const).map((level) => ({
    name: COMMAND_LEVEL_LABELS[level],
    type: 'bar' as const,
    stack: 'share',
    barWidth: '60%',
    itemStyle: { color: COLORS[level] },
    data: shown.map((r) => ({ value: pct(r[level], r.total), count: r[level] })),
  }))
  return {
    textStyle: CHART_TEXT,
    grid: { left: 8, right: 12, top: 26, bottom: 4, containLabel: true },
    legend: { top: 0, right: 0, itemWidth: 10, itemHeight: 10, textStyle: { color: '#9cc3e4', fontSize: 11 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${String(v)}%` },
    xAxis: { type: 'value', max: 100, ...AXIS, axisLabel: { ...AXIS.axisLabel, formatter: '{value}%' } },
    yAxis: { type: 'category', data: shown.map((r) => r.name), ...AXIS, axisLabel: { ...AXIS.axisLabel, interval: 0, width: 90, overflow: 'truncate' } },
    series,
  }
}
