import type { Role } from '@gridsight/contract'

/** How sign-in and sessions behave: the login throttle, the proxies believed, cookies, and session lifetimes. */
export interface SignInSettings {
  /** Failures of one account name within the window that lock the name (known or not). */
  readonly accountLimit: number
  /** Failures from one client address within the window after which that address cannot log in. */
  readonly addressLimit: number
  readonly windowSeconds: number
  /** How long a locked name stays locked (an administrator can lift it sooner). */
  readonly lockSeconds: number
  /** Reverse proxies in front of the API whose X-Forwarded-For/-Proto/-Host are believed; 0: none, the socket's address counts. */
  readonly trustedProxies: number
  /** The session cookie's Secure flag: always, never, or when the request came over https (auto). */
  readonly secureCookies: 'auto' | 'on' | 'off'
  /** Per role: a session ends after this long unused (idle) and at the latest this long after login (absolute). */
  readonly lifetimes: Readonly<Record<Role, SessionLifetime>>
}

export interface SessionLifetime { readonly idleSeconds: number; readonly absoluteSeconds: number }

const HOUR = 3600
const DAY = 24 * HOUR
const desk = { idleSeconds: 12 * HOUR, absoluteSeconds: 7 * DAY }
const phone = { idleSeconds: 30 * DAY, absoluteSeconds: 30 * DAY }
// The wall runs unattended: a long session, ended by an administrator's sign-out (revocable) or a month unused.
const screen = { idleSeconds: 30 * DAY, absoluteSeconds: 365 * DAY }

export const SIGN_IN_DEFAULTS: SignInSettings = Object.freeze({
  accountLimit: 5,
  addressLimit: 100,
  windowSeconds: 15 * 60,
  lockSeconds: 15 * 60,
  trustedProxies: 0,
  secureCookies: 'auto',
  lifetimes: Object.freeze({ admin: desk, leader: desk, dispatcher: desk, town_desk: desk, village_desk: desk, department: desk, grid_worker: phone, screen }),
})

const UNIT: Record<string, number> = { s: 1, m: 60, h: HOUR, d: DAY }

/** "90s", "15m", "12h", "7d" → seconds. */
function duration(name: string, value: string): number {
  const m = /^\s*([0-9]+)\s*([smhd])\s*$/.exec(value)
  const seconds = m ? Number(m[1]) * UNIT[m[2]!]! : NaN
  if (!(seconds > 0) || seconds > 400 * DAY) throw new Error(`${name} must be a duration such as 90s, 15m, 12h or 7d, at most 400d (got "${value}")`)
  return seconds
}

function count(name: string, value: string, min: number, max: number): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max || value.trim() === '') throw new Error(`${name} must be an integer ${min}–${max} (got "${value}")`)
  return n
}

/** "12h/7d": idle/absolute; the idle limit cannot exceed the absolute one. */
function lifetime(name: string, value: string | undefined, fallback: SessionLifetime): SessionLifetime {
  if (value === undefined || value.trim() === '') return fallback
  const [idle, absolute, ...rest] = value.split('/')
  if (idle === undefined || absolute === undefined || rest.length) throw new Error(`${name} must be idle/absolute, e.g. 12h/7d (got "${value}")`)
  const l = { idleSeconds: duration(name, idle), absoluteSeconds: duration(name, absolute) }
  if (l.idleSeconds > l.absoluteSeconds) throw new Error(`${name}: the idle time cannot be longer than the absolute one (got "${value}")`)
  return Object.freeze(l)
}

/** The sign-in settings from the environment (defaults above), checked. */
export function readSignInSettings(env: NodeJS.ProcessEnv): SignInSettings {
  const d = SIGN_IN_DEFAULTS
  const opt = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v)
  const secure = (opt(env.GRIDSIGHT_SECURE_COOKIES) ?? 'auto').trim().toLowerCase()
  if (secure !== 'auto' && secure !== 'on' && secure !== 'off') throw new Error(`GRIDSIGHT_SECURE_COOKIES must be auto, on or off (got "${secure}")`)
  const proxies = (opt(env.GRIDSIGHT_TRUSTED_PROXIES) ?? '0').trim().toLowerCase()
  const desks = lifetime('GRIDSIGHT_SESSION_DESK', env.GRIDSIGHT_SESSION_DESK, d.lifetimes.admin)
  return Object.freeze({
    accountLimit: count('GRIDSIGHT_LOGIN_ACCOUNT_LIMIT', opt(env.GRIDSIGHT_LOGIN_ACCOUNT_LIMIT) ?? String(d.accountLimit), 1, 1000),
    addressLimit: count('GRIDSIGHT_LOGIN_ADDRESS_LIMIT', opt(env.GRIDSIGHT_LOGIN_ADDRESS_LIMIT) ?? String(d.addressLimit), 1, 1_000_000),
    windowSeconds: opt(env.GRIDSIGHT_LOGIN_WINDOW) ? duration('GRIDSIGHT_LOGIN_WINDOW', env.GRIDSIGHT_LOGIN_WINDOW!) : d.windowSeconds,
    lockSeconds: opt(env.GRIDSIGHT_LOGIN_LOCK) ? duration('GRIDSIGHT_LOGIN_LOCK', env.GRIDSIGHT_LOGIN_LOCK!) : d.lockSeconds,
    trustedProxies: proxies === 'off' ? 0 : proxies === 'on' ? 1 : count('GRIDSIGHT_TRUSTED_PROXIES', proxies, 0, 10),
    secureCookies: secure,
    lifetimes: Object.freeze({
      admin: desks, leader: desks, dispatcher: desks, town_desk: desks, village_desk: desks, department: desks,
      grid_worker: lifetime('GRIDSIGHT_SESSION_PHONE', env.GRIDSIGHT_SESSION_PHONE, d.lifetimes.grid_worker),
      screen: lifetime('GRIDSIGHT_SESSION_SCREEN', env.GRIDSIGHT_SESSION_SCREEN, d.lifetimes.screen),
    }),
  })
}
