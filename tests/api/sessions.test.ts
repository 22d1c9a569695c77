import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '@gridsight/api'
import { SIGN_IN_DEFAULTS, type SignInSettings } from '@gridsight/api/sign-in-settings'
import type { Role } from '@gridsight/contract'
import type { Db } from '@gridsight/db'
import { createAccount } from '../support/accounts.js'
import { backends } from '../support/backends.js'

const json = { 'content-type': 'application/json' }
const DAY = 86_400_000
const hash = (token: string) => createHash('sha256').update(token).digest('base64url')
const cookieOf = (res: Response) => res.headers.get('set-cookie')?.match(/gs_session=([^;]*)/)?.[1]

describe.each(backends())('sessions on $name PostGIS', (backend) => {
  let db: Db
  let app: ReturnType<typeof createApp>
  beforeAll(async () => {
    db = await backend.open()
    app = createApp(db)
  })
  afterAll(async () => { await db?.close() })

  const login = (username: string, password: string, headers: Record<string, string> = {}, on = app) =>
    Promise.resolve(on.request('/api/auth/login', { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify({ username, password }) }))
  const signIn = async (role: Role) => {
    const user = await createAccount(db, role)
    const res = await login(user.username, user.password)
    expect(res.status).toBe(200)
    return { user, ...((await res.json()) as { token: string; expires: string }) }
  }
  const me = async (token: string, how: 'bearer' | 'cookie' = 'bearer') =>
    (await (await app.request('/api/auth/me', { headers: how === 'bearer' ? { authorization: `Bearer ${token}` } : { cookie: `gs_session=${token}` } })).json()) as { username: string } | null
  const ageSession = (token: string, idleMs: number) =>
    sql`update app_session set last_seen_at = now() - make_interval(secs => ${idleMs / 1000}) where token_hash = ${hash(token)}`.execute(db.kysely)

  it('gives a new token at every login and ends the session the browser had', async () => {
    const user = await createAccount(db, 'dispatcher')
    const first = await login(user.username, user.password)
    const old = cookieOf(first)!
    const second = await login(user.username, user.password, { cookie: `gs_session=${old}`, 'sec-fetch-site': 'same-origin' })
    const fresh = cookieOf(second)!
    expect(fresh).not.toBe(old)
    expect(await me(old, 'cookie')).toBeNull()
    expect((await me(fresh, 'cookie'))?.username).toBe(user.username)
  })

  it.each([
    ['dispatcher', 7], ['admin', 7], ['department', 7], ['leader', 7], ['grid_worker', 30], ['screen', 365],
  ] as const)('ends a %s session %i days after login at the latest', async (role, days) => {
    const before = Date.now()
    const s = await signIn(role)
    expect(new Date(s.expires).getTime() - before).toBeGreaterThan(days * DAY - 60_000)
    expect(new Date(s.expires).getTime() - before).toBeLessThan(days * DAY + 60_000)
    await sql`update app_session set expires_at = now() - interval '1 second' where token_hash = ${hash(s.token)}`.execute(db.kysely)
    expect(await me(s.token)).toBeNull()
  })

  it('ends a desk session after 12 hours unused, a phone or screen session only after 30 days', async () => {
    const desk = await signIn('dispatcher')
    const phone = await signIn('grid_worker')
    const wall = await signIn('screen')
    for (const s of [desk, phone, wall]) await ageSession(s.token, 13 * 3_600_000)
    expect(await me(desk.token)).toBeNull()
    expect((await me(phone.token))?.username).toBe(phone.user.username)
    expect((await me(wall.token))?.username).toBe(wall.user.username)
    for (const s of [phone, wall]) await ageSession(s.token, 31 * DAY)
    expect(await me(phone.token)).toBeNull()
    expect(await me(wall.token)).toBeNull()
  })

  it('keeps a session in use alive: each use moves its idle clock on', async () => {
    const desk = await signIn('leader')
    await ageSession(desk.token, 11 * 3_600_000)
    expect((await me(desk.token))?.username).toBe(desk.user.username)
    const row = await sql<{ idle: number }>`select extract(epoch from now() - last_seen_at)::float8 as idle from app_session where token_hash = ${hash(desk.token)}`.execute(db.kysely)
    expect(row.rows[0]!.idle).toBeLessThan(60)
  })

  it('takes the idle and absolute lifetimes from the settings', async () => {
    const short: SignInSettings = { ...SIGN_IN_DEFAULTS, lifetimes: { ...SIGN_IN_DEFAULTS.lifetimes, dispatcher: { idleSeconds: 600, absoluteSeconds: 3600 } } }
    const own = createApp(db, undefined, undefined, undefined, short)
    const user = await createAccount(db, 'dispatcher')
    const res = await login(user.username, user.password, {}, own)
    const { token, expires } = (await res.json()) as { token: string; expires: string }
    expect(new Date(expires).getTime() - Date.now()).toBeLessThan(3600_000 + 60_000)
    await ageSession(token, 11 * 60_000)
    expect(await (await own.request('/api/auth/me', { headers: { authorization: `Bearer ${token}` } })).json()).toBeNull()
  })

  it('signs a user out everywhere, by the user', async () => {
    const user = await createAccount(db, 'department')
    const tokens = await Promise.all([1, 2, 3].map(async () => ((await (await login(user.username, user.password)).json()) as { token: string }).token))
    const res = await app.request('/api/auth/sessions', { method: 'DELETE', headers: { authorization: `Bearer ${tokens[0]}` } })
    expect(await res.json()).toEqual({ ended: 3 })
    for (const t of tokens) expect(await me(t)).toBeNull()
    expect((await app.request('/api/auth/sessions', { method: 'DELETE' })).status).toBe(401)
  })

  it("signs a user out everywhere, by an administrator (a lost phone, a wall's token); nobody else may", async () => {
    const admin = await signIn('admin')
    const dispatcher = await signIn('dispatcher')
    const wall = await signIn('screen')
    const byAdmin = (token: string, username: string) => app.request(`/api/auth/users/${username}/sessions`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })
    expect((await byAdmin(dispatcher.token, wall.user.username)).status).toBe(403)
    expect((await me(wall.token))?.username).toBe(wall.user.username)
    expect(await (await byAdmin(admin.token, wall.user.username)).json()).toEqual({ ended: 1 })
    expect(await me(wall.token)).toBeNull()
    expect((await byAdmin(admin.token, 'no_such_user')).status).toBe(404)
  })

  it("ends the open event stream of a session an administrator revoked (the wall's token)", async () => {
    const admin = await signIn('admin')
    const wall = await signIn('screen')
    const res = await app.request('/api/stream', { headers: { authorization: `Bearer ${wall.token}` } })
    expect(res.status).toBe(200)
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    while (!text.includes('event: ready')) text += decoder.decode((await reader.read()).value)
    await app.request(`/api/auth/users/${wall.user.username}/sessions`, { method: 'DELETE', headers: { authorization: `Bearer ${admin.token}` } })
    // The stream ends by itself at its next heartbeat (a read that returns done); a live one would go on.
    while (!(await reader.read()).done) { /* heartbeats until the check */ }
    expect(await me(wall.token)).toBeNull()
  }, 60_000)

  it('adopting a token into the cookie ends the session the browser had before', async () => {
    const wall = await signIn('screen')
    const other = await signIn('dispatcher')
    const res = await app.request('/api/auth/session', { method: 'POST', headers: { ...json, 'sec-fetch-site': 'same-origin', cookie: `gs_session=${other.token}` }, body: JSON.stringify({ token: wall.token }) })
    expect(res.status).toBe(200)
    expect(cookieOf(res)).toBe(wall.token)
    expect(await me(other.token)).toBeNull()
    await ageSession(wall.token, 31 * DAY)
    const idle = await app.request('/api/auth/session', { method: 'POST', headers: json, body: JSON.stringify({ token: wall.token }) })
    expect(idle.status).toBe(401)
  })

  it.each([
    ['auto', 'http://gridsight.example/api/auth/login', {}, false],
    ['auto', 'https://gridsight.example/api/auth/login', {}, true],
    ['auto', 'http://gridsight.example/api/auth/login', { 'x-forwarded-proto': 'https' }, false],
    ['auto behind a trusted proxy', 'http://gridsight.example/api/auth/login', { 'x-forwarded-proto': 'https' }, true],
    ['on', 'http://gridsight.example/api/auth/login', {}, true],
    ['off', 'https://gridsight.example/api/auth/login', {}, false],
  ] as const)('marks the cookie Secure: %s, %s %j → %s', async (mode, url, headers, secure) => {
    const settings: SignInSettings = { ...SIGN_IN_DEFAULTS, secureCookies: mode.startsWith('auto') ? 'auto' : mode as 'on' | 'off', trustedProxies: mode.includes('proxy') ? 1 : 0 }
    const own = createApp(db, undefined, undefined, undefined, settings)
    const user = await createAccount(db, 'leader')
    const res = await own.request(url, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify({ username: user.username, password: user.password }) })
    expect(res.status).toBe(200)
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/HttpOnly/)
    expect(/;\s*Secure/i.test(cookie)).toBe(secure)
  })
})
