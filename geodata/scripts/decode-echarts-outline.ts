import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { DISTRICTS_DIR } from '../src/sources/district.js'

// Usage: pnpm --filter @gridsight/geodata decode-outline <echarts>/map/json/province/chongqing.json <6-digit code> …
// Writes data/districts/<code>/outline.geojson from the district's feature in an ECharts 4 province map
// (npm echarts@4.9.0, Apache-2.0; install it outside the repository: `cd /tmp/ec && npm i echarts@4.9.0`).
// Those maps are compressed ("UTF8Encoding": true): each coordinate pair is two characters, zigzag- and
// delta-encoded from the ring's encodeOffsets, in 1/1024 degree (echarts/lib/coord/geo/parseGeoJson.js).
const [mapFile, ...codes] = process.argv.slice(2)
if (!mapFile || !codes.length || codes.some((c) => !/^[0-9]{6}$/.test(c))) {
  console.error('usage: decode-echarts-outline <chongqing.json> <6-digit district code> …')
  process.exit(2)
}
type Encoded = { id: string; properties: { name: string }; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: any[]; encodeOffsets: any[] } }
const map: { UTF8Encoding?: boolean; UTF8Scale?: number; features: Encoded[] } = JSON.parse(readFileSync(mapFile, 'utf8'))
if (!map.UTF8Encoding) throw new Error(`${mapFile} is not an encoded ECharts map`)
const scale = map.UTF8Scale ?? 1024

function decodeRing(text: string, [x0, y0]: [number, number]): [number, number][] {
  const ring: [number, number][] = []
  let x = x0
  let y = y0
  for (let i = 0; i < text.length; i += 2) {
    const dx = text.charCodeAt(i) - 64
    const dy = text.charCodeAt(i + 1) - 64
    x += (dx >> 1) ^ -(dx & 1)
    y += (dy >> 1) ^ -(dy & 1)
    ring.push([round6(x / scale), round6(y / scale)])
  }
  return ring
}

/** Six decimals (~0.1 m), ties to even, as the first outline (合川区) was written. */
function round6(v: number): number {
  const scaled = v * 1e6
  const floor = Math.floor(scaled)
  const diff = scaled - floor
  return (diff > 0.5 || (diff === 0.5 && floor % 2 !== 0) ? floor + 1 : floor) / 1e6
}

type Ring = [number, number][]

function ringArea(r: Ring): number {
  let twice = 0
  for (let i = 0; i < r.length - 1; i++) twice += r[i]![0] * r[i + 1]![1] - r[i + 1]![0] * r[i]![1]
  return Math.abs(twice) / 2
}

const orient = (a: number[], b: number[], c: number[]) => Math.sign((b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!))

/** Whether ring a has a position strictly inside ring b (even-odd rule) or an edge properly crossing one of b's. */
function overlaps(a: Ring, b: Ring): boolean {
  const inside = ([x, y]: [number, number]) => {
    let odd = false
    for (let i = 0, j = b.length - 2; i < b.length - 1; j = i++) {
      const [xi, yi] = b[i]!
      const [xj, yj] = b[j]!
      if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd
    }
    return odd
  }
  const crosses = (p: Ring[number], q: Ring[number]) => b.some((_, j) => j < b.length - 1 &&
    orient(b[j]!, b[j + 1]!, p) * orient(b[j]!, b[j + 1]!, q) < 0 && orient(p, q, b[j]!) * orient(p, q, b[j + 1]!) < 0)
  return a.some((p, i) => inside(p) || (i < a.length - 1 && crosses(p, a[i + 1]!)))
}

/** JSON with ", " and ": " separators, non-ASCII kept (the layout of the first outline). */
function format(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(format).join(', ')}]`
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${format(x)}`).join(', ')}}`
  return JSON.stringify(v)
}

for (const code of codes) {
  const f = map.features.find((x) => x.id === code)
  if (!f) throw new Error(`${mapFile} has no feature ${code}`)
  const g = f.geometry
  const encoded: { rings: string[]; offsets: [number, number][] }[] = g.type === 'Polygon'
    ? [{ rings: g.coordinates, offsets: g.encodeOffsets }]
    : g.coordinates.map((p: string[], k: number) => ({ rings: p, offsets: g.encodeOffsets[k] }))
  // The map's slivers along shared borders are left out: rings of fewer than 4 positions (no polygon) and
  // parts overlapping the largest part (they make the outline invalid and add no area).
  const parts = encoded.map((p) => p.rings.map((r, i) => decodeRing(r, p.offsets[i]!))).filter((p) => p[0]!.length >= 4)
  const main = parts.reduce((a, b) => (ringArea(b[0]!) > ringArea(a[0]!) ? b : a))
  const polygons = parts.filter((p) => p === main || !overlaps(p[0]!, main[0]!))
  const source = `decoded from echarts@4.9.0 map/json/province/${mapFile.split('/').pop()} (Apache-2.0), feature ${f.properties.name}; low resolution (~1 km)`
  const geometry = polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons }
  const out = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: f.properties.name, code, source }, geometry }] }
  const dir = new URL(`${code}/`, DISTRICTS_DIR)
  mkdirSync(dir, { recursive: true })
  writeFileSync(new URL('outline.geojson', dir), format(out))
  console.log(`${code} ${f.properties.name}: ${polygons.length} polygon(s), ${polygons.reduce((n, p) => n + p[0]!.length, 0)} positions`)
}
