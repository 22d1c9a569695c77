import type { Kysely } from 'kysely'
import { runScript } from '../script.js'

// Several districts can share one database (a city's): every case carries its district, and the hot incident
// queries (lists, map points, statistics) are keyed by it. The district of a case is the county part of its town's
// code (GB/T 2260), kept by the database itself.
// A camera's status change is a live event like any other write: the early-warning runner and the screens consume it.
// Each live event records the connection that wrote it (application_name: one per API process), so that of several
// processes the writer's own early-warning runner evaluates it, once; scheduled jobs (the early-warning sweep) record
// their last run, so that one process runs each interval's.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    alter table incident add column district_code text generated always as (left(town_code, 6)) stored;
    create index incident_district_reported_idx on incident (district_code, reported_at);
    alter table live_event drop constraint live_event_type_check;
    alter table live_event add constraint live_event_type_check
      check (type in ('incident.created', 'incident.updated', 'alert.raised', 'alert.updated', 'camera.updated'));
    alter table live_event add column origin text not null default current_setting('application_name');
    create table scheduled_run (name text primary key, last_at timestamptz not null)
  `)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    drop table if exists scheduled_run;
    alter table live_event drop column if exists origin;
    delete from live_event where type = 'camera.updated';
    alter table live_event drop constraint live_event_type_check;
    alter table live_event add constraint live_event_type_check
      check (type in ('incident.created', 'incident.updated', 'alert.raised', 'alert.updated'));
    alter table incident drop column if exists district_code
  `)
}
