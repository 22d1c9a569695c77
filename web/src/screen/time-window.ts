/** The time windows of the big screen. Days are Beijing days (UTC+8). */
export type WindowKey = 'today' | '7d' | '30d' | 'custom'

interface TimeWindow { key: WindowKey; from: Date; to: Date; label: string }

export const WINDOW_LABELS: Record<WindowKey, string> = { today: '今日', '7d': '近7天', '30d': '近30天', custom: '自定义' }
const DAY = 86_400_000
const BEIJING = 8 * 3_600_000

/** Start of the Beijing day containing t. */
function beijingDayStart(t: Date): Date {
  return new Date(Math.floor((t.getTime() + BEIJING) / DAY) * DAY - BEIJING)
}

/** yyyy-mm-dd of the Beijing day containing t. */
export function beijingDate(t: Date): string {
  return new Date(t.getTime() + BEIJING).toISOString().slice(0, 10)
}

/** The window for a key at time now; custom takes Beijing dates (inclusive) and falls back to 7 days if invalid. */
export function resolveWindow(key: WindowKey, now: Date, custom?: { from?: string; to?: string }): TimeWindow {
  const tomorrow = new Date(beijingDayStart(now).getTime() + DAY)
  if (key === 'custom' && custom?.from && custom?.to) {
    const from = new Date(`${custom.from}T00:00:00+08:00`)
    const to = new Date(new Date(`${custom.to}T00:00:00+08:00`).getTime() + DAY)
    if (!Number.isNaN(from.getTime()) && !Number.isNaN(to.getTime()) && from < to) {
      return { key, from, to, label: `${custom.from} 至 ${custom.to}` }
    }
  }
  const k = key === 'custom' ? '7d' : key
  const days = k === 'today' ? 1 : k === '7d' ? 7 : 30
  return { key: k, from: new Date(tomorrow.getTime() - days * DAY), to: tomorrow, label: WINDOW_LABELS[k] }
}

/** Query string of a window for the API. */
export function windowQuery(w: TimeWindow): string {
  return `from=${encodeURIComponent(w.from.toISOString())}&to=${encodeURIComponent(w.to.toISOString())}`
}
