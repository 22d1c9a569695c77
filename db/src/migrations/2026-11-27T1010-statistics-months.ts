import type { Kysely } from 'kysely'
import { runScript } from '../script.js'

// The statistics' rollup per month beside the one per day (rollup.ts): a year of a group is 12 rows, not 365. The
// rollup is rebuilt (stat_state) to fill it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    create table stat_month (like stat_day including defaults) with (fillfactor = 70);
    alter table stat_month rename column day to month;
    alter table stat_month add primary key (unit_code, dim, key, month);
    update stat_state set built_at = null;
  `)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `drop table if exists stat_month`)
}
