/**
 * Live-feed benchmark (PERFORMANCE.md P2, P3), real HTTP on localhost, the API in its own process (`api/src/server.ts`,
 * as `npm start` runs it, simulator off) and this harness in another.
 * P2: STREAMS screens follow /api/stream; reports are posted one at a time; latency = receipt − post, per
 *     screen. Midway a fifth of the screens drop and reconnect with Last-Event-ID; every screen must end with
 *     every event exactly once.
 * P3: P3_STREAMS of the screens stay connected; INGEST_SECONDS of reports at full speed (CONCURRENCY in flight),
 *     spread over the district's villages and the everyday categories: reports/s, errors, the CPU per report of the
 *     API process, of this harness and of the database's backends (server on this machine), how busy the machine was
 *     (two cores are shared by all three), and that every screen received every event.
 *   npm run bench -- live                            # embedded database (full data, GRIDSIGHT_DATA_DIR)
 *   DATABASE_URL=postgres://… npm run bench -- live   # a real PostGIS server
 * The API runs on a scratch copy of the bench database (dropped after; KEEP_LOSSY=1 keeps it when events were lost).
 * "lost": deliveries missing 30 s after the last post; "missed": the distinct cases concerned, with a few ids. A report
 * is delivered by its own incident.created (support/deliveries.ts); other cases' updates on the stream do not count.
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import pg from 'pg'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import { openBenchDb, scratchCopy } from '../support/bench-db.js'
import { allDelivered, ScreenLog } from '../support/deliveries.js'
import { openStream } from '../support/sse.js'

const STREAMS = Number(process.env.STREAMS ?? 200)
const P3_STREAMS = Math.min(STREAMS, Number(process.env.P3_STREAMS ?? 100))
const EVENTS = Number(process.env.EVENTS ?? 1000)
const INGEST_SECONDS = Number(process.env.INGEST_SECONDS ?? 60)
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32)

// Make sure the data exist, then hand the database to the API process (the embedded one admits one process).
const setup = await openBenchDb()
const engine = setup.mode
// Report locations: random points inside the villages, five each (every report lands inside the district).
const spots = (await sql<{ lon: number; lat: number }>`
  select ST_X(p.geom) as lon, ST_Y(p.geom) as lat
  from admin_unit v, lateral ST_Dump(ST_GeneratePoints(v.geom, 5)) p where v.level = 'village'`.execute(setup.kysely)).rows.map((r) => [r.lon, r.lat] as const)
// The wall never lists a sensitive category's case (the privacy list, data): the reports use the others, so that
// every screen should receive every one.
const sensitive = (await sql<{ code: string }>`select code from sensitive_subject where kind = 'category'`.execute(setup.kysely)).rows.map((r) => r.code)
await setup.close()
// The reports go into a scratch copy: each run starts from the same data and leaves none behind.
const scratch = await scratchCopy()
const api = spawn(process.execPath, [...(process.env.API_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.API_CPU_PROF}`] : []), '--import', 'tsx', 'api/src/server.ts'], {
  cwd: fileURLToPath(new URL('../..', import.meta.url)),
  env: { ...process.env, ...scratch.env, PORT: '0', HOST: '127.0.0.1', GRIDSIGHT_SIMULATOR: 'off', GRIDSIGHT_WEB_DIST: '/nonexistent' },
  stdio: ['ignore', 'pipe', 'inherit'],
})
const base = await new Promise<string>((resolve, reject) => {
  let out = ''
  api.stdout.on('data', (d: Buffer) => {
    out += d.toString()
    const m = out.match(/is ready in [0-9.]+ s: (\S+)/)
    if (m) resolve(m[1]!)
  })
  api.on('exit', (code) => reject(new Error(`the API exited (${code}): ${out}`)))
})
/** CPU seconds a process has used so far (user + system, from /proc). */
const cpuOf = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) / 100 }
const apiCpu = () => cpuOf(api.pid!)
/** This harness's CPU seconds: on two cores it competes with the API, so P3 states it beside the API's. */
const harnessCpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6 }
/** The machine's busy and total CPU seconds (all cores, /proc/stat): the rest is idle. */
const machineCpu = () => {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number)
  const total = f.reduce((a, b) => a + b, 0) / 100
  return { busy: total - (f[3]! + f[4]!) / 100, total }
}

/** The process ids of the server backends connected to a database (the API's pool; readable in /proc when local). */
async function serverBackends(url: string): Promise<number[]> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    const r = await c.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')
    return r.rows.map((x) => x.pid).filter((pid) => existsSync(`/proc/${pid}/stat`))
  } finally { await c.end() }
}
// The database server's backends serving the API (server engine on this machine only): their CPU per report. The
// pool opens connections during the burst: a backend not there at the start counts from its own start.
const backendsCpu = async () => {
  const cpu = new Map<number, number>()
  if (engine === 'server') for (const pid of await serverBackends(scratch.env.DATABASE_URL!)) { try { cpu.set(pid, cpuOf(pid)) } catch { /* ended meanwhile */ } }
  return cpu
}

const login = await fetch(`${base}api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password: DEMO_PASSWORD }) })
const token = ((await login.json()) as { token: string }).token
// The wall's screens follow the stream under the screen account (aggregates only, as the walls do).
const screenToken = ((await (await fetch(`${base}api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'screen', password: DEMO_PASSWORD }) })).json()) as { token: string }).token
const categories = ((await (await fetch(`${base}api/categories`, { headers: { authorization: `Bearer ${token}` } })).json()) as { code: string; children: { code: string }[] }[])
  .filter((t) => t.code !== 'collective').flatMap((t) => t.children.map((c) => c.code))
  .filter((code) => !sensitive.some((x) => code === x || code.startsWith(`${x}.`)))
