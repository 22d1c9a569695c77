import { type Kysely, sql } from 'kysely'
import { runScript } from '../script.js'

// Deadlines run on working time (DOMAIN.md: "in working hours or days"), emergencies on natural hours.
// The categories as they were when this migration landed (a migration never reads live application constants).
const NATURAL_CLOCK_CATEGORIES = ['collective.gathering', 'collective.petition', 'order.missing', 'order.key_person',
  'disaster.flood', 'hazard.gas', 'hazard.geology', 'environment.burning']
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    alter table incident_category add column deadline_clock text not null default 'working' check (deadline_clock in ('working', 'natural'))
  `)
  await sql`update incident_category set deadline_clock = 'natural' where code = any(${[...NATURAL_CLOCK_CATEGORIES]}::text[])`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `alter table incident_category drop column if exists deadline_clock`)
}
