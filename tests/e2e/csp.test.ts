import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientConfig } from '@gridsight/api'
import { signIn } from '../support/browser.js'
import { useWebApp } from '../support/web.js'

/**
 * The web app under its Content-Security-Policy, in Chromium: the wall and the dispatch desk draw with no
 * violation, and a configured base map on another origin (a tile server of the test's own) still loads.
 */
describe('the web app under its Content-Security-Policy, in Chromium', { timeout: 150_000 }, () => {
  const tile = PNG.sync.write(Object.assign(new PNG({ width: 256, height: 256 }), { data: Buffer.alloc(256 * 256 * 4, 0xc8) }))
  let tiles: Server
  let tileRequests = 0
  const client: ClientConfig = { basemap: null }
  // Registered before useWebApp's hooks: the tile server's address is in the config when the app starts.
  beforeAll(async () => {
    tiles = createServer((_, res) => {
      tileRequests++
      res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(tile)
    })
    await new Promise<void>((done) => tiles.listen(0, '127.0.0.1', done))
    client.basemap = { url: `http://127.0.0.1:${(tiles.address() as AddressInfo).port}/tiles/{z}/{x}/{y}.png`, attribution: '测试底图', crs: 'WGS84' }
  })
  afterAll(async () => { await new Promise((done) => tiles?.close(done)) })
  const app = useWebApp(client)

  /** A page that records every CSP violation (from the first script on) and every console error; optionally signed in. */
  async function open(browser: Browser, path: string, session?: string) {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
    if (session) await context.addCookies([{ name: 'gs_session', value: session, url: app.url }])
    await context.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] }
      w.cspViolations = []
      document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`))
    })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`) })
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
    const res = await page.goto(`${app.url}${path.slice(1)}`)
    const violations = () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)
    return { context, page, problems, violations, csp: res!.headers()['content-security-policy'] }
  }

  it('draws the wall (the screen account), its map and the base map tiles from another origin without a CSP violation', async () => {
    const { context, page, problems, violations, csp } = await open(app.browser, '/', app.screen)
    expect(csp).toMatch(/script-src 'self'(;|$)/)
    await page.getByTestId('first-render').waitFor({ state: 'attached', timeout: 60_000 })
    await page.waitForTimeout(1500)
    expect(tileRequests).toBeGreaterThan(0)
    expect(await violations()).toEqual([])
    expect(problems).toEqual([])
    await context.close()
  })

  it('signs in at the dispatch desk and shows its queue and map without a CSP violation', async () => {
    const { context, page, problems, violations } = await open(app.browser, '/dispatch')
    await signIn(page, 'dispatcher', null)
    await page.getByTestId('queue').waitFor()
    await page.locator('section.map canvas').first().waitFor({ state: 'attached' })
    await page.waitForTimeout(1500)
    expect(await violations()).toEqual([])
    expect(problems).toEqual([])
    await context.close()
  })
})
