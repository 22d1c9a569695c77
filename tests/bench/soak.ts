/**
 * Soak benchmark (PERFORMANCE.md P5): the wall runs for days. Headless Debian Chromium (software WebGL) shows the wall
 * at 1920×1080 while a feeder drives the live feed at 10× the demo simulator's busiest hour — reports (one in twenty
 * a petition naming 60–150 people, which raises an alert), cases accepted half a minute after they come in, alerts
 * acknowledged after two minutes and closed after five, as a duty desk would. Every SAMPLE_SECONDS, after a forced
 * garbage collection: JS heap (CDP Performance.getMetrics), DOM nodes, event listeners, and the WebGL objects alive
 * (every context's create and delete calls counted by a wrapper installed before the page's scripts).
 * Target: heap growth ≤ 50 MB and no growth in DOM nodes or WebGL objects over the run. Figures only, no assertions.
 *   npm run bench -- soak                                     # embedded, fresh demo data (SOAK_SCALE, default 0.1)
 *   DATABASE_URL=postgres://…/postgres npm run bench -- soak   # a fresh database beside the one named
 *   SOAK_MINUTES=60 SAMPLE_SECONDS=60 RATE_PER_HOUR=700 …
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from '@gridsight/db'
import { startApi, tokenOf, villagePoints } from '../support/api-process.js'
import { launchBrowser } from '../support/browser.js'
import { createServerDatabase, dropServerDatabases } from '../support/server-database.js'
import { openStream } from '../support/sse.js'

const MINUTES = Number(process.env.SOAK_MINUTES ?? 60)
const SAMPLE_SECONDS = Number(process.env.SAMPLE_SECONDS ?? 60)
/** The simulator's busiest hour files 70 reports; ten times that. */
const RATE_PER_HOUR = Number(process.env.RATE_PER_HOUR ?? 700)
const SCALE = process.env.SOAK_SCALE ?? '0.1'

const adminUrl = process.env.DATABASE_URL?.trim() || null
const dbName = `gridsight_soak_${process.pid}`
const dataDir = adminUrl ? '' : mkdtempSync(join(tmpdir(), 'gridsight-soak-'))
const databaseUrl = adminUrl ? await createServerDatabase(adminUrl, dbName) : ''
console.error(`soak: ${adminUrl ? 'server' : 'embedded'}, demo data at scale ${SCALE} …`)
const api = await startApi({ GRIDSIGHT_DEMO_SCALE: SCALE, GRIDSIGHT_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, GRIDSIGHT_WEB_DIST: join(repoRoot, 'web/dist') })
const base = api.url
const token = await tokenOf(base, 'dispatcher')
const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) })
const spots = await villagePoints(base, token)
const categories = ((await (await fetch(`${base}api/categories`, { headers: { authorization: `Bearer ${token}` } })).json()) as { code: string; children: { code: string }[] }[])
  .filter((t) => t.code !== 'collective').flatMap((t) => t.children.map((c) => c.code))
const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!
/** The desk's and the feeder's later steps: cancelled when the run ends. */
const later = new Set<NodeJS.Timeout>()
function after(ms: number, path: string, body: unknown) {
  const t = setTimeout(() => {
    later.delete(t)
    void post(path, body).then((r) => { if (r.ok) fed.actions++ }, () => {})
  }, ms)
  later.add(t)
}

// Counts live WebGL objects of every context: installed before any script of the page runs.
const GL_COUNTER = `(() => {
  const live = { buffers: 0, textures: 0, framebuffers: 0, renderbuffers: 0, programs: 0, shaders: 0, vertexArrays: 0, contexts: 0 }
  const deleted = new WeakSet()
  window.__gl = live
  const pairs = [['createBuffer', 'deleteBuffer', 'buffers'], ['createTexture', 'deleteTexture', 'textures'], ['createFramebuffer', 'deleteFramebuffer', 'framebuffers'],
    ['createRenderbuffer', 'deleteRenderbuffer', 'renderbuffers'], ['createProgram', 'deleteProgram', 'programs'], ['createShader', 'deleteShader', 'shaders'],
    ['createVertexArray', 'deleteVertexArray', 'vertexArrays']]
  for (const C of [window.WebGLRenderingContext, window.WebGL2RenderingContext]) {
    if (!C) continue
    for (const [make, drop, kind] of pairs) {
      const m = C.prototype[make], d = C.prototype[drop]
      if (!m || !d) continue
      C.prototype[make] = function (...a) { const o = m.apply(this, a); if (o) live[kind]++; return o }
      C.prototype[drop] = function (o) { if (o && !deleted.has(o)) { deleted.add(o); live[kind]-- } return d.call(this, o) }
    }
  }
  const getContext = HTMLCanvasElement.prototype.getContext
  HTMLCanvasElement.prototype.getContext = function (type, ...a) {
    const had = this.__glContext
    const ctx = getContext.call(this, type, ...a)
    if (ctx && /webgl/.test(type) && !had) { this.__glContext = true; live.contexts++ }
    return ctx
  }
})()`

