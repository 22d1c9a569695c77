import type { Kysely } from 'kysely'
import { runScript } from '../script.js'

// Users and sessions for the roles of the case workflow; the live-event log the SSE stream replays from.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    create table app_user (
      id serial primary key,
      username text not null unique check (username ~ '^[a-z0-9_.-]{3,40}$'),
      display_name text not null,
      role text not null check (role in ('admin', 'leader', 'dispatcher', 'department', 'grid_worker', 'screen')),
      department_code text references department(code) on delete restrict,
      grid_code varchar(15) references grid(code) on delete set null,
      phone text,
      password_hash text not null,
      created_at timestamptz not null default now(),
      constraint app_user_department check ((role = 'department') = (department_code is not null)),
      constraint app_user_grid check (role <> 'grid_worker' or grid_code is not null)
    );

    create table app_session (
      token_hash text primary key,
      user_id integer not null references app_user(id) on delete cascade,
      expires_at timestamptz not null,
      created_at timestamptz not null default now()
    );
    create index app_session_user on app_session (user_id);

    alter table incident add column reporter_user_id integer references app_user(id) on delete set null;

    create table live_event (
      id bigserial primary key,
      type text not null check (type in ('incident.created', 'incident.updated')),
      incident_id bigint not null references incident(id) on delete cascade,
      payload jsonb not null,
      at timestamptz not null default now()
    );
  `)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    drop table if exists live_event;
    alter table incident drop column if exists reporter_user_id;
    drop table if exists app_session, app_user;
  `)
}
