import { randomBytes } from 'node:crypto'
import bcrypt from 'bcryptjs'
import type { Context } from 'hono'
import { DomainError } from '@gridsight/contract'
import { loginThrottle, sessions } from '@gridsight/db'
import { startSession } from './auth.js'
import { clientAddress } from './client-address.js'
import type { AppEnv } from './context.js'

/** The bcrypt cost of the stored password hashes (geodata's users.ts): the stand-in hash must take as long. */
const PASSWORD_COST = 10
let standIn: Promise<string> | null = null
/** A real hash of a password nobody knows, compared when there is no user (or the attempt is refused). */
const standInHash = () => (standIn ??= bcrypt.hash(randomBytes(24).toString('base64url'), PASSWORD_COST))

const LOCKED_MESSAGE = '登录失败次数过多，已暂时锁定，请稍后再试或联系管理员解除'

/**
 * Logs in with a password, throttled per account name and per client address (settings in sign-in-settings.ts).
 * Every attempt takes the same path whether the name exists or not — one user lookup, the throttle's reads and
 * writes, one bcrypt comparison — and names that do not exist are counted and locked like real ones, so neither
 * the answer nor its time tells which names exist.
 */
export async function login(c: Context<AppEnv>, username: string, password: string) {
  const db = c.get('db').kysely
  const s = c.get('signIn')
  const address = clientAddress(c, s.trustedProxies)
  const user = await sessions.userForLogin(db, username)
  const block = await loginThrottle.loginBlock(db, username, address, s.windowSeconds)
  let refused = block.lockedUntil !== null || block.addressFailures >= s.addressLimit
  let counts: { account: number; address: number } | null = null
  if (!refused) {
    // Counted as a failure before the password is checked: of a burst of parallel guesses, only the first few are.
    counts = await loginThrottle.recordFailure(db, username, address, s.windowSeconds)
    refused = counts.account > s.accountLimit || counts.address > s.addressLimit
  }
  const ok = await bcrypt.compare(password, (!refused && user?.password_hash) || await standInHash())
  if (user && ok && !refused) {
    await loginThrottle.forgive(db, username, s.windowSeconds)
    return startSession(c, user)
  }
  if (counts && counts.account >= s.accountLimit) await loginThrottle.lock(db, username, s.lockSeconds, s.windowSeconds)
  if (refused) {
    const seconds = block.lockedUntil ? Math.ceil((block.lockedUntil.getTime() - Date.now()) / 1000)
      : counts && counts.account > s.accountLimit ? s.lockSeconds : s.windowSeconds
    c.header('Retry-After', String(Math.max(1, seconds)))
    throw new DomainError('too_many_requests', LOCKED_MESSAGE, 'login_locked')
  }
  throw new DomainError('unauthenticated', '用户名或密码错误', 'bad_credentials')
}

/** The locked account names and the blocked addresses, for the administrators. */
export async function lockouts(c: Context<AppEnv>) {
  const s = c.get('signIn')
  return loginThrottle.lockouts(c.get('db').kysely, s.windowSeconds, s.addressLimit)
}
