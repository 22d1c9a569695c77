import { randomUUID } from 'node:crypto'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { repoRoot } from '@gridsight/db'
import { type ApiProcess, startApi, tokenOf } from '../support/api-process.js'
import { launchBrowser, openPage } from '../support/browser.js'

/** A port nobody listens on now: the restarted API must come back where the wall expects it. */
const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const port = (s.address() as { port: number }).port
    s.close(() => resolve(port))
  })
})

/**
 * The wall on a screen nobody touches: the API process (and with it the embedded database) restarts; the wall must
 * come back live by itself, also when the restarted server first refuses the stream. The server engine's side (its
 * LISTEN connection lost and re-established) is tests/api/holding-up.test.ts.
 */
describe('the wall reconnects by itself', { timeout: 300_000 }, () => {
  it('after the API restarts, also when the stream is refused at first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridsight-reconnect-'))
    cpSync(inject('embeddedTemplate'), dir, { recursive: true })
    const env = { PORT: String(await freePort()), GRIDSIGHT_DATA_DIR: dir, GRIDSIGHT_DEMO_SCALE: '0', GRIDSIGHT_WEB_DIST: join(repoRoot, 'web/dist') }
    let api: ApiProcess = await startApi(env)
    const browser = await launchBrowser()
    try {
      const { page } = await openPage(browser, `${api.url}?window=today`, { width: 1920, height: 1080 })
      await page.getByTestId('first-render').waitFor({ state: 'attached', timeout: 90_000 })
      await page.getByText('实时').waitFor({ timeout: 30_000 })
      const reported = () => page.locator('[data-kpi="今日上报"] .value').textContent().then(Number)
      const before = await reported()

      await api.stop('SIGKILL')
      await page.getByText('重连中').waitFor({ timeout: 30_000 })
      // The first two stream requests are refused, as by a server whose database is still starting.
      let attempts = 0
      await page.route('**/api/stream**', (route) => (attempts++ < 2 ? route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"starting"}}' }) : route.fallback()))
      api = await startApi(env)
      await page.getByText('实时').waitFor({ timeout: 60_000 })
      expect(attempts).toBeGreaterThanOrEqual(3) // two refused, then one let through

      const token = await tokenOf(api.url, 'gudongmei')
      const unit = (await (await fetch(`${api.url}api/units/500117001016`, { headers: { authorization: `Bearer ${token}` } })).json()) as { label: [number, number] }
      const res = await fetch(`${api.url}api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ client_id: randomUUID(), category_code: 'dispute.neighbour', description: '重启之后的上报', lon: unit.label[0], lat: unit.label[1] }) })
      expect(res.status).toBe(201)
      // Pushed to the wall that nobody reloaded.
      await page.waitForFunction((n) => Number(document.querySelector('[data-kpi="今日上报"] .value')?.textContent) === n + 1, before, { timeout: 30_000 })
    } finally {
      await browser.close()
      await api.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
