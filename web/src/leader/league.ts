import { addDays, addMonths, beijingDay, LOWER_IS_BETTER, monthStart, shiftMonths } from '@gridsight/contract'

export interface LeaderWindow { key: string; label: string; from: string; to: string }

/** The windows a leader picks from, as Beijing days [from, to): this month, last month, the last 30 days, this year. */
export function leaderWindows(now: number): LeaderWindow[] {
  const today = beijingDay(now)
  const month = monthStart(today)
  const tomorrow = beijingDay(now + 86_400_000)
  return [
    { key: 'month', label: '本月', from: month, to: tomorrow },
    { key: 'last-month', label: '上月', from: addMonths(month, -1), to: month },
    { key: '30d', label: '近 30 天', from: beijingDay(now - 29 * 86_400_000), to: tomorrow },
    { key: 'year', label: '今年', from: `${today.slice(0, 4)}-01-01`, to: tomorrow },
  ]
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000)

/**
 * What a window is compared with: 环比 the month before (the same days of it) when the window lies in one month, else the
 * period of the same length just before; 同比 the same days a year earlier.
 */
export function comparedWindows(w: { from: string; to: string }): { mom: { from: string; to: string }; yoy: { from: string; to: string } } {
  const inOneMonth = w.from === monthStart(w.from) && w.to <= addMonths(w.from, 1)
  const mom = inOneMonth ? { from: shiftMonths(w.from, -1), to: shiftMonths(w.to, -1) } : { from: addDays(w.from, -daysBetween(w.from, w.to)), to: w.from }
  return { mom, yoy: { from: shiftMonths(w.from, -12), to: shiftMonths(w.to, -12) } }
}

export type FigureFormat = 'int' | 'pct' | 'hours' | 'score'

/**
 * A change against an earlier value: the arrow, the size (points for rates, per cent otherwise) and whether it is for the
 * better (null: flat, or a plain count such as 上报数, which is neither).
 */
export function change(figure: string, format: FigureFormat, now: number | null, before: number | null): { arrow: string; text: string; better: boolean | null } | null {
  if (now === null || before === null) return null
  const d = format === 'pct' ? (now - before) * 100 : before === 0 ? null : ((now - before) / before) * 100
  if (d === null) return null
  const flat = Math.abs(d) < 0.05
  const arrow = flat ? '→' : d > 0 ? '↑' : '↓'
  const text = format === 'pct' ? `${Math.abs(d).toFixed(1)}个百分点` : `${Math.abs(d).toFixed(1)}%`
  const neutral = flat || (format === 'int' && !LOWER_IS_BETTER.has(figure))
  return { arrow, text, better: neutral ? null : (d > 0) !== LOWER_IS_BETTER.has(figure) }
}
