import type { Kysely } from 'kysely'
import { runScript } from '../script.js'

// A duplicate report merged into another case is closed and points at it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    alter table incident add column merged_into bigint references incident(id) on delete set null;
    alter table incident add constraint incident_not_merged_into_itself check (merged_into is null or merged_into <> id);
  `)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `alter table incident drop column if exists merged_into`)
}