const browser = await launchBrowser()
const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
await context.addInitScript(GL_COUNTER)
const page = await context.newPage()
const pageErrors: string[] = []
page.on('pageerror', (e) => pageErrors.push(e.message))
page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()) })
/** Why the run ended before its time (the page crashed, the browser went away): the figures so far are printed. */
let endedEarly: string | null = null
page.on('crash', () => { endedEarly ??= 'the page crashed' })
browser.on('disconnected', () => { endedEarly ??= 'the browser went away' })
const cdp = await context.newCDPSession(page)
await cdp.send('Performance.enable')
await page.goto(base)
await page.getByTestId('first-render').waitFor({ state: 'attached', timeout: 300_000 })

interface Sample { minute: number; heap_mb: number; dom_nodes: number; listeners: number; gl: Record<string, number>; fed: { reports: number; alerts: number; actions: number } }
const samples: Sample[] = []
const fed = { reports: 0, alerts: 0, actions: 0 }
const feedErrors: Record<string, number> = {}
const t0 = Date.now()
async function sample() {
  await cdp.send('HeapProfiler.collectGarbage')
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]))
  const gl = (await page.evaluate('({ ...window.__gl })')) as Record<string, number>
  samples.push({ minute: +((Date.now() - t0) / 60_000).toFixed(1), heap_mb: +(m.JSHeapUsedSize! / 1048576).toFixed(1), dom_nodes: m.Nodes!, listeners: m.JSEventListeners!, gl, fed: { ...fed } })
  console.error(`soak: ${JSON.stringify(samples.at(-1))}`)
}

// The duty desk: alerts are acknowledged after two minutes and closed after five.
const desk = openStream(`${base}api/stream`, (e) => {
  if (e.event !== 'alert.raised') return
  const id = (JSON.parse(e.data) as { id: number }).id
  fed.alerts++
  after(120_000, `api/alerts/${id}/acknowledge`, {})
  after(300_000, `api/alerts/${id}/close`, { note: '值班员已核实处置（压力测试）' })
})
await desk.ready

let stop = false
const feeder = (async () => {
  const interval = 3_600_000 / RATE_PER_HOUR
  for (let i = 0; !stop; i++) {
    const [lon, lat] = pick(spots)
    const petition = i % 20 === 19
    const res = await post('api/incidents', {
      client_id: randomUUID(), category_code: petition ? 'collective.petition' : pick(categories), description: '压力测试：群众反映，请核实处置。',
      lon: lon + (Math.random() - 0.5) * 0.004, lat: lat + (Math.random() - 0.5) * 0.004, people_involved: petition ? 60 + Math.floor(Math.random() * 90) : 1 + Math.floor(Math.random() * 3),
    }).catch(() => null)
    if (res?.status === 201) {
      fed.reports++
      const { id, version } = (await res.json()) as { id: number; version: number }
      after(30_000, `api/incidents/${id}/actions`, { action: 'accept', version })
    } else {
      feedErrors[res?.status ?? 0] = (feedErrors[res?.status ?? 0] ?? 0) + 1
    }
    await new Promise((r) => setTimeout(r, interval * (0.5 + Math.random())))
  }
})()

await sample()
while (Date.now() - t0 < MINUTES * 60_000 && !endedEarly) {
  await new Promise((r) => setTimeout(r, Math.min(SAMPLE_SECONDS * 1000, MINUTES * 60_000 - (Date.now() - t0))))
  await sample().catch((e: unknown) => { endedEarly ??= (e as Error).message })
}
stop = true
await feeder
for (const t of later) clearTimeout(t)
const connected = endedEarly ? 0 : await page.getByText('实时').count()
await desk.close()
await browser.close().catch(() => {})
await api.stop()
if (adminUrl) await dropServerDatabases(adminUrl, dbName)
else rmSync(dataDir, { recursive: true, force: true })

// Growth from the first sample after a minute (start-up allocations settled) to the end; max over the run.
const settled = samples.find((s) => s.minute >= 1) ?? samples[0]!
const last = samples.at(-1)!
console.log(JSON.stringify({
  benchmark: 'P5 soak: the wall under a 10× live feed, headless Chromium (software WebGL) 1920×1080', engine: adminUrl ? 'server' : 'embedded',
  cores: cpus().length, demo_scale: Number(SCALE), minutes: MINUTES, rate_per_hour: RATE_PER_HOUR, fed, feed_errors: feedErrors,
  heap_mb: { settled: settled.heap_mb, end: last.heap_mb, growth: +(last.heap_mb - settled.heap_mb).toFixed(1), max: Math.max(...samples.map((s) => s.heap_mb)) },
  dom_nodes: { settled: settled.dom_nodes, end: last.dom_nodes, max: Math.max(...samples.map((s) => s.dom_nodes)) },
  listeners: { settled: settled.listeners, end: last.listeners },
  gl_objects: { settled: settled.gl, end: last.gl },
  ended_early: endedEarly, still_live_at_end: connected > 0, page_errors: pageErrors.slice(0, 20), samples,
}, null, 2))
