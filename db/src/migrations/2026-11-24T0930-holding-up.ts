import { type Kysely, sql } from 'kysely'
import { runScript } from '../script.js'

// The static map data (boundaries, grids, households) change only on import or generation; the API caches what it
// builds from them (boundary GeoJSON, household cells, tiles) under this version, which every such change raises.
const STATIC_TABLES = ['admin_unit', 'grid', 'household']

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    create table static_version (only_row boolean primary key default true check (only_row), n bigint not null);
    insert into static_version (n) values (1)
  `)
  // One statement with a dollar-quoted body (runScript splits on semicolons).
  await sql.raw(`create function bump_static_version() returns trigger language plpgsql as $$
    begin update static_version set n = n + 1; return null; end $$`).execute(db)
  for (const t of STATIC_TABLES) {
    await sql.raw(`create trigger ${t}_static_version after insert or update or delete or truncate on ${t}
      for each statement execute function bump_static_version()`).execute(db)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of STATIC_TABLES) await sql.raw(`drop trigger if exists ${t}_static_version on ${t}`).execute(db)
  await runScript(db, `
    drop function if exists bump_static_version();
    drop table if exists static_version
  `)
}
