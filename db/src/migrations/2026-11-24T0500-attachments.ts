import type { Kysely } from 'kysely'
import { runScript } from '../script.js'

// Photos on a case's timeline rows (a report's, a department's feedback): stored re-encoded (EXIF and its GPS
// removed) at two sizes, in the database so a backup holds everything that was accepted.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    create table attachment (
      id bigserial primary key,
      incident_id bigint not null references incident(id) on delete cascade,
      log_id bigint references incident_log(id) on delete cascade,
      content_type text not null check (content_type = 'image/jpeg'),
      width integer not null check (width > 0),
      height integer not null check (height > 0),
      original_bytes integer not null check (original_bytes > 0),
      full_data bytea not null,
      thumb_data bytea not null,
      uploaded_by integer references app_user(id) on delete set null,
      created_at timestamptz not null default now()
    );
    create index attachment_incident on attachment (incident_id);
    create index attachment_log on attachment (log_id);
  `)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `drop table if exists attachment`)
}
