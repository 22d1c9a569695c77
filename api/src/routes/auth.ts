import { loginBody, sessionBody } from '@gridsight/contract'
import { Hono } from 'hono'
import { adoptSession, login, logout } from '../auth.js'
import type { AppEnv } from '../context.js'
import { describe } from '../openapi.js'
import { json } from '../validate.js'

const tag = 'sessions'

export const authRoutes = new Hono<AppEnv>()
  .post('/login', describe(tag, 'Password login: a session cookie, and the token for devices'), json(loginBody), async (c) => {
    const b = c.req.valid('json')
    return c.json(await login(c, b.username, b.password))
  })
  /** A device or wall hands over a token it was given; the session moves into a cookie. */
  .post('/session', describe(tag, 'Take over a session by its token into a cookie'), json(sessionBody), async (c) => c.json(await adoptSession(c, c.req.valid('json').token)))
  .post('/logout', describe(tag, 'End the session'), async (c) => {
    await logout(c)
    return c.json({ ok: true })
  })
  /** The logged-in user, or null: asking who one is is not an error. */
  .get('/me', describe(tag, 'The logged-in user, or null'), (c) => c.json(c.get('user') ?? null))
