/**
 * Statistics benchmark (PERFORMANCE.md P6, issue 12). Every statistics endpoint over one year (and over the default
 * 30 days) at district, town, village and grid level, REQUESTS times each through the API in process (HTTP routing,
 * validation, privacy and JSON included), while a writer files WRITES_PER_S reports a second (default 1: 3,600 an hour,
 * some fifty times the demo actor's busiest hour).
 *   npm run bench -- stats                            # embedded database (full data, GRIDSIGHT_DATA_DIR)
 *   DATABASE_URL=postgres://… npm run bench -- stats   # a real PostGIS server
 * Prints a JSON report: engine, data size, p50/p95/max per endpoint and level.
 */
import { randomUUID } from 'node:crypto'
import { cpus } from 'node:os'
import { sql } from 'kysely'
import { createApp } from '@gridsight/api'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import { openBenchDb } from '../support/bench-db.js'

const REQUESTS = Number(process.env.REQUESTS ?? 20)
const WRITES_PER_S = Number(process.env.WRITES_PER_S ?? 1)
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!

const db = await openBenchDb()
const app = createApp(db)
const login = async (username: string) => ((await (await app.request('/api/auth/login', {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }),
})).json()) as { token: string }).token
const leader = await login('leader')
const worker = await login('dispatcher')
const k = db.kysely
const data = (await sql<{ incidents: number; district: string; town: string; village: string; grid: string }>`
  select (select count(*)::int from incident) as incidents,
    (select code from admin_unit where level = 'district' order by code limit 1) as district,
    (select town_code from incident group by 1 order by count(*) desc limit 1) as town,
    (select village_code from incident group by 1 order by count(*) desc limit 1) as village,
    (select grid_code from incident where grid_code is not null group by 1 order by count(*) desc limit 1) as grid`.execute(k)).rows[0]!
const anyPoint = (await sql<{ lon: number; lat: number; category: string }>`
  select ST_X(geom) as lon, ST_Y(geom) as lat, category_code as category from incident where town_code = ${data.town} limit 1`.execute(k)).rows[0]!

// The simulator's pace of writing: reports filed through the API while the statistics are read.
let writing = true
let written = 0
const writer = (async () => {
  while (writing) {
    const r = await app.request('/api/incidents', {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${worker}` },
      body: JSON.stringify({ client_id: randomUUID(), category_code: anyPoint.category, lon: anyPoint.lon, lat: anyPoint.lat, title: '统计基准写入', description: '基准测试期间的写入' }),
    })
    if (r.ok) written++
    await new Promise((res) => setTimeout(res, 1000 / WRITES_PER_S))
  }
})()

const ENDPOINTS = ['kpis', 'categories', 'trend', 'ranking', 'levels', 'funnel', 'metrics', 'metrics?group=department', 'metrics?group=unit', 'metrics?group=category']
const now = new Date()
const windows = { year: new Date(now.getTime() - 365 * 86_400_000), '30d': null }
const results: Record<string, Record<string, { p50: number; p95: number; max: number }>> = {}
for (const [level, unit] of Object.entries({ district: data.district, town: data.town, village: data.village, grid: data.grid })) {
  for (const [wname, from] of Object.entries(windows)) {
    for (const e of ENDPOINTS) {
      const [path, extra] = e.split('?')
      const qs = new URLSearchParams({ unit, ...(from ? { from: from.toISOString() } : {}) })
      if (extra) for (const [a, b] of new URLSearchParams(extra)) qs.set(a, b)
      const times: number[] = []
      for (let i = -1; i < REQUESTS; i++) { // the first, uncounted, warms the caches
        const t0 = performance.now()
        const r = await app.request(`/api/stats/${path}?${qs}`, { headers: { authorization: `Bearer ${leader}` } })
        await r.arrayBuffer()
        if (!r.ok) throw new Error(`${path}?${qs}: ${r.status}`)
        if (i >= 0) times.push(performance.now() - t0)
      }
      const key = `${level} ${wname}`
      results[key] ??= {}
      results[key][e] = { p50: +pct(times, 50).toFixed(1), p95: +pct(times, 95).toFixed(1), max: +Math.max(...times).toFixed(1) }
    }
    console.error(`  ${level} ${wname}: worst p95 ${Math.max(...Object.values(results[`${level} ${wname}`]!).map((x) => x.p95))} ms`)
  }
}
writing = false
await writer
const worst = Math.max(...Object.values(results).flatMap((r) => Object.values(r).map((x) => x.p95)))
console.log(JSON.stringify({
  engine: process.env.DATABASE_URL ? 'postgis-server' : 'embedded', cores: cpus().length, incidents: data.incidents,
  requests_each: REQUESTS, writes_per_s: WRITES_PER_S, written, worst_p95_ms: worst, target_p95_ms: process.env.DATABASE_URL ? 50 : 100, results,
}, null, 2))
await db.close()
process.exit(0)
