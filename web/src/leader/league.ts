import { addMonths, beijingDay, monthStart } from '@gridsight/contract'

/** A league table's sort: by a figure, best first (rates of trouble — rework, extension, return, overdue — lowest first); no figure last. */
export const LOWER_IS_BETTER = new Set(['rework_rate', 'extension_rate', 'return_rate', 'overdue'])

export function sortLeague<T extends Record<string, unknown>>(rows: readonly T[], key: string): T[] {
  const sign = LOWER_IS_BETTER.has(key) ? 1 : -1
  const value = (r: T) => (typeof r[key] === 'number' ? (r[key] as number) : null)
  return [...rows].sort((a, b) => {
    const x = value(a)
    const y = value(b)
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1
    return sign * (x - y)
  })
}

/** The windows a leader picks from, as Beijing days [from, to): this month, last month, the last 30 days, this year. */
export function leaderWindows(now: number): { key: string; label: string; from: string; to: string }[] {
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
