import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { type RunningServer, startHttpServer } from '@gridsight/api/http'
import { type Db, repoRoot } from '@gridsight/db'
import { join } from 'node:path'
import { backends } from '../support/backends.js'
import { distinctColours, launchBrowser, openPage, screenshot } from '../support/browser.js'

describe('the web app in Chromium (embedded database, real HTTP)', () => {
  let db: Db
  let server: RunningServer
  let browser: Browser
  beforeAll(async () => {
    db = await backends()[0]!.open()
    server = await startHttpServer({ db, port: 0, host: '127.0.0.1', webDist: join(repoRoot, 'web/dist') })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await db?.close()
  })

  it.each([[1920, 1080], [3840, 2160]])('shows the district and its 30 towns at %i×%i with no console errors', async (width, height) => {
    const { page, problems } = await openPage(browser, server.url, { width, height })
    await page.getByTestId('map-ready').waitFor({ state: 'attached', timeout: 30_000 })
    await page.waitForTimeout(1500)
    await expect(page.getByTestId('counts').textContent()).resolves.toContain('30 个镇街')
    await expect(page.getByTestId('counts').textContent()).resolves.toContain('419 个村(社区)')
    // The map drew something: the screenshot's map area holds many colours, not a blank background.
    const shot = await screenshot(page, `map-${width}x${height}`)
    expect(distinctColours(shot, { x: 0, y: Math.round(height * 0.1), width, height: Math.round(height * 0.8) })).toBeGreaterThan(50)
    expect(problems).toEqual([])
    await page.close()
  })
})
