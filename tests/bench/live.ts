/**
 * Live-feed benchmark (PERFORMANCE.md P2, P3), real HTTP on localhost.
 * P2: STREAMS screens follow /api/stream; reports are posted one at a time; latency = receipt − post, per
 *     screen. Midway a fifth of the screens drop and reconnect with Last-Event-ID; every screen must end with
 *     every event exactly once.
 * P3: INGEST_SECONDS of reports at full speed (CONCURRENCY in flight) with the screens connected: reports/s,
 *     errors, and that every screen received every event.
 *   npm run bench -- live                            # embedded database (full data, GRIDSIGHT_DATA_DIR)
 *   DATABASE_URL=postgres://… npm run bench -- live   # a real PostGIS server
 */
import { randomUUID } from 'node:crypto'
import { cpus } from 'node:os'
import { startHttpServer } from '@gridsight/api/http'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import { openBenchDb } from '../support/bench-db.js'
import { openStream } from '../support/sse.js'

const STREAMS = Number(process.env.STREAMS ?? 200)
const EVENTS = Number(process.env.EVENTS ?? 1000)
const INGEST_SECONDS = Number(process.env.INGEST_SECONDS ?? 20)
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16)

const db = await openBenchDb()
const server = await startHttpServer({ db, port: 0, host: '127.0.0.1', webDist: '/nonexistent' })
const base = server.url
const login = await fetch(`${base}api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password: DEMO_PASSWORD }) })
const token = ((await login.json()) as { token: string }).token
const unit = (await (await fetch(`${base}api/units/500117001016`)).json()) as { label: [number, number] }

const postedAt = new Map<number, number>()
async function post(): Promise<boolean> {
  const t = performance.now()
  const res = await fetch(`${base}api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ client_id: randomUUID(), category_code: 'urban.parking', description: '基准测试', lon: unit.label[0] + Math.random() * 0.002, lat: unit.label[1] + Math.random() * 0.002, people_involved: 1 }) })
  if (res.status !== 201) return false
  postedAt.set(((await res.json()) as { id: number }).id, t)
  return true
}

interface Screen { seen: Map<number, number>; duplicates: number; lastId: string; stream: ReturnType<typeof openStream> }
const latencies: number[] = []
function connect(screen: Omit<Screen, 'stream'> & { stream?: Screen['stream'] }, lastEventId?: string): Screen {
  screen.stream = openStream(`${base}api/stream`, (e) => {
    screen.lastId = e.id
    if (!e.event.startsWith('incident.')) return // alerts ride the same stream
    const id = (JSON.parse(e.data) as { id: number }).id
    if (screen.seen.has(id)) screen.duplicates++
    screen.seen.set(id, performance.now())
    screen.lastId = e.id
  }, lastEventId)
  return screen as Screen
}
const screens: Screen[] = Array.from({ length: STREAMS }, () => connect({ seen: new Map(), duplicates: 0, lastId: '' }))
await Promise.all(screens.map((s) => s.stream.ready))

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN
const settle = async () => { const until = Date.now() + 10_000; while (Date.now() < until && screens.some((s) => s.seen.size < postedAt.size)) await new Promise((r) => setTimeout(r, 50)) }

// P2: sequential posts; a fifth of the screens reconnect halfway.
for (let i = 0; i < EVENTS; i++) {
  await post()
  if (i === Math.floor(EVENTS / 2)) {
    for (const s of screens.slice(0, STREAMS / 5)) {
      await s.stream.close()
      connect(s, s.lastId)
    }
  }
}
await settle()
for (const s of screens.slice(STREAMS / 5)) for (const [id, t] of s.seen) { const p = postedAt.get(id); if (p !== undefined) latencies.push(t - p) }
const lostP2 = screens.reduce((n, s) => n + [...postedAt.keys()].filter((id) => !s.seen.has(id)).length, 0)
const dupP2 = screens.reduce((n, s) => n + s.duplicates, 0)

// P3: ingest at full speed with the screens connected.
const p3Start = postedAt.size
let errors = 0
const t0 = Date.now()
await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (Date.now() - t0 < INGEST_SECONDS * 1000) if (!(await post())) errors++ }))
const seconds = (Date.now() - t0) / 1000
await settle()
const lostP3 = screens.reduce((n, s) => n + [...postedAt.keys()].filter((id) => !s.seen.has(id)).length, 0)

console.log(JSON.stringify({
  benchmark: 'P2/P3 live feed over real HTTP on localhost', engine: db.mode, cores: cpus().length,
  p2: { screens: STREAMS, events: EVENTS, reconnected_screens: STREAMS / 5, deliveries: latencies.length,
    latency_ms: { p50: +pct(latencies, 50).toFixed(1), p99: +pct(latencies, 99).toFixed(1), max: +latencies.reduce((a, b) => Math.max(a, b), 0).toFixed(1) },
    lost: lostP2, duplicates: dupP2 },
  p3: { screens: STREAMS, seconds: +seconds.toFixed(1), concurrency: CONCURRENCY, reports: postedAt.size - p3Start,
    reports_per_s: +((postedAt.size - p3Start) / seconds).toFixed(1), errors, lost: lostP3 },
}, null, 2))
await Promise.all(screens.map((s) => s.stream.close()))
await server.close()
await db.close()
