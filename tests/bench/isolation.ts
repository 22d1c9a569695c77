/**
 * Isolation benchmark (PERFORMANCE.md P9): with HEAVY heavy reads in flight all the time — every incident point of the
 * district (/api/incidents/points, no window) and fine household density (/api/households/density, a different small
 * cell each time, so no cache answers it) — how long do /api/health and a report's POST take? The API runs in its own
 * process as `npm start` runs it (simulator off); quiet figures first, then under load. Figures only, no assertions.
 *   npm run bench -- isolation                            # embedded database (GRIDSIGHT_DATA_DIR, full data by default)
 *   DATABASE_URL=postgres://… npm run bench -- isolation   # a real PostGIS server
 *   API_ROOT=/path/to/other/checkout …                     # the same harness against another checkout's API (a "before")
 *   HEAVY=10 SECONDS=30 …
 */
import { randomUUID } from 'node:crypto'
import { cpus } from 'node:os'
import { pct, startApi, tokenOf, villagePoints } from '../support/api-process.js'

const HEAVY = Number(process.env.HEAVY ?? 10)
const SECONDS = Number(process.env.SECONDS ?? 60)
const QUIET_PROBES = 20

console.error('isolation: starting the API …')
const api = await startApi({}, { root: process.env.API_ROOT })
const base = api.url
const token = await tokenOf(base, 'dispatcher')
const auth = { authorization: `Bearer ${token}` }
const spots = await villagePoints(base, token)
const health0 = (await (await fetch(`${base}api/health`)).json()) as { database: { mode: string }; counts: Record<string, number> }

/** A request's time and status; status 0 when the connection failed. */
async function timed(f: () => Promise<Response>): Promise<{ ms: number; status: number }> {
  const t = performance.now()
  try {
    const res = await f()
    await res.arrayBuffer()
    return { ms: performance.now() - t, status: res.status }
  } catch {
    return { ms: performance.now() - t, status: 0 }
  }
}
const health = () => timed(() => fetch(`${base}api/health`))
const report = () => timed(() => {
  const [lon, lat] = spots[Math.floor(Math.random() * spots.length)]!
  return fetch(`${base}api/incidents`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: randomUUID(), category_code: 'dispute.neighbour', description: '隔离基准测试', lon, lat }) })
})

/** Alternating health and report probes, one at a time, until `until` (or n of each). */
async function probe(o: { until?: number; n?: number }) {
  const h: number[] = []
  const p: number[] = []
  const failures: Record<string, number> = {}
  let failedAfter = 0
  for (let i = 0; o.n ? i < o.n : Date.now() < o.until!; i++) {
    for (const [list, f, ok] of [[h, health, 200], [p, report, 201]] as const) {
      const r = await f()
      if (r.status === ok) list.push(r.ms)
      else {
        failures[r.status] = (failures[r.status] ?? 0) + 1
        failedAfter = Math.max(failedAfter, r.ms)
      }
    }
  }
  const stats = (xs: number[]) => ({ n: xs.length, p50: +pct(xs, 50).toFixed(1), p95: +pct(xs, 95).toFixed(1), max: +Math.max(...xs).toFixed(1) })
  return { health_ms: stats(h), report_post_ms: stats(p), failures, ...(failedAfter ? { slowest_failure_ms: Math.round(failedAfter) } : {}) }
}

// Quiet means quiet: the household cells the API reads at start-up are in memory before the first probe.
await (await fetch(`${base}api/households/density?cell=0.004`)).arrayBuffer()
console.error('isolation: quiet probes …')
await report() // warm-up: the first report compiles the statement paths
const quiet = await probe({ n: QUIET_PROBES })

console.error(`isolation: ${HEAVY} heavy reads in flight for ${SECONDS} s …`)
const heavyDone: Record<string, number[]> = { points: [], density: [] }
const heavyFailures: Record<string, number> = {}
let stop = false
const cancel = new AbortController()
let k = 0
const heavyLoop = async (i: number) => {
  while (!stop) {
    const kind = (i + k++) % 2 === 0 ? 'points' : 'density'
    // A new cell size each time (0.0010–0.0030°): the finest density the API hands out, never from a cache.
    const url = kind === 'points' ? `${base}api/incidents/points` : `${base}api/households/density?cell=${(0.001 + (k % 200) * 0.00001).toFixed(5)}`
    const r = await timed(() => fetch(url, { signal: cancel.signal }))
    if (stop) break
    if (r.status === 200) heavyDone[kind]!.push(r.ms)
    else heavyFailures[r.status] = (heavyFailures[r.status] ?? 0) + 1
  }
}
const loops = Array.from({ length: HEAVY }, (_, i) => heavyLoop(i))
await new Promise((r) => setTimeout(r, 1000)) // let the heavy reads fill the queue
const loaded = await probe({ until: Date.now() + SECONDS * 1000 })
stop = true
cancel.abort()
await Promise.all(loops)
const died = api.child.exitCode !== null || api.child.signalCode !== null
if (died) console.error(`isolation: the API died under load:\n${api.output().slice(-3000)}`)
await api.stop()

console.log(JSON.stringify({
  benchmark: 'P9 isolation: health and a report under heavy reads, real HTTP on localhost', engine: health0.database.mode,
  api_died_under_load: died,
  api: process.env.API_ROOT ? `other checkout (${process.env.API_ROOT})` : 'this checkout', cores: cpus().length,
  data: { households: health0.counts.households, incidents: health0.counts.incidents },
  quiet,
  loaded: { heavy_in_flight: HEAVY, seconds: SECONDS, ...loaded,
    heavy_reads: Object.fromEntries(Object.entries(heavyDone).map(([kind, xs]) => [kind, { done: xs.length, p50_ms: +pct(xs, 50).toFixed(0), max_ms: +Math.max(0, ...xs).toFixed(0) }])),
    heavy_failures: heavyFailures },
}, null, 2))
