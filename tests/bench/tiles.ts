import type { TileLayer } from '@gridsight/contract'
/**
 * Tile benchmark (PERFORMANCE.md P1). Times every tile covering a 3840×2160 viewport over the old town at
 * z10–z16, for households, grids, villages and towns: through the API (in-process, encoding included) and
 * the same SQL run directly, on the full data set.
 *   npm run bench                              # embedded database in GRIDSIGHT_DATA_DIR (full data, as npm start makes it)
 *   DATABASE_URL=postgres://… npm run bench     # a real PostGIS server (generates the full set if empty)
 * Prints a JSON report: data size, cores, engine, p50/p95 per layer, API/raw ratio.
 */
import { cpus } from 'node:os'
import { sql } from 'kysely'
import { createApp } from '@gridsight/api'
import { tiles } from '@gridsight/db'
import { openBenchDb } from '../support/bench-db.js'

const CENTRE: [number, number] = [106.2613, 29.9927]
const VIEW = { width: 3840, height: 2160 }

function tilesCovering(z: number): [number, number][] {
  const n = 2 ** z
  const cx = ((CENTRE[0] + 180) / 360) * n
  const r = (CENTRE[1] * Math.PI) / 180
  const cy = ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n
  const half = [VIEW.width / 512, VIEW.height / 512] // 512-px tiles on screen
  const out: [number, number][] = []
  for (let x = Math.floor(cx - half[0]!); x <= Math.floor(cx + half[0]!); x++)
    for (let y = Math.floor(cy - half[1]!); y <= Math.floor(cy + half[1]!); y++) out.push([x, y])
  return out
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!

const db = await openBenchDb()
const app = createApp(db)
const counts = (await sql<Record<string, number>>`select (select count(*)::int from household) as households,
  (select count(*)::int from grid) as grids, (select count(*)::int from incident) as incidents`.execute(db.kysely)).rows[0]

const layers: { layer: TileLayer; zooms: number[] }[] = [
  { layer: 'households', zooms: [10, 11, 12, 13, 14, 15, 16] },
  { layer: 'grids', zooms: [12, 13, 14, 15, 16] },
  { layer: 'villages', zooms: [10, 11, 12, 13, 14] },
  { layer: 'towns', zooms: [10, 11, 12] },
]
const report: Record<string, unknown> = {}
const allApi: number[] = []
const allRaw: number[] = []
for (const { layer, zooms } of layers) {
  const api: number[] = []
  const raw: number[] = []
  let bytes = 0
  for (const z of zooms) {
    for (const [x, y] of tilesCovering(z)) {
      let t = performance.now()
      const res = await app.request(`/api/tiles/${layer}/${z}/${x}/${y}.mvt`)
      bytes += (await res.arrayBuffer()).byteLength
      api.push(performance.now() - t)
      t = performance.now()
      if (db.hasAsMvt) await tiles.tileMvt(db.kysely, layer, z, x, y)
      else await tiles.tileFeatures(db.kysely, layer, z, x, y)
      raw.push(performance.now() - t)
    }
  }
  allApi.push(...api)
  allRaw.push(...raw)
  report[layer] = {
    tiles: api.length,
    api_p50_ms: +pct(api, 50).toFixed(1), api_p95_ms: +pct(api, 95).toFixed(1),
    raw_p50_ms: +pct(raw, 50).toFixed(1), raw_p95_ms: +pct(raw, 95).toFixed(1),
    api_over_raw_p95: +(pct(api, 95) / pct(raw, 95)).toFixed(2),
    mean_kb: +(bytes / api.length / 1024).toFixed(1),
  }
}
console.log(JSON.stringify({
  benchmark: 'P1 vector tiles, 3840×2160 viewport over 合阳城, z10–z16',
  engine: db.mode, encoder: db.hasAsMvt ? 'ST_AsMVT' : 'geojson-vt + vt-pbf (raw = the SQL feature query)',
  cores: cpus().length, data: counts,
  all: { tiles: allApi.length, api_p95_ms: +pct(allApi, 95).toFixed(1), raw_p95_ms: +pct(allRaw, 95).toFixed(1),
    api_over_raw_p95: +(pct(allApi, 95) / pct(allRaw, 95)).toFixed(2) },
  layers: report,
}, null, 2))
await db.close()
