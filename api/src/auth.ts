import { createHash, randomBytes } from 'node:crypto'
import bcrypt from 'bcryptjs'
import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { DomainError, type Role } from '@gridsight/contract'
import { type Db, sessions } from '@gridsight/db'
import type { AppEnv, SessionUser } from './context.js'

export const SESSION_COOKIE = 'gs_session'
const HOURS = 3_600_000
/** Desks get a working day; the read-only screen role a year (the wall runs unattended). */
const SESSION_LENGTH: Record<Role, number> = { admin: 12 * HOURS, leader: 12 * HOURS, dispatcher: 12 * HOURS, department: 12 * HOURS, grid_worker: 30 * 24 * HOURS, screen: 365 * 24 * HOURS }

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url')

/** A new session of the user's role's length: its token (only its hash is stored). */
export async function openSession(db: Db, user: { id: number; role: Role }): Promise<{ token: string; expires: Date }> {
  const token = randomBytes(32).toString('base64url')
  const expires = new Date(Date.now() + SESSION_LENGTH[user.role])
  await sessions.createSession(db.kysely, hashToken(token), user.id, expires)
  return { token, expires }
}

/** Logs in with a password: a session token in an httpOnly, SameSite cookie (and in the body, for devices). */
export async function login(c: Context<AppEnv>, username: string, password: string) {
  const db = c.get('db').kysely
  const user = await sessions.userForLogin(db, username)
  // Compare even for unknown users, so timing does not tell which names exist.
  const ok = await bcrypt.compare(password, user?.password_hash ?? '$2b$10$invalidinvalidinvalidinvalidinvalidinvalidinvalidinvali')
  if (!user || !ok) throw new DomainError('unauthenticated', '用户名或密码错误', 'bad_credentials')
  const { token, expires } = await openSession(c.get('db'), user)
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', path: '/', expires, secure: c.req.url.startsWith('https:') })
  return { token, expires, user: publicUser(user) }
}

/**
 * Takes over an existing session by its token (a wall opened at /?token=… with the screen account's long-lived
 * token): the same session, now in an httpOnly cookie, so the token leaves the URL. Unknown or expired → 401.
 */
export async function adoptSession(c: Context<AppEnv>, token: string) {
  const row = await sessions.sessionUser(c.get('db').kysely, hashToken(token))
  if (!row) throw new DomainError('unauthenticated', 'unknown or expired token', 'bad_token')
  const expires = new Date(row.expires_at)
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', path: '/', expires, secure: c.req.url.startsWith('https:') })
  return { expires, user: publicUser(row) }
}

export async function logout(c: Context<AppEnv>) {
  const token = sessionToken(c)
  if (token) await sessions.deleteSession(c.get('db').kysely, hashToken(token))
  deleteCookie(c, SESSION_COOKIE, { path: '/' })
}

function sessionToken(c: Context<AppEnv>): string | undefined {
  const bearer = c.req.header('authorization')?.match(/^Bearer (.+)$/)?.[1]
  return bearer ?? getCookie(c, SESSION_COOKIE)
}

export function publicUser(u: SessionUser): SessionUser {
  return { id: u.id, username: u.username, display_name: u.display_name, role: u.role, department_code: u.department_code, grid_code: u.grid_code }
}

/** Resolves the session (cookie or bearer token), if any, into c.get('user'). */
export const session: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = sessionToken(c)
  if (token) {
    const user = await sessions.sessionUser(c.get('db').kysely, hashToken(token))
    if (user) c.set('user', publicUser(user))
  }
  await next()
}

/**
 * With the wall not public (GRIDSIGHT_PUBLIC_WALL=off), every read needs a session — the screen account's for
 * the wall — except logging in, health, the client config and the devices' own feed (they carry a device key).
 */
export function requireSessionUnlessPublic(publicWall: boolean): MiddlewareHandler<AppEnv> {
  const open = (method: string, path: string) => path.startsWith('/api/auth/') || path === '/api/health' || path === '/api/config'
    || path === '/api/openapi.json' || (method === 'POST' && /^\/api\/sensors\/[^/]+\/events$/.test(path))
  return async (c, next) => {
    if (!publicWall && !c.get('user') && !open(c.req.method, c.req.path)) throw new DomainError('unauthenticated', '请先登录（大屏使用大屏账号）', 'login_required')
    await next()
  }
}

/** Only these roles pass; no session is 401, another role 403. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get('user')
    if (!user) throw new DomainError('unauthenticated', '请先登录')
    if (!roles.includes(user.role)) throw new DomainError('forbidden', `this needs one of the roles: ${roles.join(', ')}`)
    await next()
  }
}
