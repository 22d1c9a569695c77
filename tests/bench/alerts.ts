/**
 * Early-warning benchmark (issue 5).
 * 1. Replay: the year of historical incidents through the rules, in steps of STEP_HOURS, into the alert table of the
 *    benchmark database (its alerts are replaced): alerts per week, per rule and severity — does any rule flood?
 * 2. Latency: ALARMS sensor alarms and REPORTS reports naming 40–300 people, one at a time, over real HTTP, with a
 *    screen on /api/stream: time from sending the event to receiving its alert on the stream, p50/p99.
 *   npm run bench -- alerts                            # embedded database (full data, GRIDSIGHT_DATA_DIR)
 *   DATABASE_URL=postgres://… npm run bench -- alerts   # a real PostGIS server
 *   REPLAY_DAYS=28 …                                    # a shorter replay
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { startHttpServer } from '@gridsight/api/http'
import { warning } from '@gridsight/db'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import { openBenchDb } from '../support/bench-db.js'
import { openStream } from '../support/sse.js'

const REPLAY_DAYS = Number(process.env.REPLAY_DAYS ?? 365)
const STEP_HOURS = Number(process.env.STEP_HOURS ?? 1)
const ALARMS = Number(process.env.ALARMS ?? 100)
const REPORTS = Number(process.env.REPORTS ?? 100)

const db = await openBenchDb()
await warning.ensureRules(db.kysely)

// 1. Replay.
const last = (await sql<{ t: Date }>`select max(reported_at) as t from incident`.execute(db.kysely)).rows[0]!.t
const to = new Date(last)
const from = new Date(to.getTime() - REPLAY_DAYS * 86_400_000)
await sql`delete from alert`.execute(db.kysely)
const t0 = Date.now()
let lastPrint = 0
const incidents = await warning.replay(db.kysely, from, to, { stepHours: STEP_HOURS, onStep: (done, total) => {
  if (Date.now() - lastPrint > 10_000) { lastPrint = Date.now(); console.error(`  replay ${done}/${total} steps, ${((Date.now() - t0) / 1000).toFixed(0)} s`) }
} })
const replaySeconds = (Date.now() - t0) / 1000
const report = await warning.alertReport(db.kysely, from, to, incidents)

// 2. Latency to a connected stream.
const server = await startHttpServer({ db, port: 0, host: '127.0.0.1', webDist: '/nonexistent' })
const base = server.url
const call = async (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
const token = ((await (await call('api/auth/login', { username: 'dispatcher', password: DEMO_PASSWORD })).json()) as { token: string }).token
const admin = ((await (await call('api/auth/login', { username: 'admin', password: DEMO_PASSWORD })).json()) as { token: string }).token
const villages = (await sql<{ lon: number; lat: number }>`select ST_X(label_point) as lon, ST_Y(label_point) as lat from admin_unit where level = 'village' order by code`.execute(db.kysely)).rows

const arrived = new Map<number, number>() // alert id → first receipt after the send
let waiting: { since: number; match: (a: { id: number; rule_code: string; device_ids?: string[] }) => boolean; resolve: (t: number) => void } | null = null
const stream = openStream(`${base}api/stream`, (e) => {
  if (!e.event.startsWith('alert.')) return
  const a = JSON.parse(e.data) as { id: number; rule_code: string }
  const now = performance.now()
  if (!arrived.has(a.id)) arrived.set(a.id, now)
  if (waiting?.match(a)) { waiting.resolve(now); waiting = null }
})
await stream.ready
const wait = (match: NonNullable<typeof waiting>['match']) => new Promise<number>((resolve) => {
  waiting = { since: performance.now(), match, resolve }
  setTimeout(() => { if (waiting) { waiting = null; resolve(NaN) } }, 5000)
})

const sensorLatency: number[] = []
for (let i = 0; i < ALARMS; i++) {
  const v = villages[(i * 37) % villages.length]!
  const id = `BENCH-${randomUUID().slice(0, 8)}`
  const made = await call('api/sensors', { id, kind: i % 2 ? 'smoke' : 'elderly_button', name: `基准设备${i}`, lon: v.lon, lat: v.lat }, { authorization: `Bearer ${admin}` })
  const { key } = (await made.json()) as { key: string }
  const got = wait((a) => a.rule_code === 'sensor.alarm')
  const t = performance.now()
  await call(`api/sensors/${id}/events`, { type: 'alarm' }, { 'x-device-key': key })
  sensorLatency.push((await got) - t)
}
const reportLatency: number[] = []
for (let i = 0; i < REPORTS; i++) {
  const v = villages[(i * 53 + 7) % villages.length]!
  const got = wait((a) => a.rule_code === 'collective.people')
  const t = performance.now()
  await call('api/incidents', { client_id: randomUUID(), category_code: 'collective.gathering', description: '基准测试：群众聚集', lon: v.lon, lat: v.lat,
    people_involved: 40 + (i % 7) * 40 }, { authorization: `Bearer ${token}` })
  reportLatency.push((await got) - t)
}
await stream.close()
await server.close()
await sql`delete from sensor where id like 'BENCH-%'`.execute(db.kysely)
await db.close()

const pct = (xs: number[], p: number) => { const ok = xs.filter(Number.isFinite).sort((a, b) => a - b); return Math.round((ok[Math.min(ok.length - 1, Math.floor((p / 100) * ok.length))] ?? NaN) * 10) / 10 }
const perRule = Object.fromEntries(Object.entries(report.byRule).map(([k, v]) => [k, `${v.alerts} (${v.perWeek}/week, max ${v.maxWeek}) ${JSON.stringify(v.bySeverity)}`]))
console.log(JSON.stringify({
  database: db.mode,
  replay: { days: REPLAY_DAYS, stepHours: STEP_HOURS, seconds: replaySeconds, incidents, alerts: report.alerts, perWeek: report.perWeek, perRule,
    note: 'camera rules need device history a replay does not have; they run live only' },
  latency_ms: {
    sensor_alarm_to_stream: { n: ALARMS, missed: sensorLatency.filter((x) => !Number.isFinite(x)).length, p50: pct(sensorLatency, 50), p99: pct(sensorLatency, 99) },
    report_to_stream: { n: REPORTS, missed: reportLatency.filter((x) => !Number.isFinite(x)).length, p50: pct(reportLatency, 50), p99: pct(reportLatency, 99) },
  },
}, null, 2))
