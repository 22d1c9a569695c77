import type { Role } from '@gridsight/contract'
import { type Kysely, sql } from 'kysely'
import type { Database } from '../schema.js'

/** A logged-in user as the API carries it: no password hash, no phone. */
/** unit_code: a town desk's town or a village desk's village. */
export interface SessionUser { id: number; username: string; display_name: string; role: Role; department_code: string | null; grid_code: string | null; unit_code: string | null }

const USER_COLUMNS = ['u.id', 'u.username', 'u.display_name', 'u.role', 'u.department_code', 'u.grid_code', 'u.unit_code'] as const

/** A user and the hash of their password, for a login. */
export async function userForLogin(db: Kysely<Database>, username: string) {
  return db.selectFrom('app_user as u').select([...USER_COLUMNS, 'u.password_hash']).where('u.username', '=', username).executeTakeFirst()
}

/** A new session; the user's ended ones are dropped on the way. */
export async function createSession(db: Kysely<Database>, tokenHash: string, userId: number, expires: Date): Promise<void> {
  await db.deleteFrom('app_session').where('user_id', '=', userId).where('expires_at', '<=', sql<Date>`now()`).execute()
  await db.insertInto('app_session').values({ token_hash: tokenHash, user_id: userId, expires_at: expires }).execute()
}

/**
 * The user of a session that has not reached its absolute end, when it ends, and how many seconds ago it was last
 * used (the caller knows each role's idle limit); undefined: unknown or ended.
 */
export async function sessionUser(db: Kysely<Database>, tokenHash: string): Promise<(SessionUser & { expires_at: Date; idle_seconds: number }) | undefined> {
  return db.selectFrom('app_session as s').innerJoin('app_user as u', 'u.id', 's.user_id')
    .select([...USER_COLUMNS, 's.expires_at', sql<number>`extract(epoch from now() - s.last_seen_at)::float8`.as('idle_seconds')])
    .where('s.token_hash', '=', tokenHash).where('s.expires_at', '>', sql<Date>`now()`).executeTakeFirst()
}

/** Marks a session as used now. */
export async function touchSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.updateTable('app_session').set({ last_seen_at: sql<Date>`now()` }).where('token_hash', '=', tokenHash).execute()
}

export async function deleteSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('app_session').where('token_hash', '=', tokenHash).execute()
}

/** Ends every session of a user (signing out everywhere); how many there were. */
export async function deleteUserSessions(db: Kysely<Database>, userId: number): Promise<number> {
  const r = await db.deleteFrom('app_session').where('user_id', '=', userId).where('expires_at', '>', sql<Date>`now()`).executeTakeFirst()
  await db.deleteFrom('app_session').where('user_id', '=', userId).execute()
  return Number(r.numDeletedRows)
}

/** A user's id by name, for the administrators' actions on accounts. */
export async function userIdByName(db: Kysely<Database>, username: string): Promise<number | undefined> {
  return (await db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst())?.id
}
