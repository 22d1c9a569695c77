import { VectorTile } from '@mapbox/vector-tile'
import Protobuf from 'pbf'
import { describe, expect, it } from 'vitest'
import { useApi } from '../support/api.js'
import { backends } from '../support/backends.js'

/** lon/lat → web-mercator tile x/y at zoom z. */
function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)]
}
const OLD_TOWN: [number, number] = [106.2613, 29.9927] // 合阳城街道

describe.each(backends())('API on $name PostGIS', (backend) => {
  const { get, json } = useApi(backend)

  it('reports health with the database mode and PostGIS version', async () => {
    const h = await json('/api/health')
    expect(h.database.mode).toBe(backend.name)
    expect(h.database.postgis).toMatch(/^3\.\d/)
    expect(h.counts).toMatchObject({ towns: 30, villages: 419 })
  })

  it('tells the web app its district and to use the offline base map unless one is configured', async () => {
    const config = await json('/api/config')
    expect(config).toMatchObject({ basemap: null, publicWall: false, district: { code: '500117', name: '合川区' } })
    expect(config.district.bbox[0]).toBeGreaterThan(105.5)
  })

  it('lists the two-level incident categories', async () => {
    const cats = await json('/api/categories')
    expect(cats.map((c: any) => c.name)).toContain('矛盾纠纷')
    expect(cats.find((c: any) => c.code === 'collective').children.map((c: any) => c.name)).toEqual(['聚集', '集体上访'])
  })

  it('serves the district → town → village tree', async () => {
    const [district] = await json('/api/units/tree')
    expect(district).toMatchObject({ code: '500117', name: '合川区' })
    expect(district.children).toHaveLength(30)
    const laitan = district.children.find((t: any) => t.name === '涞滩镇')
    expect(laitan.code).toBe('500117102')
    expect(laitan.children.map((v: any) => v.name)).toContain('水寺村')
    expect(district.children.reduce((n: number, t: any) => n + t.children.length, 0)).toBe(419)
  })

  it('serves units as GeoJSON by parent and by bbox', async () => {
    const towns = await json('/api/units/geojson?parent=500117&z=10')
    expect(towns.type).toBe('FeatureCollection')
    expect(towns.features).toHaveLength(30)
    expect(towns.features[0].geometry.type).toMatch(/^(Multi)?Polygon$/)
    const near = await json(`/api/units/geojson?level=village&bbox=${OLD_TOWN[0] - 0.01},${OLD_TOWN[1] - 0.01},${OLD_TOWN[0] + 0.01},${OLD_TOWN[1] + 0.01}`)
    expect(near.features.length).toBeGreaterThan(0)
    expect(near.features.every((f: any) => f.properties.level === 'village')).toBe(true)
  })

  it('serves one unit with its extent, and grids of a village', async () => {
    const unit = await json('/api/units/500117001016')
    expect(unit).toMatchObject({ name: '龙苑社区', level: 'village', parent_code: '500117001' })
    expect(unit.bbox).toHaveLength(4)
    const grids = await json('/api/grids/geojson?village=500117001016')
    expect(grids.features.length).toBe(unit.grids)
    expect(grids.features.every((f: any) => /^500117001016\d{3}$/.test(f.properties.code))).toBe(true)
  })

  it('sends household density as compact binary columns that add up to all households', async () => {
    const res = await get('/api/households/density?cell=0.01')
    expect(res.headers.get('content-type')).toBe('application/octet-stream')
    const n = Number(res.headers.get('x-count'))
    const buf = await res.arrayBuffer()
    expect(buf.byteLength).toBe(n * 12)
    const counts = new Float32Array(buf, n * 8, n)
    const total = counts.reduce((a, b) => a + b, 0)
    const h = await json('/api/health')
    expect(total).toBe(h.counts.households)
    const lon = new Float32Array(buf, 0, n)
    expect(Math.min(...lon)).toBeGreaterThan(105.9)
    expect(Math.max(...lon)).toBeLessThan(106.7)
  })

  it('serves cameras and places by bbox', async () => {
    const bbox = `${OLD_TOWN[0] - 0.03},${OLD_TOWN[1] - 0.03},${OLD_TOWN[0] + 0.03},${OLD_TOWN[1] + 0.03}`
    const cams = await json(`/api/cameras?bbox=${bbox}`)
    expect(cams.features.length).toBeGreaterThan(5)
    expect(cams.features[0].properties.id).toMatch(/^\d{20}$/)
    const offline = await json(`/api/cameras?bbox=${bbox}&status=OFF`)
    expect(offline.features.every((f: any) => f.properties.status === 'OFF')).toBe(true)
    const schools = await json('/api/places?kind=school')
    expect(schools.features.length).toBeGreaterThan(30)
  })

  it('filters incidents by unit, time, status and category, with paging', async () => {
    const town = await json('/api/incidents?unit=500117001&pageSize=10')
    expect(town.items).toHaveLength(10)
    expect(town.items.every((i: any) => i.town_code === '500117001')).toBe(true)
    const page2 = await json('/api/incidents?unit=500117001&pageSize=10&page=2')
    expect(page2.items[0].id).not.toBe(town.items[0].id)
    expect(page2.total).toBe(town.total)
    const window = await json('/api/incidents?from=2026-06-01&to=2026-06-08&category=urban&pageSize=500')
    expect(window.total).toBeGreaterThan(0)
    for (const i of window.items) {
      expect(i.category_code.startsWith('urban.')).toBe(true)
      expect(new Date(i.reported_at).getTime()).toBeGreaterThanOrEqual(Date.parse('2026-06-01'))
    }
    const open = await json('/api/incidents?status=reported,accepted,dispatched,handling,fed_back&pageSize=5')
    expect(open.items.every((i: any) => !['closed', 'evaluated'].includes(i.status))).toBe(true)
  })

  it.each([
    ['households', 12], ['households', 15], ['grids', 13], ['villages', 11], ['towns', 10],
  ])('serves %s vector tiles at z%i with the shared layer name and properties', async (layer, z) => {
    const [x, y] = tileOf(...OLD_TOWN, z)
    const res = await get(`/api/tiles/${layer}/${z}/${x}/${y}.mvt`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
    const tile = new VectorTile(new Protobuf(new Uint8Array(await res.arrayBuffer())))
    expect(Object.keys(tile.layers)).toEqual([layer])
    const l = tile.layers[layer]!
    expect(l.length).toBeGreaterThan(0)
    expect(l.extent).toBe(4096)
    const props = Object.keys(l.feature(0).properties).sort()
    const expected = { households: z >= 14 ? ['id', 'size'] : ['count', 'population'], grids: ['code', 'households', 'name', 'population', 'village_code'],
      villages: ['code', 'households', 'name', 'population'], towns: ['code', 'households', 'name', 'population'] }[layer]
    expect(props).toEqual(expected)
  })

  it('answers an empty tile with 204', async () => {
    const res = await get('/api/tiles/households/14/0/0.mvt')
    expect(res.status).toBe(204)
  })

  it.each([
    ['/api/units/geojson?bbox=a,b,c,d', 400, 'bbox'],
    ['/api/units/geojson?bbox=106,95,107,96', 400, 'latitude'],
    ['/api/units/geojson?bbox=107,29,106,30', 400, 'west'],
    ['/api/units/500117999', 404, 'no admin unit'],
    ['/api/units/geojson?parent=500117999', 404, 'no admin unit'],
    ['/api/units/12ab', 400, 'code'],
    ['/api/tiles/households/23/0/0.mvt', 400, 'z must be'],
    ['/api/tiles/households/3/9/0.mvt', 400, 'does not exist'],
    ['/api/tiles/people/3/1/1.mvt', 400, 'layer'],
    ['/api/tiles/households/3/1/1.png', 400, '.mvt'],
    ['/api/incidents?page=-1', 400, 'page'],
    ['/api/incidents?pageSize=100000', 400, 'pageSize'],
    ['/api/incidents?from=yesterday', 400, 'date'],
    ['/api/incidents?status=lost', 400, 'status'],
    ['/api/incidents?unit=500117001999', 404, 'no admin unit'],
    ['/api/households/density?cell=0', 400, 'cell'],
    ['/api/grids/geojson', 400, 'village or bbox'],
    ['/api/nothing-here', 404, 'no such endpoint'],
  ])('rejects %s with %i and a clear message', async (path, status, words) => {
    const res = await get(path)
    expect(res.status).toBe(status)
    const body = (await res.json()) as any
    expect(body.error.code).toEqual(expect.any(String))
    expect(body.error.message).toContain(words)
  })
})
