import { addressPath, DomainError, loginBody, sessionBody, usernamePath } from '@gridsight/contract'
import { loginThrottle, sessions } from '@gridsight/db'
import { Hono } from 'hono'
import { adoptSession, endAllSessions, logout, requireRole } from '../auth.js'
import type { AppEnv } from '../context.js'
import { lockouts, login } from '../login.js'
import { describe } from '../openapi.js'
import { json, params } from '../validate.js'

const tag = 'sessions'
const admin = requireRole('admin')

export const authRoutes = new Hono<AppEnv>()
  .post('/login', describe(tag, 'Password login: a session cookie, and the token for devices (throttled; 429 when locked)'), json(loginBody), async (c) => {
    const b = c.req.valid('json')
    return c.json(await login(c, b.username, b.password))
  })
  /** A device or wall hands over a token it was given; the session moves into a cookie. */
  .post('/session', describe(tag, 'Take over a session by its token into a cookie (same-origin pages only)'), json(sessionBody), async (c) => c.json(await adoptSession(c, c.req.valid('json').token)))
  .post('/logout', describe(tag, 'End the session'), async (c) => {
    await logout(c)
    return c.json({ ok: true })
  })
  .delete('/sessions', describe(tag, 'Sign out everywhere: end every session of the signed-in user'), async (c) => {
    const user = c.get('user')
    if (!user) throw new DomainError('unauthenticated', '请先登录')
    const ended = await endAllSessions(c, user.id)
    await logout(c)
    return c.json({ ended })
  })
  /** The logged-in user, or null: asking who one is is not an error. */
  .get('/me', describe(tag, 'The logged-in user, or null'), (c) => c.json(c.get('user') ?? null))
  .delete('/users/:username/sessions', describe(tag, "End every session of a user (administrators): a lost phone, a wall's token"), admin, params(usernamePath), async (c) => {
    const id = await sessions.userIdByName(c.get('db').kysely, c.req.valid('param').username)
    if (id === undefined) throw new DomainError('not_found', 'no such user')
    return c.json({ ended: await endAllSessions(c, id) })
  })
  .get('/lockouts', describe(tag, 'Locked account names and blocked addresses (administrators)'), admin, async (c) => c.json(await lockouts(c)))
  .delete('/lockouts/accounts/:username', describe(tag, "Lift an account name's lock and forget its failed logins (administrators)"), admin, params(usernamePath), async (c) => {
    const lifted = await loginThrottle.liftAccount(c.get('db').kysely, c.req.valid('param').username)
    if (!lifted) throw new DomainError('not_found', 'this name has no lock and no failed logins')
    return c.json({ ok: true })
  })
  .delete('/lockouts/addresses/:address', describe(tag, "Forget an address's failed logins, unblocking it (administrators)"), admin, params(addressPath), async (c) => {
    const lifted = await loginThrottle.liftAddress(c.get('db').kysely, c.req.valid('param').address)
    if (!lifted) throw new DomainError('not_found', 'this address has no failed logins')
    return c.json({ ok: true })
  })
