import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { repoRoot } from '@gridsight/db'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import { PNG } from 'pngjs'

export const ARTIFACTS = join(repoRoot, 'tests/artifacts')
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Debian's Chromium, headless, software WebGL, no network beyond localhost. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-sync', '--disable-quic', '--enable-unsafe-swiftshader', '--use-angle=swiftshader'],
    // playwright gives every launch a fresh temporary profile (the --user-data-dir the guide asks for).
  })
}

/** A page that records console errors and failed requests, so a test can assert there were none. */
/** A page at the URL; with `session`, under that session token (the wall: the screen account's, as a wall runs). */
export async function openPage(browser: Browser, url: string, viewport: { width: number; height: number },
  o: { session?: string; geolocation?: { latitude: number; longitude: number } } = {}) {
  const page = await browser.newPage({ viewport, ...(o.geolocation ? { geolocation: o.geolocation, permissions: ['geolocation'] } : {}) })
  if (o.session) await page.context().addCookies([{ name: 'gs_session', value: o.session, url }])
  const problems: string[] = []
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`) })
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  // A request the page itself cancelled (MapLibre drops tiles it no longer needs while flying) is not a failure.
  page.on('requestfailed', (r) => { if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`) })
  await page.goto(url)
  return { page, problems }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true })
  const path = join(ARTIFACTS, `${name}.png`)
  await page.screenshot({ path })
  return path
}

/** How many distinct colours a region of a PNG holds: a blank map has one or two. */
export function distinctColours(pngPath: string, r: { x: number; y: number; width: number; height: number }): number {
  const png = PNG.sync.read(readFileSync(pngPath))
  const seen = new Set<number>()
  for (let y = r.y; y < Math.min(png.height, r.y + r.height); y += 3) {
    for (let x = r.x; x < Math.min(png.width, r.x + r.width); x += 3) {
      const i = (y * png.width + x) * 4
      seen.add((png.data[i]! << 16) | (png.data[i + 1]! << 8) | png.data[i + 2]!)
    }
  }
  return seen.size
}

/** Signs a demo user in on a page's login form and waits for what the page shows once signed in (a test id). */
export async function signIn(page: Page, username: string, ready: string | null = 'queue'): Promise<void> {
  await page.locator('input[name=username]').fill(username)
  await page.locator('input[name=password]').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  if (ready) await page.getByTestId(ready).waitFor()
}
