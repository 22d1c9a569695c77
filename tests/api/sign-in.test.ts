import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '@gridsight/api'
import { SIGN_IN_DEFAULTS, type SignInSettings } from '@gridsight/api/sign-in-settings'
import { type RunningServer, startHttpServer } from '@gridsight/api/http'
import { type Db, loginThrottle } from '@gridsight/db'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import { createAccount } from '../support/accounts.js'
import { backends } from '../support/backends.js'

/** Behind one trusted proxy, so each test can come from an address of its own (X-Forwarded-For). */
const SETTINGS: SignInSettings = { ...SIGN_IN_DEFAULTS, accountLimit: 3, addressLimit: 6, trustedProxies: 1 }
const newAddress = () => `2001:db8::${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`
const json = { 'content-type': 'application/json' }

describe.each(backends())('login throttling on $name PostGIS', (backend) => {
  let db: Db
  let app: ReturnType<typeof createApp>
  let adminToken: string
  beforeAll(async () => {
    db = await backend.open()
    app = createApp(db, undefined, undefined, undefined, SETTINGS)
    const admin = await createAccount(db, 'admin', 'adm')
    adminToken = ((await (await login(admin.username, admin.password)).json()) as any).token
  })
  afterAll(async () => { await db?.close() })

  const login = (username: string, password: string, address = newAddress()) =>
    app.request('/api/auth/login', { method: 'POST', headers: { ...json, 'x-forwarded-for': `10.9.9.9, ${address}` }, body: JSON.stringify({ username, password }) })
  const asAdmin = (method: string, path: string) => app.request(path, { method, headers: { authorization: `Bearer ${adminToken}` } })
  const answer = async (res: Response) => ({ status: res.status, body: await res.json(), retry: res.headers.get('retry-after') !== null })

  it('answers an unknown name exactly as a wrong password, and locks both the same way', async () => {
    const real = await createAccount(db, 'dispatcher')
    const ghost = `ghost_${randomBytes(5).toString('hex')}`
    for (let i = 0; i < SETTINGS.accountLimit; i++) {
      const [a, b] = [await answer(await login(real.username, 'wrong-password')), await answer(await login(ghost, 'wrong-password'))]
      expect(a).toEqual({ status: 401, body: { error: { code: 'bad_credentials', message: '用户名或密码错误' } }, retry: false })
      expect(b).toEqual(a)
    }
    // Locked: even the right password is refused, and the lock reads the same for a name that does not exist.
    const locked = await answer(await login(real.username, real.password))
    expect(locked).toEqual({ status: 429, body: { error: { code: 'login_locked', message: expect.any(String) } }, retry: true })
    expect(await answer(await login(ghost, 'anything'))).toEqual(locked)
    // Other accounts are not touched.
    const other = await createAccount(db, 'dispatcher')
    expect((await login(other.username, other.password)).status).toBe(200)
  })

  it('lets an administrator see and lift a lock; only an administrator', async () => {
    const user = await createAccount(db, 'department')
    for (let i = 0; i < SETTINGS.accountLimit; i++) await login(user.username, 'nope')
    expect((await login(user.username, user.password)).status).toBe(429)
    const list = (await (await asAdmin('GET', '/api/auth/lockouts')).json()) as any
    expect(list.accounts.map((a: any) => a.username)).toContain(user.username)
    const token = ((await (await login((await createAccount(db, 'dispatcher')).username, DEMO_PASSWORD)).json()) as any).token
    const byDispatcher = await app.request(`/api/auth/lockouts/accounts/${user.username}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })
    expect(byDispatcher.status).toBe(403)
    expect((await app.request(`/api/auth/lockouts/accounts/${user.username}`, { method: 'DELETE' })).status).toBe(401)
    expect((await login(user.username, user.password)).status).toBe(429)
    expect((await asAdmin('DELETE', `/api/auth/lockouts/accounts/${user.username}`)).status).toBe(200)
    expect((await login(user.username, user.password)).status).toBe(200)
    expect((await asAdmin('DELETE', `/api/auth/lockouts/accounts/${user.username}`)).status).toBe(404)
  })

  it('forgets the failures of a name after a good password', async () => {
    const user = await createAccount(db, 'leader')
    for (let i = 0; i < SETTINGS.accountLimit - 1; i++) expect((await login(user.username, 'typo')).status).toBe(401)
    expect((await login(user.username, user.password)).status).toBe(200)
    for (let i = 0; i < SETTINGS.accountLimit - 1; i++) expect((await login(user.username, 'typo')).status).toBe(401)
    expect((await login(user.username, user.password)).status).toBe(200)
  })

  it('checks at most the limit of a burst of parallel guesses', async () => {
    const user = await createAccount(db, 'dispatcher')
    const statuses = await Promise.all(Array.from({ length: 12 }, (_, i) => Promise.resolve(login(user.username, `guess-${i}`)).then((r) => r.status)))
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(SETTINGS.accountLimit)
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(12 - SETTINGS.accountLimit)
    expect((await login(user.username, user.password)).status).toBe(429)
  })

  it('blocks an address after its limit of failures across names, until lifted; other addresses go on', async () => {
    const address = newAddress()
    for (let i = 0; i < SETTINGS.addressLimit; i++) expect((await login(`nobody_${i}_${randomBytes(3).toString('hex')}`, 'x', address)).status).toBe(401)
    const user = await createAccount(db, 'dispatcher')
    expect((await login(user.username, user.password, address)).status).toBe(429)
    expect((await login(user.username, user.password)).status).toBe(200)
    const list = (await (await asAdmin('GET', '/api/auth/lockouts')).json()) as any
    expect(list.addresses).toContainEqual({ address, failures: SETTINGS.addressLimit, last_at: expect.any(String) })
    expect((await asAdmin('DELETE', `/api/auth/lockouts/addresses/${encodeURIComponent(address)}`)).status).toBe(200)
    expect((await login(user.username, user.password, address)).status).toBe(200)
  })

  it('believes X-Forwarded-For only behind a trusted proxy', async () => {
    const direct = createApp(db, undefined, undefined, undefined, { ...SETTINGS, trustedProxies: 0 })
    const address = newAddress()
    const attempt = (username: string, password: string) => direct.request('/api/auth/login', { method: 'POST', headers: { ...json, 'x-forwarded-for': address }, body: JSON.stringify({ username, password }) })
    for (let i = 0; i < SETTINGS.addressLimit + 1; i++) await attempt(`nobody_${i}_${randomBytes(3).toString('hex')}`, 'x')
    const user = await createAccount(db, 'dispatcher')
    expect((await attempt(user.username, user.password)).status).toBe(200)
    const list = (await (await asAdmin('GET', '/api/auth/lockouts')).json()) as any
    expect(list.addresses.map((a: any) => a.address)).not.toContain(address)
  })

  it.runIf(backend.name === 'server')('holds a lock made through one API process in another (the counts live in the database)', async () => {
    const second = await backend.open()
    try {
      const other = createApp(second, undefined, undefined, undefined, SETTINGS)
      const user = await createAccount(db, 'dispatcher')
      for (let i = 0; i < SETTINGS.accountLimit; i++) expect((await login(user.username, 'nope')).status).toBe(401)
      const there = await other.request('/api/auth/login', { method: 'POST', headers: json, body: JSON.stringify({ username: user.username, password: user.password }) })
      expect(there.status).toBe(429)
    } finally {
      await second.close()
    }
  })
})

/** Over real HTTP the socket's address counts (no proxy trusted): the address limit holds for real clients. */
describe('login throttling by the socket address, over real HTTP', () => {
  let db: Db
  let server: RunningServer
  beforeAll(async () => {
    db = await backends()[0]!.open()
    server = await startHttpServer({ db, port: 0, host: '127.0.0.1', webDist: '/nonexistent', signIn: { ...SIGN_IN_DEFAULTS, addressLimit: 3 } })
  })
  afterAll(async () => {
    await server?.close()
    await db?.close()
  })

  it('blocks the address after its failures, whatever X-Forwarded-For says', async () => {
    const attempt = (username: string, password: string) => fetch(`${server.url}api/auth/login`, { method: 'POST', headers: { ...json, 'x-forwarded-for': newAddress() }, body: JSON.stringify({ username, password }) })
    for (let i = 0; i < 3; i++) expect((await attempt(`nobody_${randomBytes(4).toString('hex')}`, 'x')).status).toBe(401)
    const user = await createAccount(db, 'dispatcher')
    expect((await attempt(user.username, user.password)).status).toBe(429)
    const blocked = await loginThrottle.lockouts(db.kysely, SIGN_IN_DEFAULTS.windowSeconds, 3)
    expect(blocked.addresses.map((a) => a.address)).toEqual(['127.0.0.1'])
  })
})
