import type { CalendarDayKind } from '@gridsight/contract'

export interface CalendarLine { day: string; kind: CalendarDayKind; name: string }

/** "2027-01-01 holiday 元旦" per line (blank lines skipped) → days, or the first line that is not one. */
export function parseCalendarLines(text: string): { days: CalendarLine[]; problem: string | null } {
  const days: CalendarLine[] = []
  const lines = text.split('\n').map((l) => l.trim())
  for (const [n, line] of lines.entries()) {
    if (!line) continue
    const m = /^(\d{4}-\d{2}-\d{2})\s+(holiday|workday)\s+(\S.{0,39})$/.exec(line)
    if (!m) return { days: [], problem: `第 ${n + 1} 行格式应为“日期 holiday|workday 名称”：${line}` }
    days.push({ day: m[1]!, kind: m[2] as CalendarDayKind, name: m[3]!.trim() })
  }
  return { days, problem: null }
}
