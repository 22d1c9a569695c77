/**
 * Big-screen benchmark (PERFORMANCE.md P4): headless Debian Chromium (software WebGL), 1920×1080, localhost.
 * Reports bytes over the wire until the first complete render (map, default layers, all panels), the time
 * to it, and the median frame time during a scripted 10 s pan (mouse drags across the map).
 *   npm run bench -- screen                          # embedded database (GRIDSIGHT_DATA_DIR, full data)
 *   DATABASE_URL=postgres://… npm run bench -- screen  # a real PostGIS server
 */
import { cpus } from 'node:os'
import { join } from 'node:path'
import { startHttpServer } from '@gridsight/api/http'
import { repoRoot } from '@gridsight/db'
import { openBenchDb } from '../support/bench-db.js'
import { sql } from 'kysely'
import { launchBrowser } from '../support/browser.js'

const RUNS = 3
const db = await openBenchDb()
const counts = (await sql<Record<string, number>>`select (select count(*)::int from household) as households,
  (select count(*)::int from incident) as incidents, (select count(*)::int from camera) as cameras`.execute(db.kysely)).rows[0]
const server = await startHttpServer({ db, port: 0, host: '127.0.0.1', webDist: join(repoRoot, 'web/dist') })
const browser = await launchBrowser()

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const runs: { first_render_ms: number; bytes: number; requests: number }[] = []
let frames: number[] = []
for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  let bytes = 0
  let requests = 0
  let counting = true
  cdp.on('Network.loadingFinished', (e) => { if (counting) { bytes += e.encodedDataLength; requests++ } })
  await page.goto(server.url)
  await page.getByTestId('first-render').waitFor({ state: 'attached', timeout: 120_000 })
  counting = false
  const firstRender = (await page.evaluate("performance.getEntriesByName('gridsight:first-render')[0].startTime")) as number
  runs.push({ first_render_ms: Math.round(firstRender), bytes, requests })
  if (run === RUNS - 1) {
    // Scripted pan: drag the map back and forth for 10 s while recording frame intervals.
    // A string, not a function: tsx's helpers do not exist in the page.
    await page.evaluate(`(() => {
      window.__frames = []
      let last = performance.now()
      const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__frames.length < 100000) requestAnimationFrame(tick) }
      requestAnimationFrame(tick)
    })()`)
    const box = (await page.locator('[data-testid=map]').boundingBox())!
    const cx = box.x + box.width / 2
    const cy = box.y + box.height / 2
    const end = Date.now() + 10_000
    let dir = 1
    while (Date.now() < end) {
      await page.mouse.move(cx - dir * 150, cy)
      await page.mouse.down()
      for (let s = 1; s <= 15; s++) await page.mouse.move(cx - dir * 150 + dir * 20 * s, cy + dir * 4 * s)
      await page.mouse.up()
      dir = -dir
    }
    frames = (await page.evaluate('window.__frames.slice(1)')) as number[]
  }
  await context.close()
}
const frameMs = median(frames)
console.log(JSON.stringify({
  benchmark: 'P4 big screen, headless Chromium (software WebGL), 1920×1080, localhost',
  engine: db.mode, cores: cpus().length, data: counts, runs,
  first_render_ms_median: median(runs.map((r) => r.first_render_ms)),
  first_payload_mb: +(median(runs.map((r) => r.bytes)) / 1048576).toFixed(2),
  pan: { seconds: 10, frames: frames.length, median_frame_ms: +frameMs.toFixed(1), fps: +(1000 / frameMs).toFixed(1) },
}, null, 2))
await browser.close()
await server.close()
await db.close()
