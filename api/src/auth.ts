import { createHash, randomBytes } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { DomainError, type Role } from '@gridsight/contract'
import { type Db, sessions } from '@gridsight/db'
import { overHttps } from './client-address.js'
import type { AppEnv, SessionUser } from './context.js'
import { SIGN_IN_DEFAULTS, type SignInSettings } from './sign-in-settings.js'

export const SESSION_COOKIE = 'gs_session'

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url')

/** A new session for a user, of the role's absolute lifetime: its token (only its hash is stored). */
export async function openSession(db: Db, user: { id: number; role: Role }, signIn: SignInSettings = SIGN_IN_DEFAULTS): Promise<{ token: string; expires: Date }> {
  const token = randomBytes(32).toString('base64url')
  const expires = new Date(Date.now() + signIn.lifetimes[user.role].absoluteSeconds * 1000)
  await sessions.createSession(db.kysely, hashToken(token), user.id, expires)
  return { token, expires }
}

/**
 * Starts a session for a user whose password was checked (login.ts): a new token every time, in an httpOnly,
 * SameSite cookie (and in the body, for devices). A session this browser already had is ended, not kept beside it.
 * It ends after its role's idle time unused, and at the latest after its role's absolute lifetime.
 */
export async function startSession(c: Context<AppEnv>, user: SessionUser) {
  const previous = getCookie(c, SESSION_COOKIE)
  if (previous) await sessions.deleteSession(c.get('db').kysely, hashToken(previous))
  const { token, expires } = await openSession(c.get('db'), user, c.get('signIn'))
  setSessionCookie(c, token, expires)
  return { token, expires, user: publicUser(user) }
}

/**
 * Takes over an existing session by its token (a wall opened at /?token=… with the screen account's long-lived
 * token): the same session, now in an httpOnly cookie, so the token leaves the URL; a different session this browser
 * had is ended. Only a page of this origin can ask (csrf.ts). Unknown, ended or idle too long → 401.
 */
export async function adoptSession(c: Context<AppEnv>, token: string) {
  const row = await liveSession(c, token)
  if (!row) throw new DomainError('unauthenticated', 'unknown or expired token', 'bad_token')
  const previous = getCookie(c, SESSION_COOKIE)
  if (previous && previous !== token) await sessions.deleteSession(c.get('db').kysely, hashToken(previous))
  const expires = new Date(row.expires_at)
  setSessionCookie(c, token, expires)
  return { expires, user: publicUser(row) }
}

function setSessionCookie(c: Context<AppEnv>, token: string, expires: Date) {
  const { secureCookies, trustedProxies } = c.get('signIn')
  const secure = secureCookies === 'on' || (secureCookies === 'auto' && overHttps(c, trustedProxies))
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', path: '/', expires, secure })
}

export async function logout(c: Context<AppEnv>) {
  const token = sessionToken(c)
  if (token) await sessions.deleteSession(c.get('db').kysely, hashToken(token))
  deleteCookie(c, SESSION_COOKIE, { path: '/' })
}

/** Ends every session of a user (all their devices and browsers); how many there were. */
export async function endAllSessions(c: Context<AppEnv>, userId: number): Promise<number> {
  return sessions.deleteUserSessions(c.get('db').kysely, userId)
}

function sessionToken(c: Context<AppEnv>): string | undefined {
  const bearer = c.req.header('authorization')?.match(/^Bearer (.+)$/)?.[1]
  return bearer ?? getCookie(c, SESSION_COOKIE)
}

/**
 * The session of a token if it is live: before its absolute end and used within its role's idle time. Use moves
 * the idle clock on, written at most about once a minute per session.
 */
async function liveSession(c: Context<AppEnv>, token: string) {
  const db = c.get('db').kysely
  const hash = hashToken(token)
  const row = await sessions.sessionUser(db, hash)
  if (!row) return undefined
  const idleLimit = c.get('signIn').lifetimes[row.role].idleSeconds
  if (row.idle_seconds > idleLimit) {
    await sessions.deleteSession(db, hash)
    return undefined
  }
  if (row.idle_seconds > Math.min(60, idleLimit / 4)) await sessions.touchSession(db, hash)
  return row
}

export function publicUser(u: SessionUser): SessionUser {
  return { id: u.id, username: u.username, display_name: u.display_name, role: u.role, department_code: u.department_code, grid_code: u.grid_code, unit_code: u.unit_code }
}

/** For a long answer (the event stream): is the session the request came with still live? Its use counts. */
export async function sessionStillLive(c: Context<AppEnv>): Promise<boolean> {
  const token = sessionToken(c)
  return token !== undefined && (await liveSession(c, token)) !== undefined
}

/** Resolves the session (cookie or bearer token), if any, into c.get('user'). */
export const session: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = sessionToken(c)
  if (token) {
    const user = await liveSession(c, token)
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
