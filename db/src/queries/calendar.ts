import { type DeadlineClock, DomainError } from '@gridsight/contract'
import { type Kysely, sql, type Transaction } from 'kysely'
import type { Database } from '../schema.js'
import { deadlineAfter, type WorkCalendar } from '../worktime.js'

type Db = Kysely<Database> | Transaction<Database>

/** The working calendar as the database holds it (a few dozen days a year and the seasons: read whole). */
export async function loadCalendar(db: Db): Promise<WorkCalendar> {
  const days = await sql<{ day: string; kind: 'holiday' | 'workday'; name: string }>`
    select to_char(day, 'YYYY-MM-DD') as day, kind, name from calendar_day`.execute(db)
  const seasons = await db.selectFrom('office_season').select(['name', 'from_md', 'to_md', 'periods']).orderBy('id').execute()
  const holidays = new Map<string, string>()
  const workdays = new Map<string, string>()
  for (const d of days.rows) (d.kind === 'holiday' ? holidays : workdays).set(d.day, d.name)
  return { holidays, workdays, seasons: seasons.map((s) => ({ name: s.name, from: s.from_md, to: s.to_md, periods: s.periods })) }
}

/** The deadline `hours` after `from` on a clock, by the database's calendar. */
export async function deadline(db: Db, from: Date, hours: number, clock: DeadlineClock): Promise<Date> {
  return deadlineAfter(from, hours, clock, clock === 'working' ? await loadCalendar(db) : undefined)
}

export interface CalendarDay { day: string; kind: 'holiday' | 'workday'; name: string }

/** The holidays and make-up days of a year, in order. */
export async function yearDays(db: Db, year: number): Promise<CalendarDay[]> {
  const r = await sql<CalendarDay>`select to_char(day, 'YYYY-MM-DD') as day, kind, name from calendar_day
    where day >= make_date(${year}::int, 1, 1) and day < make_date(${year}::int + 1, 1, 1) order by day`.execute(db)
  return r.rows
}

/** Replaces a year's holidays and make-up days (the State Council's notice for that year), in one transaction. */
export async function replaceYear(db: Kysely<Database>, year: number, days: CalendarDay[]): Promise<CalendarDay[]> {
  const stray = days.find((d) => !d.day.startsWith(`${year}-`))
  if (stray) throw new DomainError('bad_request', `${stray.day} is not in ${year}`, 'invalid_parameter')
  return db.transaction().execute(async (trx) => {
    await sql`delete from calendar_day where day >= make_date(${year}::int, 1, 1) and day < make_date(${year}::int + 1, 1, 1)`.execute(trx)
    if (days.length) await trx.insertInto('calendar_day').values(days).execute()
    return yearDays(trx, year)
  })
}

export interface OfficeSeason { name: string; from: string; to: string; periods: Array<[number, number]> }

export async function seasons(db: Db): Promise<OfficeSeason[]> {
  const rows = await db.selectFrom('office_season').select(['name', 'from_md', 'to_md', 'periods']).orderBy('id').execute()
  return rows.map((s) => ({ name: s.name, from: s.from_md, to: s.to_md, periods: s.periods }))
}

/** Replaces the seasonal office hours (none: 09:00–12:00 and 14:00–18:00 all year). */
export async function replaceSeasons(db: Kysely<Database>, list: OfficeSeason[]): Promise<OfficeSeason[]> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('office_season').execute()
    for (const s of list) {
      await trx.insertInto('office_season').values({ name: s.name, from_md: s.from, to_md: s.to, periods: sql`${JSON.stringify(s.periods)}::jsonb` as never }).execute()
    }
    return seasons(trx)
  })
}
