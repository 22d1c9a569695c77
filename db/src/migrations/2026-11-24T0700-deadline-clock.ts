import { type Kysely, sql } from 'kysely'
import { runScript } from '../script.js'
import { NATURAL_CLOCK_CATEGORIES } from '../worktime.js'

// Deadlines run on working time (DOMAIN.md: "in working hours or days"), emergencies on natural hours.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    alter table incident_category add column deadline_clock text not null default 'working' check (deadline_clock in ('working', 'natural'))
  `)
  await sql`update incident_category set deadline_clock = 'natural' where code = any(${[...NATURAL_CLOCK_CATEGORIES]}::text[])`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `alter table incident_category drop column if exists deadline_clock`)
}
