import type { Kysely } from 'kysely'
import { runScript } from '../script.js'

// The grid workers as a force: each grid worker account's profile (专职/兼职; 网格员, 网格长 of a village, 网格指导员 of
// a town; a masked phone, never an ID number), duty and the position shared while on duty (opt-in, kept 30 days),
// and the tasks the desks give them (走访, 核查, 排查), closed with a note and a photo.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    create table worker_profile (
      user_id integer primary key references app_user(id) on delete cascade,
      employment text not null check (employment in ('full_time', 'part_time')),
      post text not null default 'worker' check (post in ('worker', 'grid_head', 'instructor')),
      unit_code varchar(12) references admin_unit(code) on delete set null,
      phone_masked text check (phone_masked ~ '^1[0-9]{2}\\*{4}[0-9]{4}$'),
      on_duty boolean not null default false,
      shares_position boolean not null default false,
      position geometry(Point, 4326),
      position_at timestamptz,
      check (post = 'worker' or unit_code is not null),
      check (shares_position or position is null)
    );
    create index worker_profile_position on worker_profile using gist (position);
    create table worker_position (
      user_id integer not null references app_user(id) on delete cascade,
      at timestamptz not null,
      geom geometry(Point, 4326) not null,
      primary key (user_id, at)
    );
    create index worker_position_at on worker_position (at);
    create table worker_task (
      id serial primary key,
      assignee_id integer not null references app_user(id) on delete cascade,
      kind text not null check (kind in ('visit', 'verify', 'inspect')),
      title text not null check (length(title) between 1 and 200),
      note text not null default '',
      incident_id bigint references incident(id) on delete cascade,
      due_at timestamptz not null,
      created_by integer references app_user(id) on delete set null,
      created_at timestamptz not null default now(),
      done_at timestamptz,
      result text,
      check ((done_at is null) = (result is null))
    );
    create index worker_task_assignee on worker_task (assignee_id, done_at);
    create index incident_reporter on incident (reporter_user_id) where reporter_user_id is not null;
    alter table attachment alter column incident_id drop not null;
    alter table attachment add column task_id integer references worker_task(id) on delete cascade;
    alter table attachment add constraint attachment_owner check ((incident_id is null) <> (task_id is null))
  `)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    delete from attachment where task_id is not null;
    alter table attachment drop constraint attachment_owner;
    alter table attachment drop column task_id;
    alter table attachment alter column incident_id set not null;
    drop index incident_reporter;
    drop table worker_task;
    drop table worker_position;
    drop table worker_profile;
    delete from app_user where role = 'grid_worker' and username like 'wg%-%'
  `)
}
