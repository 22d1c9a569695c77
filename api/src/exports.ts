import { METRIC_COUNTS, METRIC_LABELS, METRIC_RATES } from '@gridsight/contract'
import type { metrics } from '@gridsight/db'
import ExcelJS from 'exceljs'

/**
 * The one export module (HOUSE-STYLE): tables out as XLSX (one sheet per table, numbers as numbers, rates as formulas
 * over the counts beside them, with their values cached so any reader sees them) or as CSV (UTF-8 with a BOM, so
 * Excel opens Chinese text right). Every download of a table goes through here.
 */
export type Cell = string | number | null

export interface Column<T> {
  header: string
  /** A count or text; a rate gives `ratio` instead. */
  value?: (row: T) => Cell
  /** A rate: the headers of its numerator and denominator columns in the same table. */
  ratio?: [string, string]
  /** Shown as a percentage (rates), a whole number or to a tenth (hours, scores). */
  format?: 'percent' | 'int' | 'tenth'
}

export interface Table<T> {
  /** The sheet's name (≤ 31 characters, no []:*?/\). */
  name: string
  /** A line above the header (the unit and window). */
  title?: string
  columns: Column<T>[]
  rows: T[]
}

const columnLetter = (i: number): string => (i < 26 ? '' : columnLetter(Math.floor(i / 26) - 1)) + String.fromCharCode(65 + (i % 26))
const ratioValue = <T>(t: Table<T>, row: T, [n, d]: [string, string]): number | null => {
  const num = Number(t.columns.find((c) => c.header === n)?.value?.(row) ?? 0)
  const den = Number(t.columns.find((c) => c.header === d)?.value?.(row) ?? 0)
  return den > 0 ? num / den : null
}

/** A workbook of the tables, as bytes. */
export async function toXlsx(tables: Table<any>[]): Promise<Uint8Array<ArrayBuffer>> {
  const book = new ExcelJS.Workbook()
  book.creator = 'GridSight'
  for (const t of tables) {
    const sheet = book.addWorksheet(t.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31))
    if (t.title) sheet.addRow([t.title]).font = { bold: true }
    const header = sheet.addRow(t.columns.map((c) => c.header))
    header.font = { bold: true }
    const headerRow = header.number
    t.columns.forEach((c, i) => {
      sheet.getColumn(i + 1).width = Math.max(8, c.header.length * 2 + 2)
      if (c.format === 'percent') sheet.getColumn(i + 1).numFmt = '0.00%'
      else if (c.format === 'int') sheet.getColumn(i + 1).numFmt = '0'
      else if (c.format === 'tenth') sheet.getColumn(i + 1).numFmt = '0.0'
    })
    for (const row of t.rows) {
      const r = sheet.addRow([])
      t.columns.forEach((c, i) => {
        if (c.ratio) {
          const [n, d] = c.ratio.map((h) => columnLetter(t.columns.findIndex((x) => x.header === h)))
          const result = ratioValue(t, row, c.ratio)
          r.getCell(i + 1).value = { formula: `IF(${d}${r.number}>0,${n}${r.number}/${d}${r.number},"")`, result: result ?? '' }
        } else {
          r.getCell(i + 1).value = c.value?.(row) ?? null
        }
      })
    }
    sheet.views = [{ state: 'frozen', ySplit: headerRow }]
  }
  return new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer)
}

const csvCell = (v: Cell) => (v === null ? '' : typeof v === 'number' ? String(v) : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

/** One table as CSV: a BOM, the header, then the rows (rates as numbers, not formulas). */
export function toCsv<T>(t: Table<T>): string {
  const lines = [t.columns.map((c) => csvCell(c.header)).join(',')]
  for (const row of t.rows) lines.push(t.columns.map((c) => csvCell(c.ratio ? ratioValue(t, row, c.ratio) : c.value?.(row) ?? null)).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
export const CSV_TYPE = 'text/csv; charset=utf-8'

/** The headers of a download named `filename` (RFC 6266/5987: an ASCII fallback and the UTF-8 name). */
export function attachment(filename: string, type: string): Record<string, string> {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return { 'content-type': type, 'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}` }
}

/**
 * The standard figures as a table: name, the counts, the rates as formulas over them, the handling times (hours) and,
 * when the rows are scored, the composite score.
 */
export function metricTable<T extends metrics.MetricRow & { score?: number | null }>(name: string, title: string, first: string, rows: T[]): Table<T> {
  const columns: Column<T>[] = [
    { header: first, value: (r) => r.name },
    ...METRIC_COUNTS.map((k) => ({ header: METRIC_LABELS[k], value: (r: T) => r[k], format: 'int' as const })),
    ...Object.entries(METRIC_RATES).map(([k, [n, d]]) => ({ header: METRIC_LABELS[k as keyof typeof METRIC_RATES], ratio: [METRIC_LABELS[n], METRIC_LABELS[d]] as [string, string], format: 'percent' as const })),
    ...(['avg_handling_hours', 'median_handling_hours'] as const).map((k) => ({ header: METRIC_LABELS[k], value: (r: T) => r[k], format: 'tenth' as const })),
    ...(rows.some((r) => 'score' in r) ? [{ header: METRIC_LABELS.score, value: (r: T) => r.score ?? null, format: 'tenth' as const }] : []),
  ]
  return { name, title, columns, rows }
}
