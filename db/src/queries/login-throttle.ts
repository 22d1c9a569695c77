import { type Kysely, sql } from 'kysely'
import type { Database } from '../schema.js'

/**
 * Login throttling: failures per name tried (known or not) and per client address, within a sliding window; a name
 * that reached its limit is locked for a while. Kept in the database so that every API process sees the same counts.
 */

const since = (windowSeconds: number) => sql<Date>`now() - make_interval(secs => ${windowSeconds})`

/** What stops a login before its password is looked at: the name's lock, and the address's failures in the window. */
export async function loginBlock(db: Kysely<Database>, username: string, address: string | null, windowSeconds: number) {
  const r = await sql<{ locked_until: Date | null; address_failures: number }>`
    select (select locked_until from login_lock where username = ${username} and locked_until > now()) as locked_until,
      (select count(*)::int from login_failure where ${address}::text is not null and address = ${address} and at > ${since(windowSeconds)}) as address_failures`.execute(db)
  return { lockedUntil: r.rows[0]!.locked_until, addressFailures: r.rows[0]!.address_failures }
}

/**
 * Records an attempt as a failure before its password is checked, so that parallel guesses each count, and answers
 * how many failures the name and the address then have in the window (this one included). Attempts on one name
 * take their turn (a transaction lock on the name): of a burst, exactly the first `limit` see a count within it.
 * A good password then clears the name's failures (forgive).
 */
export async function recordFailure(db: Kysely<Database>, username: string, address: string | null, windowSeconds: number) {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('gridsight.login'), hashtext(${username}))`.execute(trx)
    await trx.insertInto('login_failure').values({ username, address }).execute()
    const r = await sql<{ account: number; address: number }>`
      select (select count(*)::int from login_failure where username = ${username} and at > ${since(windowSeconds)}) as account,
        case when ${address}::text is null then 0
          else (select count(*)::int from login_failure where address = ${address} and at > ${since(windowSeconds)}) end as address`.execute(trx)
    return r.rows[0]!
  })
}

/** A good password: the name's failures are forgotten. Old failures and ended locks are dropped on the way. */
export async function forgive(db: Kysely<Database>, username: string, windowSeconds: number): Promise<void> {
  await db.deleteFrom('login_failure').where((eb) => eb.or([eb('username', '=', username), eb('at', '<', since(windowSeconds))])).execute()
  await db.deleteFrom('login_lock').where('locked_until', '<', sql<Date>`now()`).execute()
}

/** Locks a name; failures older than the window, no longer counted, are dropped on the way (a spray of many names). */
export async function lock(db: Kysely<Database>, username: string, seconds: number, windowSeconds: number): Promise<void> {
  await db.deleteFrom('login_failure').where('at', '<', since(windowSeconds)).execute()
  await sql`insert into login_lock (username, locked_until) values (${username}, now() + make_interval(secs => ${seconds}))
    on conflict (username) do update set locked_at = now(), locked_until = excluded.locked_until`.execute(db)
}

/** The locks in force, and the addresses at or over their limit, for the administrators. */
export async function lockouts(db: Kysely<Database>, windowSeconds: number, addressLimit: number) {
  const accounts = await db.selectFrom('login_lock').select(['username', 'locked_at', 'locked_until'])
    .where('locked_until', '>', sql<Date>`now()`).orderBy('locked_at', 'desc').execute()
  const addresses = await db.selectFrom('login_failure').select(['address', sql<number>`count(*)::int`.as('failures'), sql<Date>`max(at)`.as('last_at')])
    .where('address', 'is not', null).where('at', '>', since(windowSeconds)).groupBy('address')
    .having(sql`count(*)`, '>=', addressLimit).orderBy('address').execute()
  return { accounts, addresses: addresses.map((a) => ({ address: a.address!, failures: a.failures, last_at: a.last_at })) }
}

/** Lifts a name's lock and forgets its failures; false if there was neither. */
export async function liftAccount(db: Kysely<Database>, username: string): Promise<boolean> {
  const locks = await db.deleteFrom('login_lock').where('username', '=', username).executeTakeFirst()
  const failures = await db.deleteFrom('login_failure').where('username', '=', username).executeTakeFirst()
  return Number(locks.numDeletedRows) + Number(failures.numDeletedRows) > 0
}

/** Forgets an address's failures; false if it had none. */
export async function liftAddress(db: Kysely<Database>, address: string): Promise<boolean> {
  const r = await db.deleteFrom('login_failure').where('address', '=', address).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}
