import type { Kysely } from 'kysely'
import { runScript } from '../script.js'

// The workflow as practice has it: the case sources a desk names (领导交办, 部门移交), when 缓办/挂账 began (resuming
// moves the deadline by the paused time), and the evaluation (the reporter's satisfaction, the desk's grade).
const SOURCES = `'grid_worker', 'hotline', 'citizen', 'leader', 'camera', 'iot', 'transfer'`
const OLD_SOURCES = `'grid_worker', 'hotline', 'citizen', 'camera', 'iot'`

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    alter table incident drop constraint incident_source_check;
    alter table incident add constraint incident_source_check check (source in (${SOURCES}));
    alter table incident add column paused_at timestamptz;
    alter table incident add column satisfaction text check (satisfaction in ('satisfied', 'basically', 'dissatisfied'));
    alter table incident add column grade text check (grade in ('excellent', 'good', 'fair', 'poor'))
  `)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    alter table incident drop column if exists grade;
    alter table incident drop column if exists satisfaction;
    alter table incident drop column if exists paused_at;
    update incident set source = 'hotline' where source in ('leader', 'transfer');
    alter table incident drop constraint incident_source_check;
    alter table incident add constraint incident_source_check check (source in (${OLD_SOURCES}))
  `)
}
