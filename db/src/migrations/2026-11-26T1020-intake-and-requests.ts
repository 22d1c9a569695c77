import type { Kysely } from 'kysely'
import { runScript } from '../script.js'

// 受理 and 立案 as two steps, 不予受理 with its reason, the departments' applications (申请延期 / 申请回退) waiting for
// the desk's answer, and how often a case was returned, reworked or extended (the 回退率, 返工率 and 延期率 count them).
// The earlier 'accepted' state was labelled 已立案: those cases are registered, at the time they were accepted.
const STATUSES = `'reported', 'accepted', 'registered', 'dispatched', 'handling', 'fed_back', 'verified', 'closed', 'evaluated',
  'returned', 'deferred', 'parked', 'refused'`
const OLD_STATUSES = `'reported', 'accepted', 'dispatched', 'handling', 'fed_back', 'verified', 'closed', 'evaluated', 'returned',
  'deferred', 'parked'`

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    alter table incident drop constraint incident_status_check;
    alter table incident add constraint incident_status_check check (status in (${STATUSES}));
    alter table incident add column registered_at timestamptz;
    alter table incident add column refused_reason text check (refused_reason in ('out_of_scope', 'out_of_area', 'invalid', 'duplicate'));
    alter table incident add constraint incident_refused check ((status = 'refused') = (refused_reason is not null));
    alter table incident add column request text check (request in ('extend', 'return'));
    alter table incident add column request_hours integer check (request_hours between 1 and 2160);
    alter table incident add column return_count smallint not null default 0;
    alter table incident add column rework_count smallint not null default 0;
    alter table incident add column extension_count smallint not null default 0;
    update incident set registered_at = accepted_at where accepted_at is not null;
    update incident set status = 'registered' where status = 'accepted';
    update incident i set return_count = n.r, rework_count = n.w, extension_count = n.e
    from (select incident_id, count(*) filter (where action = 'return') as r, count(*) filter (where action = 'rework') as w,
      count(*) filter (where action = 'extend') as e from incident_log group by incident_id) n
    where n.incident_id = i.id and (n.r + n.w + n.e) > 0
  `)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    update incident set status = 'accepted' where status = 'registered';
    update incident set status = 'closed', closed_at = coalesce(closed_at, reported_at) where status = 'refused';
    alter table incident drop constraint incident_refused;
    alter table incident drop column extension_count;
    alter table incident drop column rework_count;
    alter table incident drop column return_count;
    alter table incident drop column request_hours;
    alter table incident drop column request;
    alter table incident drop column refused_reason;
    alter table incident drop column registered_at;
    alter table incident drop constraint incident_status_check;
    alter table incident add constraint incident_status_check check (status in (${OLD_STATUSES}))
  `)
}
