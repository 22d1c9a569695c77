/// <reference path="./types/svg-to-pdfkit.d.ts" />
import { createRequire } from 'node:module'
import { addDays, addMonths, beijingDay, beijingMinute, beijingParts, METRIC_LABELS, METRIC_TARGETS, monthStart, SCORE_FIGURES, sortLeague, startOfBeijingDay } from '@gridsight/contract'
import { bulletins, calendar, type Db, incidents, metrics, officeHoursOn, stats, units } from '@gridsight/db'
import * as echarts from 'echarts'
import PDFDocument from 'pdfkit'
import SVGtoPDF from 'svg-to-pdfkit'
import { type Table, metricTable, toXlsx } from './exports.js'

/**
 * The monthly bulletin (月度通报, issue 12): a unit's standard figures for a period with the month before beside them,
 * the league tables of its towns (or villages) and departments, the red-carded departments, the overdue cases, a map
 * and charts — as a workbook (the one export module: numbers and formulas) and as a PDF made here, without a browser:
 * pdfkit with the Noto Sans SC font from npm (@expo-google-fonts/noto-sans-sc, SIL OFL) and ECharts' own SVG output
 * drawn into it (svg-to-pdfkit). Figures come from metrics.ts, the one definition.
 */
const require = createRequire(import.meta.url)
const FONT = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')
const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf')

export interface BulletinScope { code: string; level: 'district' | 'town' | 'village' | 'grid'; name: string }
export interface Bulletin { title: string; xlsx: Uint8Array; pdf: Uint8Array; pages: number }

const DAY_MS = 86_400_000
/** The calendar month [from, to) a window is, if it is one (Beijing). */
function calendarMonth(from: Date, to: Date): { year: number; month: number } | null {
  const first = monthStart(beijingDay(from))
  if (startOfBeijingDay(first).getTime() !== from.getTime() || startOfBeijingDay(addMonths(first, 1)).getTime() !== to.getTime()) return null
  return { year: Number(first.slice(0, 4)), month: Number(first.slice(5, 7)) }
}
/** The month before the one `t` is in (Beijing), as [from, to). */
export function lastMonth(t: Date): { from: Date; to: Date } {
  const first = monthStart(beijingDay(t))
  return { from: startOfBeijingDay(addMonths(first, -1)), to: startOfBeijingDay(first) }
}

