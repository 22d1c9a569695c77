import type { Role } from '@gridsight/contract'
import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'

/** A logged-in user as the API carries it: no password hash, no phone. */
export interface SessionUser { id: number; username: string; display_name: string; role: Role; department_code: string | null; grid_code: string | null }

const USER_COLUMNS = ['u.id', 'u.username', 'u.display_name', 'u.role', 'u.department_code', 'u.grid_code'] as const

/** A user and the hash of their password, for a login. */
export async function userForLogin(db: Kysely<Database>, username: string) {
  return db.selectFrom('app_user as u').select([...USER_COLUMNS, 'u.password_hash']).where('u.username', '=', username).executeTakeFirst()
}

export async function createSession(db: Kysely<Database>, tokenHash: string, userId: number, expires: Date): Promise<void> {
  await db.insertInto('app_session').values({ token_hash: tokenHash, user_id: userId, expires_at: expires }).execute()
}

/** The user of a live session and when it ends, or undefined (unknown or expired). */
export async function sessionUser(db: Kysely<Database>, tokenHash: string): Promise<(SessionUser & { expires_at: Date }) | undefined> {
  return db.selectFrom('app_session as s').innerJoin('app_user as u', 'u.id', 's.user_id')
    .select([...USER_COLUMNS, 's.expires_at'])
    .where('s.token_hash', '=', tokenHash).where('s.expires_at', '>', new Date()).executeTakeFirst()
}

export async function deleteSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('app_session').where('token_hash', '=', tokenHash).execute()
}
