import { type Kysely, sql } from 'kysely'
import type { Database } from '../schema.js'
import { DEMO_SENSOR_ID_PATTERN } from './sensors.js'

/** What the demo simulator (api/src/simulator.ts) reads and the accounts it acts as. */

/** One account per department (they act only on their own cases) and one intake desk, all with the given password hash. */
export async function ensureSimulatorAccounts(db: Kysely<Database>, passwordHash: string): Promise<{ username: string; department_code: string | null }[]> {
  await sql`insert into app_user (username, display_name, role, department_code, password_hash)
    select 'sim-' || replace(code, '_', '-'), name || '（模拟）', 'department', code, ${passwordHash} from department
    on conflict (username) do update set password_hash = excluded.password_hash`.execute(db)
  await sql`insert into app_user (username, display_name, role, password_hash) values ('sim-desk', '12345热线（模拟）', 'dispatcher', ${passwordHash})
    on conflict (username) do update set password_hash = excluded.password_hash`.execute(db)
  return db.selectFrom('app_user').select(['username', 'department_code']).where('username', 'like', 'sim-%').execute()
}

/** A generated demo device, at random (their keys are derivable; devices registered by people have secret keys). */
export async function randomDemoSensor(db: Kysely<Database>): Promise<string | undefined> {
  const r = await sql<{ id: string }>`select id from sensor where id ~ ${DEMO_SENSOR_ID_PATTERN} order by random() limit 1`.execute(db)
  return r.rows[0]?.id
}

/** Of the given alerts, those raised five minutes ago (to sign for) or acknowledged two hours ago (to close). */
export async function alertsDueForDesk(db: Kysely<Database>, ids: number[]) {
  const r = await sql<{ id: number; status: string }>`
    select id::int as id, status from alert
    where id = any(${ids}::bigint[])
      and ((status = 'raised' and raised_at < now() - interval '5 minutes') or (status = 'acknowledged' and acknowledged_at < now() - interval '2 hours'))
    order by coalesce(acknowledged_at, raised_at) desc limit 5`.execute(db)
  return r.rows
}

/** A few recent cases still in the workflow, at random. */
export async function casesToAdvance(db: Kysely<Database>) {
  const r = await sql<{ id: number; status: string; department_code: string | null; version: number }>`
    select id::int as id, status, department_code, version from incident
    where status in ('reported', 'accepted', 'dispatched', 'handling', 'fed_back', 'verified') and reported_at > now() - interval '3 days'
    order by random() limit 3`.execute(db)
  return r.rows
}
