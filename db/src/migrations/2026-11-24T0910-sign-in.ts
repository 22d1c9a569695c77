import type { Kysely } from 'kysely'
import { runScript } from '../script.js'

// Sign-in that holds against guessing: failed logins are recorded in the database (so the limits hold across API
// processes) per name tried — known or not, so a lock says nothing of which names exist — and per client address;
// an account name locked after too many failures stays locked until its time is up or an administrator lifts it.
// Sessions remember when they were last used, for the idle lifetime of their role.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    create table login_failure (
      id bigserial primary key,
      username text not null,
      address text,
      at timestamptz not null default now()
    );
    create index login_failure_username on login_failure (username, at);
    create index login_failure_address on login_failure (address, at) where address is not null;
    create index login_failure_at on login_failure (at);

    create table login_lock (
      username text primary key,
      locked_at timestamptz not null default now(),
      locked_until timestamptz not null
    );

    alter table app_session add column last_seen_at timestamptz not null default now()
  `)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    alter table app_session drop column if exists last_seen_at;
    drop table if exists login_lock, login_failure
  `)
}
