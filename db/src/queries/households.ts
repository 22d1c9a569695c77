import { type Kysely, sql } from 'kysely'
import { allocateColumns, type BBox, type Columns, DENSITY_LAYOUT } from '@gridsight/contract'
import { packRows, unpackRows } from '../packed.js'
import { cachedStatic } from '../static-cache.js'
import type { Database } from '../schema.js'

export type DensityCells = Columns<typeof DENSITY_LAYOUT>

/** Households per statement when their places are read into memory: each statement holds the embedded database briefly. */
const READ_CHUNK = 5000

/** Every household's place, in memory once per version of the static data (16 bytes a household). */
interface Places { x: Float64Array; y: Float64Array }

function householdPlaces(db: Kysely<Database>): Promise<Places> {
  return cachedStatic(db, 'household-places', async () => {
    const chunks: Float64Array[] = []
    for (let after = 0; ;) {
      const r = await sql<{ n: number; rows: string | null; last: number | null }>`
        with q as (select id, ST_X(geom) as x, ST_Y(geom) as y from household where id > ${after} order by id limit ${READ_CHUNK})
        select count(*)::int as n, ${packRows([sql`x`, sql`y`], sql`id`)} as rows, max(id)::float8 as last from q`.execute(db)
      const chunk = r.rows[0]!
      chunks.push(unpackRows(chunk.rows))
      if (chunk.n < READ_CHUNK) break
      after = chunk.last!
    }
    const size = chunks.reduce((a, c) => a + c.length / 2, 0)
    const p: Places = { x: new Float64Array(size), y: new Float64Array(size) }
    let i = 0
    for (const c of chunks) {
      for (let j = 0; j < c.length; j += 2, i++) {
        p.x[i] = c[j]!
        p.y[i] = c[j + 1]!
      }
    }
    return p
  }, (p) => p.x.length * 16)
}

/** Reads the households' places into memory ahead of the first density request (at start-up, in the background). */
export async function warmDensity(db: Kysely<Database>): Promise<void> {
  await householdPlaces(db)
}

/**
 * Households aggregated to square cells of `cell` degrees (each cell's centre — never its households' own places — and
 * count): what a heatmap needs, a small fraction of the points. Counted in memory from the households' places, read
 * once per version of the static data: no request scans the households. Returned as typed columns, shared by every
 * caller (cached): read them, never change them.
 */
export async function householdDensity(db: Kysely<Database>, cell: number, bbox?: BBox): Promise<DensityCells> {
  const key = `density:${cell}:${bbox ? [bbox.west, bbox.south, bbox.east, bbox.north].join(',') : ''}`
  return cachedStatic(db, key, async () => countCells(await householdPlaces(db), cell, bbox), (d) => d.lon.length * 12)
}

/** Households counted between two turns of the event loop: a district's 450 k are ~10 slices of a few ms each. */
const SLICE = 50_000
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Households per cell: a dense index over the cells' extent (a Map for a huge one), a slice at a time. */
async function countCells(p: Places, cell: number, bbox?: BBox): Promise<DensityCells> {
  const size = p.x.length
  const gx = new Float64Array(size)
  const gy = new Float64Array(size)
  const keep = new Uint8Array(size)
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity
  for (let i = 0; i < size; i++) {
    if (i % SLICE === SLICE - 1) await nextTurn()
    const x = p.x[i]!
    const y = p.y[i]!
    if (bbox && (x < bbox.west || x > bbox.east || y < bbox.south || y > bbox.north)) continue
    keep[i] = 1
    gx[i] = Math.floor(x / cell)
    gy[i] = Math.floor(y / cell)
    minX = Math.min(minX, gx[i]!); maxX = Math.max(maxX, gx[i]!)
    minY = Math.min(minY, gy[i]!); maxY = Math.max(maxY, gy[i]!)
  }
  const height = maxY - minY + 1
  const dense = minX <= maxX && (maxX - minX + 1) * height <= 2_000_000 ? new Int32Array((maxX - minX + 1) * height).fill(-1) : null
  const sparse = new Map<number, number>()
  const n = new Float64Array(size)
  const cx = new Float64Array(size)
  const cy = new Float64Array(size)
  let cells = 0
  for (let i = 0; i < size; i++) {
    if (i % SLICE === SLICE - 1) await nextTurn()
    if (!keep[i]) continue
    const key = (gx[i]! - minX) * height + (gy[i]! - minY)
    let j = dense ? dense[key]! : (sparse.get(key) ?? -1)
    if (j < 0) {
      j = cells++
      if (dense) dense[key] = j
      else sparse.set(key, j)
      cx[j] = gx[i]!
      cy[j] = gy[i]!
    }
    n[j]++
  }
  const out = allocateColumns(DENSITY_LAYOUT, cells)
  for (let j = 0; j < cells; j++) {
    out.lon[j] = (cx[j]! + 0.5) * cell
    out.lat[j] = (cy[j]! + 0.5) * cell
    out.count[j] = n[j]!
  }
  return out
}
