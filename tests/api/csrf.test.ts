import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '@gridsight/api'
import type { Db } from '@gridsight/db'
import { createAccount, type TestAccount } from '../support/accounts.js'
import { backends } from '../support/backends.js'

const json = { 'content-type': 'application/json' }
/** What a browser says of a request's origin; the in-process app answers at http://localhost. */
const FROM = {
  sameOrigin: { 'sec-fetch-site': 'same-origin' },
  typed: { 'sec-fetch-site': 'none' },
  crossSite: { 'sec-fetch-site': 'cross-site' },
  sameSite: { 'sec-fetch-site': 'same-site' },
  ownOrigin: { origin: 'http://localhost' },
  otherOrigin: { origin: 'https://evil.example' },
  opaqueOrigin: { origin: 'null' },
  noBrowser: {},
} satisfies Record<string, Record<string, string>>

describe.each(backends())('cross-site request forgery on $name PostGIS', (backend) => {
  let db: Db
  let app: ReturnType<typeof createApp>
  let worker: TestAccount
  let point: { lon: number; lat: number }
  beforeAll(async () => {
    db = await backend.open()
    app = createApp(db)
    worker = await createAccount(db, 'grid_worker')
    point = (await sql<{ lon: number; lat: number }>`select ST_X(p) as lon, ST_Y(p) as lat from (select ST_PointOnSurface(geom) as p from grid where code = (select grid_code from app_user where username = ${worker.username})) g`.execute(db.kysely)).rows[0]!
  })
  afterAll(async () => { await db?.close() })

  const cookieSession = async (account: TestAccount) => {
    const res = await app.request('/api/auth/login', { method: 'POST', headers: { ...json, ...FROM.sameOrigin }, body: JSON.stringify({ username: account.username, password: account.password }) })
    return `gs_session=${res.headers.get('set-cookie')!.match(/gs_session=([^;]*)/)![1]}`
  }
  const filed = async (clientId: string) => (await sql<{ n: number }>`select count(*)::int as n from incident where client_id = ${clientId}`.execute(db.kysely)).rows[0]!.n
  const report = (headers: Record<string, string>) => {
    const client_id = randomUUID()
    const body = { client_id, category_code: 'dispute.neighbour', description: '邻里纠纷（跨站测试）', people_involved: 2, ...point }
    return { client_id, res: app.request('/api/incidents', { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(body) }) }
  }

  it.each([
    ['crossSite', 403], ['sameSite', 403], ['otherOrigin', 403], ['opaqueOrigin', 403],
    ['sameOrigin', 201], ['typed', 201], ['ownOrigin', 201], ['noBrowser', 201],
  ] as const)('a report by the session cookie from %s → %i, and only then filed', async (from, status) => {
    const { client_id, res } = report({ cookie: await cookieSession(worker), ...FROM[from] })
    const r = await res
    expect(r.status).toBe(status)
    if (status === 403) expect(await r.json()).toEqual({ error: { code: 'cross_site_request', message: expect.any(String) } })
    expect(await filed(client_id)).toBe(status === 201 ? 1 : 0)
  })

  it('lets a Bearer token write from anywhere (a browser never adds one by itself), and anyone read', async () => {
    const login = await app.request('/api/auth/login', { method: 'POST', headers: json, body: JSON.stringify({ username: worker.username, password: worker.password }) })
    const { token } = (await login.json()) as { token: string }
    const { client_id, res } = report({ authorization: `Bearer ${token}`, cookie: await cookieSession(worker), ...FROM.crossSite })
    expect((await res).status).toBe(201)
    expect(await filed(client_id)).toBe(1)
    const read = await app.request('/api/auth/me', { headers: { cookie: await cookieSession(worker), ...FROM.crossSite } })
    expect(((await read.json()) as { username: string }).username).toBe(worker.username)
  })

  it('refuses a cross-site sign-out of everything, and the sessions stay', async () => {
    const cookie = await cookieSession(worker)
    const res = await app.request('/api/auth/sessions', { method: 'DELETE', headers: { cookie, ...FROM.crossSite } })
    expect(res.status).toBe(403)
    expect(((await (await app.request('/api/auth/me', { headers: { cookie } })).json()) as { username: string }).username).toBe(worker.username)
  })

  it.each([
    ['a cross-site page', { ...json, ...FROM.crossSite }, 403],
    ['another origin', { ...json, ...FROM.otherOrigin }, 403],
    ['a form posting text/plain', { 'content-type': 'text/plain', ...FROM.sameOrigin }, 415],
    ['a form posting urlencoded', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ['no content type', {}, 415],
  ] as const)('refuses a login from %s, and sets no cookie', async (_, headers, status) => {
    const res = await app.request('/api/auth/login', { method: 'POST', headers, body: JSON.stringify({ username: worker.username, password: worker.password }) })
    expect(res.status).toBe(status)
    expect(res.headers.get('set-cookie')).toBeNull()
  })

  it("does not let another site plant its own session in a victim's browser (/api/auth/session)", async () => {
    // The attacker's own valid token, posted by the attacker's page in the victim's browser.
    const attacker = await createAccount(db, 'dispatcher')
    const login = await app.request('/api/auth/login', { method: 'POST', headers: json, body: JSON.stringify({ username: attacker.username, password: attacker.password }) })
    const { token } = (await login.json()) as { token: string }
    const body = JSON.stringify({ token })
    for (const headers of [
      { 'content-type': 'text/plain', ...FROM.crossSite }, // a current browser: a form or no-cors fetch
      { 'content-type': 'text/plain', ...FROM.otherOrigin }, // an older one: Origin only
      { 'content-type': 'text/plain' }, // one that says neither: only a page of ours can send JSON
      { ...json, ...FROM.crossSite }, // JSON cross-site needs a CORS preflight, which is never granted; refused anyway
    ]) {
      const res = await app.request('/api/auth/session', { method: 'POST', headers, body })
      expect([403, 415], JSON.stringify(headers)).toContain(res.status)
      expect(res.headers.get('set-cookie'), JSON.stringify(headers)).toBeNull()
    }
    const own = await app.request('/api/auth/session', { method: 'POST', headers: { ...json, ...FROM.sameOrigin }, body })
    expect(own.status).toBe(200)
    expect(own.headers.get('set-cookie')).toMatch(/gs_session=/)
  })
})