/** The bulletin's title: 月度通报 for a calendar month, 通报 for any other window. */
export function bulletinTitle(scope: BulletinScope, from: Date, to: Date): string {
  const m = calendarMonth(from, to)
  return m ? `${scope.name} ${m.year}年${m.month}月 社会治理月度通报` : `${scope.name} ${beijingDay(from)} 至 ${beijingDay(to.getTime() - 1)} 社会治理通报`
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`)
/** Month on month: the arrow and the change in points (rates) or per cent (counts). */
function change(now: number | null, before: number | null, rate: boolean): string {
  if (now === null || before === null) return ''
  if (rate) {
    const d = (now - before) * 100
    return `${d > 0.05 ? '↑' : d < -0.05 ? '↓' : '→'} ${Math.abs(d).toFixed(1)} 个百分点`
  }
  if (before === 0) return now > 0 ? '↑' : '→'
  const d = ((now - before) / before) * 100
  return `${d > 0.5 ? '↑' : d < -0.5 ? '↓' : '→'} ${Math.abs(d).toFixed(1)}%`
}

/** A chart as SVG, rendered by ECharts on the server. */
function chartSvg(option: echarts.EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: 'Noto Sans SC' }, ...option })
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}

/** Makes the bulletin of a unit for [from, to). */
export async function composeBulletin(db: Db, scope: BulletinScope, from: Date, to: Date): Promise<Bulletin> {
  const k = db.kysely
  const q = { scope, from, to }
  const month = calendarMonth(from, to)
  const before = month ? lastMonth(from) : { from: new Date(from.getTime() - (to.getTime() - from.getTime())), to: from }
  const [unit, prev, children, departments, categories, trend, weights] = await Promise.all([
    metrics.unitMetrics(k, q), metrics.unitMetrics(k, { scope, ...before }),
    metrics.groupMetrics(k, q, 'unit'), metrics.groupMetrics(k, q, 'department'), metrics.groupMetrics(k, q, 'category'),
    stats.dailyTrend(k, q, 0), metrics.scoreWeights(k),
  ])
  // The league tables rank by the composite score (综合指标值) under the published weights.
  const league = sortLeague(metrics.scored(children.filter((r) => r.registered > 0), weights), 'score')
  const depts = sortLeague(metrics.scored(departments.filter((r) => r.registered > 0), weights), 'score')
  const redCards = depts.filter((r) => r.due > 0 && ((r.closure_rate ?? 1) < METRIC_TARGETS.closure_rate || (r.on_time_rate ?? 1) < METRIC_TARGETS.on_time_rate))
  const overdue = (await incidents.listIncidents(k, { scope, from, to, overdue: true, page: 1, pageSize: 200 })).items
  const names = await bulletins.names(k)
  const shapes = await bulletins.childShapes(k, scope.code)
  const title = bulletinTitle(scope, from, to)
  const period = `${beijingDay(from)} 至 ${beijingDay(to.getTime() - 1)}`
  const now = new Date()

  // The workbook: one sheet per table.
  const overdueTable: Table<incidents.IncidentRow> = {
    name: '超期案件', title: `${title} · 超期未结案件（${overdue.length} 件）`, rows: overdue,
    columns: [
      { header: '编号', value: (r) => r.id, format: 'int' }, { header: '类别', value: (r) => r.category_name },
      { header: '镇街', value: (r) => names.get(r.town_code ?? '') ?? r.town_code }, { header: '村社区', value: (r) => names.get(r.village_code ?? '') ?? r.village_code },
      { header: '承办部门', value: (r) => names.get(r.department_code ?? '') ?? r.department_code ?? '未派遣' },
      { header: '上报时间', value: (r) => beijingMinute(r.reported_at) }, { header: '处置时限', value: (r) => (r.deadline ? beijingMinute(r.deadline) : null) },
      { header: '超期天数', value: (r) => (r.deadline ? Math.floor((now.getTime() - new Date(r.deadline).getTime()) / DAY_MS) : null), format: 'int' },
    ],
  }
  const xlsx = await toXlsx([
    metricTable('概况', `${title}（${period}）`, '期间', [
      { ...unit, key: 'now', name: month ? '本月' : '本期' }, { ...prev, key: 'before', name: month ? '上月' : '上期' },
    ]),
    metricTable(scope.level === 'district' ? '镇街排名' : '下级排名', `${title} · 按综合指标值排名`, '单位', league),
    metricTable('部门排名', `${title} · 按综合指标值排名`, '承办部门', depts),
    metricTable('红牌部门', `${title} · 结案率低于 ${pct(METRIC_TARGETS.closure_rate)} 或按期结案率低于 ${pct(METRIC_TARGETS.on_time_rate)}`, '承办部门', redCards),
    metricTable('事件类别', title, '事件类别', categories.filter((r) => r.reported > 0)),
    overdueTable,
    { name: '每日趋势', title, rows: trend, columns: [{ header: '日期', value: (r) => r.day }, { header: '上报数', value: (r) => r.reported, format: 'int' }, { header: '结案数', value: (r) => r.closed, format: 'int' }] },
  ])

  // The PDF.
  const doc = new PDFDocument({ size: 'A4', margin: 40, bufferPages: true, info: { Title: title, Author: 'GridSight', Subject: period } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()))
  doc.registerFont('cjk', FONT)
  doc.registerFont('cjk-bold', FONT_BOLD)
  const left = 40
  const width = doc.page.width - 80
  const heading = (text: string) => { doc.moveDown(0.6); doc.font('cjk-bold').fontSize(13).fillColor('#0b3d91').text(text, left); doc.moveDown(0.3) }
  const svg = (markup: string, h: number) => {
    if (doc.y + h > doc.page.height - 50) doc.addPage()
    SVGtoPDF(doc, markup, left, doc.y, { fontCallback: () => 'cjk', width, height: h })
    doc.y += h + 6
  }
  /** A table: column widths in points, a header row, rows of text; new page (header again) when full. */
  const table = (cols: Array<{ header: string; w: number; align?: 'left' | 'right' }>, rows: string[][]) => {
    const line = (cells: string[], bold: boolean) => {
      if (doc.y + 16 > doc.page.height - 50) { doc.addPage(); line(cols.map((c) => c.header), true) }
      const y = doc.y
      let x = left
      doc.font(bold ? 'cjk-bold' : 'cjk').fontSize(8.5).fillColor('#222')
      cells.forEach((cell, i) => {
        doc.text(cell, x + 2, y + 3, { width: cols[i]!.w - 4, align: cols[i]!.align ?? 'left', lineBreak: false, ellipsis: true })
        x += cols[i]!.w
      })
      doc.moveTo(left, y + 15).lineTo(left + width, y + 15).lineWidth(0.4).strokeColor(bold ? '#0b3d91' : '#ccc').stroke()
      doc.x = left
      doc.y = y + 16
    }
    line(cols.map((c) => c.header), true)
    for (const r of rows) line(r, false)
  }
  const rateCols = (first: string, firstW: number) => [
    { header: '名次', w: 30, align: 'right' as const }, { header: first, w: firstW },
    { header: METRIC_LABELS.score, w: 44, align: 'right' as const },
    ...(['due', 'closed'] as const).map((c) => ({ header: METRIC_LABELS[c], w: 44, align: 'right' as const })),
    ...(['closure_rate', 'on_time_rate', 'rework_rate', 'extension_rate', 'return_rate'] as const).map((c) => ({ header: METRIC_LABELS[c], w: 52, align: 'right' as const })),
  ]
  const rateRow = (r: metrics.ScoredRow, i: number) => [String(i + 1), r.name, r.score === null ? '—' : r.score.toFixed(1), String(r.due), String(r.closed),
    pct(r.closure_rate), pct(r.on_time_rate), pct(r.rework_rate), pct(r.extension_rate), pct(r.return_rate)]

  doc.font('cjk-bold').fontSize(18).fillColor('#0b3d91').text(title, left, 48, { width, align: 'center' })
  doc.font('cjk').fontSize(9.5).fillColor('#555').text(`统计时段 ${period}（北京时间）· 生成于 ${beijingMinute(now)} · GridSight 网格慧眼`, { width, align: 'center' })
  heading(`一、总体情况（与${month ? '上月' : '上期'}相比）`)
  const key: Array<[keyof metrics.Metrics, boolean]> = [['reported', false], ['registered', false], ['due', false], ['closed', false], ['closed_on_time', false],
    ['overdue', false], ['closure_rate', true], ['on_time_rate', true], ['rework_rate', true], ['extension_rate', true], ['return_rate', true], ['satisfaction_rate', true],
    ['timely_accept_rate', true], ['dispatch_accuracy', true], ['timely_verify_rate', true], ['avg_handling_hours', false], ['median_handling_hours', false]]
  table([{ header: '指标', w: 130 }, { header: month ? '本月' : '本期', w: 110, align: 'right' }, { header: month ? '上月' : '上期', w: 110, align: 'right' }, { header: '变化', w: width - 350, align: 'right' }],
    key.map(([f, rate]) => [METRIC_LABELS[f as keyof typeof METRIC_LABELS], rate ? pct(unit[f] as number | null) : String(unit[f] ?? '—'), rate ? pct(prev[f] as number | null) : String(prev[f] ?? '—'),
      change(unit[f] as number | null, prev[f] as number | null, rate)]))
  doc.font('cjk').fontSize(8).fillColor('#777').text(`目标：结案率 ≥ ${pct(METRIC_TARGETS.closure_rate)}，按期结案率 ≥ ${pct(METRIC_TARGETS.on_time_rate)}。定义见 DOMAIN.md“Metrics”：应结案数为期内立案且到期（缓办、挂账除外）的案件。`, left, doc.y + 4, { width })

  if (shapes.length) {
    heading(`二、${scope.level === 'district' ? '各镇街' : '各下级单位'}按期结案率分布`)
    echarts.registerMap(`bulletin-${scope.code}`, { type: 'FeatureCollection', features: shapes.map((s) => ({ type: 'Feature', properties: { name: s.name }, geometry: s.geometry })) } as never)
    const byCode = new Map(children.map((r) => [r.key, r]))
    const rates = children.map((r) => r.on_time_rate).filter((x): x is number => x !== null)
    const low = rates.length ? Math.floor(Math.min(...rates) * 20) / 20 : 0
    svg(chartSvg({
      visualMap: { min: Math.min(low, METRIC_TARGETS.on_time_rate), max: 1, text: ['按期结案率 100%', pct(Math.min(low, METRIC_TARGETS.on_time_rate))], left: 10, bottom: 10, calculable: false, inRange: { color: ['#d94e5d', '#eac736', '#50a3ba'] }, textStyle: { fontSize: 10 } },
      series: [{ type: 'map', map: `bulletin-${scope.code}`, roam: false, layoutCenter: ['55%', '50%'], layoutSize: '100%', label: { show: true, fontSize: 7, color: '#222' }, itemStyle: { borderColor: '#fff', borderWidth: 0.6 },
        data: shapes.map((s) => ({ name: s.name, value: byCode.get(s.code)?.on_time_rate ?? '-' })) }],
    }, 515, 330), 330)
  }
  svg(chartSvg({
    title: { text: '按期结案率与结案率', left: 'center', textStyle: { fontSize: 12 } }, legend: { bottom: 0, textStyle: { fontSize: 9 } },
    grid: { left: 40, right: 10, top: 40, bottom: 70 },
    xAxis: { type: 'category', data: league.map((r) => r.name), axisLabel: { rotate: 60, fontSize: 8 } },
    yAxis: { type: 'value', max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%`, fontSize: 8 } },
    series: [{ name: '按期结案率', type: 'bar', data: league.map((r) => r.on_time_rate) }, { name: '结案率', type: 'line', data: league.map((r) => r.closure_rate) }],
  }, 515, 230), 230)

  doc.addPage()
  heading(`三、${scope.level === 'district' ? '镇街' : '下级单位'}排名（综合指标值）`)
  table(rateCols('单位', width - 30 - 3 * 44 - 5 * 52), league.map(rateRow))
  doc.font('cjk').fontSize(8).fillColor('#777').text(`综合指标值 = 100 × Σ 权重 × 指标 / Σ 权重（返工率、延期率、回退率以 1 − 比率计）；权重：${
    SCORE_FIGURES.filter((f) => weights[f] > 0).map((f) => `${METRIC_LABELS[f]} ${weights[f]}`).join('，')}。`, left, doc.y + 4, { width })
  heading('四、部门排名（综合指标值）')
  table(rateCols('承办部门', width - 30 - 3 * 44 - 5 * 52), depts.map(rateRow))
  heading(`五、红牌部门（结案率低于 ${pct(METRIC_TARGETS.closure_rate)} 或按期结案率低于 ${pct(METRIC_TARGETS.on_time_rate)}）`)
  if (redCards.length) table(rateCols('承办部门', width - 30 - 3 * 44 - 5 * 52), redCards.map(rateRow))
  else doc.font('cjk').fontSize(9.5).fillColor('#222').text('本期无红牌部门。', left)
  heading('六、每日上报与结案')
  svg(chartSvg({
    legend: { top: 0, textStyle: { fontSize: 9 } }, grid: { left: 40, right: 10, top: 26, bottom: 30 },
    xAxis: { type: 'category', data: trend.map((r) => r.day.slice(5)), axisLabel: { fontSize: 8 } }, yAxis: { type: 'value', axisLabel: { fontSize: 8 } },
    series: [{ name: '上报数', type: 'line', data: trend.map((r) => r.reported), showSymbol: false }, { name: '结案数', type: 'line', data: trend.map((r) => r.closed), showSymbol: false }],
  }, 515, 200), 200)
  heading(`七、超期未结案件（${overdue.length} 件${overdue.length >= 200 ? '，列前 200 件' : ''}）`)
  if (overdue.length) {
    table([{ header: '编号', w: 50, align: 'right' }, { header: '类别', w: 90 }, { header: '镇街', w: 80 }, { header: '村社区', w: 90 }, { header: '承办部门', w: 95 },
      { header: '处置时限', w: 70 }, { header: '超期天数', w: width - 475, align: 'right' }],
    overdue.map((r) => overdueTable.columns.filter((c) => ['编号', '类别', '镇街', '村社区', '承办部门', '处置时限', '超期天数'].includes(c.header)).map((c) => String(c.value?.(r) ?? '—'))))
  } else doc.font('cjk').fontSize(9.5).fillColor('#222').text('本期无超期未结案件。', left)

  const pages = doc.bufferedPageRange().count
  for (let i = 0; i < pages; i++) {
    doc.switchToPage(i)
    doc.page.margins.bottom = 0 // the footer sits in the margin: no new page for it
    doc.font('cjk').fontSize(8).fillColor('#888').text(`${title} · 第 ${i + 1} 页 / 共 ${pages} 页`, left, doc.page.height - 32, { width, align: 'center', lineBreak: false })
  }
  doc.end()
  await done
  return { title, xlsx, pdf: new Uint8Array(Buffer.concat(chunks)), pages }
}

