import { Hono } from 'hono'
import { z } from 'zod'
import { adoptSession, login, logout } from '../auth.js'
import type { AppEnv } from '../context.js'
import { parseBody } from '../params.js'

export const authRoutes = new Hono<AppEnv>()
  .post('/login', async (c) => {
    const b = parseBody(z.object({ username: z.string().min(1).max(40), password: z.string().min(1).max(200) }), await c.req.json().catch(() => null))
    return c.json(await login(c, b.username, b.password))
  })
  /** POST /api/auth/session {token} — a device or wall hands over a token it was given; the session moves into a cookie. */
  .post('/session', async (c) => {
    const b = parseBody(z.object({ token: z.string().min(10).max(200) }), await c.req.json().catch(() => null))
    return c.json(await adoptSession(c, b.token))
  })
  .post('/logout', async (c) => {
    await logout(c)
    return c.json({ ok: true })
  })
  /** The logged-in user, or null: asking who one is is not an error. */
  .get('/me', (c) => c.json(c.get('user') ?? null))