const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!

const postedAt = new Map<number, number>()
const refusals = new Map<number, number>()
// Reports go out over kept-alive node:http connections (fetch costs the harness more CPU than the API spends).
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
function postJson(path: string, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } }, (res) => {
      let text = ''
      res.setEncoding('utf8').on('data', (d: string) => { text += d }).on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
    })
    req.on('error', reject).end(JSON.stringify(body))
  })
}
async function post(): Promise<boolean> {
  const at = pick(spots)
  const t = performance.now()
  const res = await postJson('api/incidents', { client_id: randomUUID(), category_code: pick(categories), description: '基准测试', lon: at[0], lat: at[1], people_involved: 1 + Math.floor(Math.random() * 3) })
  if (res.status !== 201) { refusals.set(res.status, (refusals.get(res.status) ?? 0) + 1); return false }
  postedAt.set((JSON.parse(res.body) as { id: number }).id, t)
  return true
}

interface Screen { log: ScreenLog; stream: ReturnType<typeof openStream> }
const latencies: number[] = []
function connect(screen: { log: ScreenLog; stream?: Screen['stream'] }, lastEventId?: string): Screen {
  screen.stream = openStream(`${base}api/stream`, (e) => screen.log.record(e, performance.now()), lastEventId, screenToken)
  return screen as Screen
}
const screens: Screen[] = Array.from({ length: STREAMS }, () => connect({ log: new ScreenLog() }))
await Promise.all(screens.map((s) => s.stream.ready))

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN
/** Waits until every screen has every posted case, at most 30 s: what is missing then is lost. */
const settle = async () => { const until = Date.now() + 30_000; while (Date.now() < until && !allDelivered(postedAt, screens.map((s) => s.log))) await new Promise((r) => setTimeout(r, 50)) }
const lost = () => screens.reduce((n, s) => n + s.log.missing(postedAt.keys()).length, 0)

// P2: sequential posts; a fifth of the screens reconnect halfway.
for (let i = 0; i < EVENTS; i++) {
  await post()
  if (i === Math.floor(EVENTS / 2)) {
    for (const s of screens.slice(0, STREAMS / 5)) {
      await s.stream.close()
      connect(s, s.log.lastId)
    }
  }
}
await settle()
for (const s of screens.slice(STREAMS / 5)) for (const [id, t] of s.log.received) { const p = postedAt.get(id); if (p !== undefined) latencies.push(t - p) }
const lostP2 = lost()
const dupP2 = screens.reduce((n, s) => n + s.log.duplicates, 0)
/** The distinct cases some screen never received (a few ids, to look them up). */
const missed = () => { const ids = new Set<number>(); for (const s of screens) for (const id of s.log.missing(postedAt.keys())) ids.add(id); return { cases: ids.size, sample: [...ids].slice(0, 5) } }
const missedP2 = missed()

// P3: ingest at full speed with P3_STREAMS screens connected.
await Promise.all(screens.splice(P3_STREAMS).map((s) => s.stream.close()))
const p3Start = postedAt.size
let errors = 0
const cpu0 = apiCpu()
const harness0 = harnessCpu()
const db0 = await backendsCpu()
const machine0 = machineCpu()
const t0 = Date.now()
await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (Date.now() - t0 < INGEST_SECONDS * 1000) if (!(await post())) errors++ }))
const seconds = (Date.now() - t0) / 1000
const apiCpuSeconds = apiCpu() - cpu0
const harnessCpuSeconds = harnessCpu() - harness0
const db1 = await backendsCpu()
const dbCpuSeconds = [...db1].reduce((n, [pid, t]) => n + t - (db0.get(pid) ?? 0), 0)
const machine1 = machineCpu()
await settle()
const lostP3 = lost()
const missedP3 = missed()

console.log(JSON.stringify({
  benchmark: 'P2/P3 live feed over real HTTP on localhost', engine, api: 'own process', cores: cpus().length,
  p2: { screens: STREAMS, events: EVENTS, reconnected_screens: STREAMS / 5, deliveries: latencies.length,
    latency_ms: { p50: +pct(latencies, 50).toFixed(1), p99: +pct(latencies, 99).toFixed(1), max: +latencies.reduce((a, b) => Math.max(a, b), 0).toFixed(1) },
    lost: lostP2, missed: missedP2, duplicates: dupP2 },
  p3: { screens: P3_STREAMS, seconds: +seconds.toFixed(1), concurrency: CONCURRENCY, reports: postedAt.size - p3Start,
    reports_per_s: +((postedAt.size - p3Start) / seconds).toFixed(1), errors, refusals: Object.fromEntries(refusals), lost: lostP3, missed: missedP3,
    api_cpu_ms_per_report: +((apiCpuSeconds * 1000) / (postedAt.size - p3Start)).toFixed(2),
    harness_cpu_ms_per_report: +((harnessCpuSeconds * 1000) / (postedAt.size - p3Start)).toFixed(2),
    ...(db1.size ? { db_backends_cpu_ms_per_report: +((dbCpuSeconds * 1000) / (postedAt.size - p3Start)).toFixed(2) } : {}),
    machine_busy_percent: +((100 * (machine1.busy - machine0.busy)) / (machine1.total - machine0.total)).toFixed(1) },
}, null, 2))
await Promise.all(screens.map((s) => s.stream.close()))
api.kill('SIGTERM')
await new Promise((r) => api.once('exit', r))
// A run that lost events keeps its copy to be looked into.
if (lostP2 + lostP3 === 0 || !process.env.KEEP_LOSSY) await scratch.drop()
else console.error('kept the scratch copy:', scratch.env)
