import { createRequire } from 'node:module'

/**
 * The statutory holidays and 调休 make-up working days of 2025 and 2026, as the State Council's notices published
 * them, read from the `chinese-days` package (MIT; its data follow the notices). Later years are added in /admin
 * (PUT /api/calendar/years/{year}) when the notice comes out each November.
 */
export interface StatutoryDay { day: string; kind: 'holiday' | 'workday'; name: string }

interface ChineseDays { holidays: Record<string, string>; workdays: Record<string, string> }
const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDays

/** 'Spring Festival,春节,4' → 春节 */
const chineseName = (entry: string) => entry.split(',')[1] ?? entry

export const STATUTORY_YEARS = ['2025', '2026'] as const

export const STATUTORY_DAYS: StatutoryDay[] = [
  ...Object.entries(data.holidays).map(([day, e]) => ({ day, kind: 'holiday' as const, name: chineseName(e) })),
  ...Object.entries(data.workdays).map(([day, e]) => ({ day, kind: 'workday' as const, name: `${chineseName(e)}调休上班` })),
].filter((d) => (STATUTORY_YEARS as readonly string[]).includes(d.day.slice(0, 4))).sort((a, b) => a.day.localeCompare(b.day))