/** The first working day (Beijing) of the month `now` is in, by the calendar given. */
export function firstWorkingDay(now: Date, isWorking: (day: string) => boolean): string {
  let day = monthStart(beijingDay(now))
  while (!isWorking(day)) day = addDays(day, 1)
  return day
}

/**
 * The monthly bulletins due by `now`: on or after the first working day of a month (the working calendar), each
 * district's bulletin of the month before, once (a kept one is not made again). Returns those made.
 */
export async function issueMonthlyBulletins(db: Db, now = new Date()): Promise<bulletins.BulletinSummary[]> {
  const cal = await calendar.loadCalendar(db.kysely)
  const first = firstWorkingDay(now, (day) => officeHoursOn(cal, day, beijingParts(startOfBeijingDay(day)).weekday).length > 0)
  if (beijingDay(now) < first) return []
  const { from, to } = lastMonth(now)
  const made: bulletins.BulletinSummary[] = []
  for (const d of await units.districts(db.kysely)) {
    if (await bulletins.hasMonthly(db.kysely, d.code, from)) continue
    const b = await composeBulletin(db, { code: d.code, level: 'district', name: d.name }, from, to)
    const kept = await bulletins.store(db.kysely, { kind: 'monthly', unit_code: d.code, period_from: from, period_to: to, title: b.title, created_by: null, pages: b.pages, xlsx: b.xlsx, pdf: b.pdf })
    if (kept) made.push(kept)
  }
  return made
}
