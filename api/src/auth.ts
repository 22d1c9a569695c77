import { createHash, randomBytes } from 'node:crypto'
import bcrypt from 'bcryptjs'
import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { sql } from 'kysely'
import type { Role } from '@gridsight/db'
import type { AppEnv, SessionUser } from './context.js'
import { ApiError } from './errors.js'

export const SESSION_COOKIE = 'gs_session'
const HOURS = 3_600_000
/** Desks get a working day; the read-only screen role a year (the wall runs unattended). */
const SESSION_LENGTH: Record<Role, number> = { admin: 12 * HOURS, leader: 12 * HOURS, dispatcher: 12 * HOURS, department: 12 * HOURS, grid_worker: 30 * 24 * HOURS, screen: 365 * 24 * HOURS }

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url')

/** Logs in with a password: a session token in an httpOnly, SameSite cookie (and in the body, for devices). */
export async function login(c: Context<AppEnv>, username: string, password: string) {
  const db = c.get('db').kysely
  const user = await db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst()
  // Compare even for unknown users, so timing does not tell which names exist.
  const ok = await bcrypt.compare(password, user?.password_hash ?? '$2b$10$invalidinvalidinvalidinvalidinvalidinvalidinvalidinvali')
  if (!user || !ok) throw new ApiError(401, 'bad_credentials', '用户名或密码错误')
  const token = randomBytes(32).toString('base64url')
  const expires = new Date(Date.now() + SESSION_LENGTH[user.role])
  await db.insertInto('app_session').values({ token_hash: hashToken(token), user_id: user.id, expires_at: expires }).execute()
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', path: '/', expires, secure: c.req.url.startsWith('https:') })
  return { token, expires, user: publicUser(user) }
}

export async function logout(c: Context<AppEnv>) {
  const token = sessionToken(c)
  if (token) await c.get('db').kysely.deleteFrom('app_session').where('token_hash', '=', hashToken(token)).execute()
  deleteCookie(c, SESSION_COOKIE, { path: '/' })
}

function sessionToken(c: Context<AppEnv>): string | undefined {
  const bearer = c.req.header('authorization')?.match(/^Bearer (.+)$/)?.[1]
  return bearer ?? getCookie(c, SESSION_COOKIE)
}

export function publicUser(u: { id: number; username: string; display_name: string; role: Role; department_code: string | null; grid_code: string | null }): SessionUser {
  return { id: u.id, username: u.username, display_name: u.display_name, role: u.role, department_code: u.department_code, grid_code: u.grid_code }
}

/** Resolves the session (cookie or bearer token), if any, into c.get('user'). */
export const session: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = sessionToken(c)
  if (token) {
    const r = await sql<SessionUser>`
      select u.id, u.username, u.display_name, u.role, u.department_code, u.grid_code
      from app_session s join app_user u on u.id = s.user_id
      where s.token_hash = ${hashToken(token)} and s.expires_at > now()`.execute(c.get('db').kysely)
    if (r.rows[0]) c.set('user', r.rows[0])
  }
  await next()
}

/** Only these roles pass; no session is 401, another role 403. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get('user')
    if (!user) throw new ApiError(401, 'unauthenticated', '请先登录')
    if (!roles.includes(user.role)) throw new ApiError(403, 'forbidden', `this needs one of the roles: ${roles.join(', ')}`)
    await next()
  }
}
