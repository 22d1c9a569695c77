import { beijingDay, startOfBeijingDay, startOfBeijingDayOf } from '@gridsight/contract'

/** The time windows of the big screen. Days are Beijing days (the contract's time.ts). */
export type WindowKey = 'today' | '7d' | '30d' | 'custom'

interface TimeWindow { key: WindowKey; from: Date; to: Date; label: string }

export const WINDOW_LABELS: Record<WindowKey, string> = { today: '今日', '7d': '近7天', '30d': '近30天', custom: '自定义' }
const DAY = 86_400_000

/** yyyy-mm-dd of the Beijing day containing t. */
export const beijingDate = (t: Date): string => beijingDay(t)

/** The window for a key at time now; custom takes Beijing dates (inclusive) and falls back to 7 days if invalid. */
export function resolveWindow(key: WindowKey, now: Date, custom?: { from?: string; to?: string }): TimeWindow {
  const tomorrow = new Date(startOfBeijingDayOf(now).getTime() + DAY)
  if (key === 'custom' && custom?.from && custom?.to && /^\d{4}-\d{2}-\d{2}$/.test(custom.from) && /^\d{4}-\d{2}-\d{2}$/.test(custom.to)) {
    const from = startOfBeijingDay(custom.from)
    const to = new Date(startOfBeijingDay(custom.to).getTime() + DAY)
    if (!Number.isNaN(from.getTime()) && !Number.isNaN(to.getTime()) && from < to) {
      return { key, from, to, label: `${custom.from} 至 ${custom.to}` }
    }
  }
  const k = key === 'custom' ? '7d' : key
  const days = k === 'today' ? 1 : k === '7d' ? 7 : 30
  return { key: k, from: new Date(tomorrow.getTime() - days * DAY), to: tomorrow, label: WINDOW_LABELS[k] }
}

/** A window as the API's query parameters. */
export const windowQuery = (w: TimeWindow) => ({ from: w.from.toISOString(), to: w.to.toISOString() })
