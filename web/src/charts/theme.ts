/** Shared look of the panels' charts: dark command-centre theme, CJK fonts. */
export const CHART_TEXT = { color: '#9cc3e4', fontFamily: '"Noto Sans CJK SC", "Microsoft YaHei", sans-serif', fontSize: 12 }
export const CHART_COLORS = ['#39c6ff', '#ffb020', '#3ccf78', '#ff5a5a', '#a98bff', '#ff8fb1', '#5be3d6', '#f4e36b', '#7fa8ff']
export const AXIS = {
  axisLine: { lineStyle: { color: '#1f4a70' } },
  axisLabel: { color: '#8fb8d8', fontSize: 11 },
  splitLine: { lineStyle: { color: '#12324f' } },
}
