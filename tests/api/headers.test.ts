import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '@gridsight/api'
import { type RunningServer, startHttpServer } from '@gridsight/api/http'
import { type Db, repoRoot } from '@gridsight/db'
import { createAccount } from '../support/accounts.js'
import { backends } from '../support/backends.js'

const json = { 'content-type': 'application/json' }
const BASEMAP = 'https://t0.tiles.example:8443/vec_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY'

/** The directives of a Content-Security-Policy header, by name. */
function csp(res: Response): Record<string, string[]> {
  const header = res.headers.get('content-security-policy') ?? ''
  return Object.fromEntries(header.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values]))
}

function expectCommonHeaders(res: Response, what: string) {
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff')
  expect(res.headers.get('x-frame-options'), what).toBe('DENY')
  expect(res.headers.get('referrer-policy'), what).toBe('same-origin')
  expect(csp(res)['frame-ancestors'], what).toEqual(["'none'"])
}

describe.each(backends())('security headers of API answers on $name PostGIS', (backend) => {
  let db: Db
  let app: ReturnType<typeof createApp>
  let token: string
  beforeAll(async () => {
    db = await backend.open()
    // A wall open without login (GRIDSIGHT_PUBLIC_WALL=on), so that anonymous reads answer as such.
    app = createApp(db, { basemap: null, publicWall: true })
    const user = await createAccount(db, 'dispatcher')
    token = ((await (await app.request('/api/auth/login', { method: 'POST', headers: json, body: JSON.stringify({ username: user.username, password: user.password }) })).json()) as { token: string }).token
  })
  afterAll(async () => { await db?.close() })

  const bearer = () => ({ authorization: `Bearer ${token}` })

  it.each([
    ['GET', '/api/health', {}, 200],
    ['GET', '/api/stats/kpis', {}, 200],
    ['GET', '/api/no-such-thing', {}, 404],
    ['GET', '/api/alerts?limit=9999', {}, 400],
    ['POST', '/api/incidents', {}, 401],
    ['POST', '/api/auth/login', { 'sec-fetch-site': 'cross-site' }, 403],
    ['GET', '/api/auth/me', {}, 200],
  ] as const)('%s %s (%j) → %i carries nosniff, frame-ancestors, a referrer policy and a CSP that loads nothing', async (method, path, headers, status) => {
    const res = await app.request(path, { method, headers: { ...json, ...headers }, body: method === 'POST' ? '{}' : undefined })
    expect(res.status).toBe(status)
    expectCommonHeaders(res, path)
    expect(csp(res)['default-src']).toEqual(["'none'"])
  })

  it('carries them on a body refused as too large, too', async () => {
    const res = await app.request('/api/auth/login', { method: 'POST', headers: json, body: JSON.stringify({ username: 'x', password: 'y'.repeat(100_000) }) })
    expect(res.status).toBe(413)
    expectCommonHeaders(res, '413')
  })

  it('keeps personal answers out of every cache: anything to a signed-in user, and every sign-in answer', async () => {
    for (const [path, init] of [
      ['/api/auth/me', { headers: bearer() }],
      ['/api/incidents?pageSize=5', { headers: bearer() }],
      ['/api/stats/kpis', { headers: bearer() }],
      ['/api/tiles/towns/12/3257/1689.mvt', { headers: bearer() }],
      ['/api/auth/login', { method: 'POST', headers: json, body: JSON.stringify({ username: 'nobody_here', password: 'x' }) }],
      ['/api/auth/me', {}],
    ] as const) {
      const res = await app.request(path, init)
      expect(res.headers.get('cache-control'), path).toBe('no-store')
    }
  })

  it('lets caches keep what is public for an anonymous wall', async () => {
    const tile = await app.request('/api/tiles/towns/12/3257/1689.mvt')
    expect(tile.headers.get('cache-control')).toBe('public, max-age=300')
    expect((await app.request('/api/stats/kpis')).headers.get('cache-control')).not.toBe('no-store')
  })
})

describe('security headers of the web app, over real HTTP', () => {
  let db: Db
  let server: RunningServer
  beforeAll(async () => {
    db = await backends()[0]!.open()
    server = await startHttpServer({ db, port: 0, host: '127.0.0.1', webDist: join(repoRoot, 'web/dist'), client: { basemap: { url: BASEMAP, attribution: '', crs: 'WGS84' } } })
  })
  afterAll(async () => {
    await server?.close()
    await db?.close()
  })

  it('ships a page without inline scripts (the CSP allows none)', () => {
    const html = readFileSync(join(repoRoot, 'web/dist/index.html'), 'utf8')
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    expect(scripts.length).toBeGreaterThan(0)
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc=/)
      expect(body!.trim()).toBe('')
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i)
  })

  it.each(['/', '/dispatch', '/report', '/admin'])('serves %s with the app CSP: own scripts only, MapLibre workers and images, the base map host', async (path) => {
    const res = await fetch(new URL(path, server.url))
    expect(res.status).toBe(200)
    expectCommonHeaders(res, path)
    const d = csp(res)
    expect(d['script-src']).toEqual(["'self'"])
    expect(d['default-src']).toEqual(["'self'"])
    expect(d['object-src']).toEqual(["'none'"])
    expect(d['worker-src']).toEqual(expect.arrayContaining(['blob:']))
    expect(d['img-src']).toEqual(expect.arrayContaining(['data:', 'blob:', 'https://t0.tiles.example:8443']))
    expect(d['connect-src']).toEqual(expect.arrayContaining(["'self'", 'https://t0.tiles.example:8443']))
    expect(Object.entries(d).filter(([name, values]) => name !== 'style-src' && values.includes("'unsafe-inline'"))).toEqual([])
    expect(Object.values(d).flat()).not.toContain("'unsafe-eval'")
  })

  it('sends the same headers with the static assets', async () => {
    const html = await (await fetch(server.url)).text()
    const asset = html.match(/src="(\/assets\/[^"]+\.js)"/)![1]!
    const res = await fetch(new URL(asset, server.url))
    expect(res.status).toBe(200)
    expectCommonHeaders(res, asset)
    expect(res.headers.get('cache-control')).not.toBe('no-store')
  })
})
