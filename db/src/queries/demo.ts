import { type Kysely, sql } from 'kysely'
import type { Database } from '../schema.js'

/**
 * The demo actor (api/src/simulator.ts): what it reads, and the accounts it acts as. It exists only in a database
 * holding a demo data set, and it acts only on its own rows: cases its accounts filed (incident.simulated) and alerts
 * whose evidence is all its own (alert.simulated). The API refuses its accounts anything else (cases.applyAction,
 * alerts' steps), so a mistake here cannot reach a real case.
 */

/** Whether the database holds a generated demo data set (geodata's generateAll records it). */
export async function isDemoDataSet(db: Kysely<Database>): Promise<boolean> {
  const r = await sql<{ yes: boolean }>`select exists (select 1 from demo_data_set) as yes`.execute(db)
  return r.rows[0]!.yes
}

/** The demo actor's accounts (its intake desk and one per department), created with the demo data; none elsewhere. */
export async function demoActorAccounts(db: Kysely<Database>): Promise<{ username: string; role: string; department_code: string | null }[]> {
  const r = await sql<{ username: string; role: string; department_code: string | null }>`
    select username, role, department_code from app_user where demo_actor and exists (select 1 from demo_data_set) order by username`.execute(db)
  return r.rows
}

/** Gives one of the demo actor's accounts a new password (hash), just before it signs in; other accounts are untouched. */
export async function setDemoActorPassword(db: Kysely<Database>, username: string, passwordHash: string): Promise<boolean> {
  const r = await db.updateTable('app_user').set({ password_hash: passwordHash }).where('username', '=', username).where('demo_actor', '=', true).executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** A demo device (derivable key, demo data only), at random. */
export async function randomDemoSensor(db: Kysely<Database>): Promise<string | undefined> {
  const r = await sql<{ id: string }>`select id from sensor where demo and exists (select 1 from demo_data_set) order by random() limit 1`.execute(db)
  return r.rows[0]?.id
}

/** Of the demo actor's alerts, those raised five minutes ago (to sign for) or acknowledged two hours ago (to close). */
export async function alertsDueForDesk(db: Kysely<Database>) {
  const r = await sql<{ id: number; status: string; version: number }>`
    select id::int as id, status, version from alert
    where simulated and status <> 'closed'
      and ((status = 'raised' and raised_at < now() - interval '5 minutes') or (status = 'acknowledged' and acknowledged_at < now() - interval '2 hours'))
    order by coalesce(acknowledged_at, raised_at) limit 5`.execute(db)
  return r.rows
}

/** A few of the demo actor's recent cases still in the workflow, at random. */
export async function casesToAdvance(db: Kysely<Database>) {
  const r = await sql<{ id: number; status: string; department_code: string | null; version: number }>`
    select id::int as id, status, department_code, version from incident
    where simulated and closed_at is null and reported_at > now() - interval '3 days'
      and status in ('reported', 'accepted', 'registered', 'dispatched', 'handling', 'fed_back', 'verified')
    order by random() limit 3`.execute(db)
  return r.rows
}
