/**
 * Beijing time. Days, clocks and deadlines of the product are Beijing's (China has one time zone and no daylight
 * saving since 1991); the SQL side uses `at time zone` with the same name.
 */
export const TIME_ZONE = 'Asia/Shanghai'

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short',
})
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

/** The Beijing calendar day of a moment, 'YYYY-MM-DD'. */
export const beijingDay = (t: Date | string | number): string => dayFormat.format(new Date(t))

/** A moment's Beijing wall-clock fields (weekday 0 = Sunday). */
export function beijingParts(t: Date | string | number): { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number } {
  const p: Record<string, string> = {}
  for (const { type, value } of partsFormat.formatToParts(new Date(t))) p[type] = value
  return { year: +p.year!, month: +p.month!, day: +p.day!, hour: +p.hour!, minute: +p.minute!, second: +p.second!, weekday: WEEKDAYS.indexOf(p.weekday!) }
}

/** The offset of Beijing from UTC at a moment, in milliseconds (read from the time-zone database, not assumed). */
/** A moment as Beijing time to the minute, "YYYY-MM-DD HH:mm" (ledgers, exports). */
export function beijingMinute(t: Date | string | number): string {
  const p = beijingParts(t)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`
}

export function beijingOffsetMs(t: Date | string | number): number {
  const d = new Date(t)
  const p = beijingParts(d)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return asUtc - Math.floor(d.getTime() / 1000) * 1000
}

/** The moment a Beijing day ('YYYY-MM-DD') begins. */
export function startOfBeijingDay(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const guess = Date.UTC(y, m - 1, d)
  return new Date(guess - beijingOffsetMs(guess))
}

/** The moment the Beijing day of `t` began. */
export const startOfBeijingDayOf = (t: Date | string | number): Date => startOfBeijingDay(beijingDay(t))

/** The Beijing day `days` after a day. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

/** The first day of a day's month, 'YYYY-MM-01'. */
export const monthStart = (day: string): string => `${day.slice(0, 8)}01`

/** The first day of the month `months` after (or, negative, before) a day's month. */
export function addMonths(day: string, months: number): string {
  const m = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 + months
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`
}

/** A Beijing day 'YYYY-MM-DD' moved by whole months, kept at its day of the month or the month's last day (03-31 − 1 → 02-28). */
export function shiftMonths(day: string, months: number): string {
  const month = addMonths(day, months)
  const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate()
  return `${month.slice(0, 8)}${String(Math.min(Number(day.slice(8, 10)), last)).padStart(2, '0')}`
}
