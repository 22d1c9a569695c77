import { describe, expect, it } from 'vitest'
import { apiBaseMapStyle, baseMapStyle } from './base-style'

const urls = { districtUrl: 'http://x/d', townsUrl: 'http://x/t' }

describe('base map style', () => {
  it('works offline by default: only the district\'s own layers, no tiles, no glyphs', () => {
    const s = baseMapStyle(urls)
    expect(Object.keys(s.sources)).toEqual(['district', 'towns'])
    expect(s.glyphs).toBeUndefined()
    expect(s.layers.map((l) => l.id)).toEqual(['background', 'district-fill', 'town-lines', 'district-glow', 'district-line'])
  })

  it('puts a configured raster service under the district layers', () => {
    const s = baseMapStyle({ ...urls, rasterTiles: { urls: ['https://tiles/{z}/{x}/{y}'], attribution: '天地图', crs: 'WGS84' } })
    expect(s.layers.map((l) => l.id).slice(0, 3)).toEqual(['background', 'raster', 'district-fill'])
    expect((s.sources.raster as { tiles: string[] }).tiles).toEqual(['https://tiles/{z}/{x}/{y}'])
  })

  it("adds village and grid lines from the API's own vector tiles for street-level context", () => {
    const s = baseMapStyle({ ...urls, detailTilesUrl: 'http://x/api/tiles' })
    expect(s.layers.map((l) => l.id)).toEqual(['background', 'district-fill', 'town-lines', 'village-lines', 'grid-lines', 'district-glow', 'district-line'])
    expect((s.sources.grids as { tiles: string[] }).tiles).toEqual(['http://x/api/tiles/grids/{z}/{x}/{y}.mvt'])
  })

  it("reads the district, its towns and the detail tiles from the page's own API", () => {
    const s = apiBaseMapStyle('http://wall:8080')
    expect((s.sources.district as { data: string }).data).toBe('http://wall:8080/api/units/geojson?level=district&z=12')
    expect((s.sources.towns as { data: string }).data).toBe('http://wall:8080/api/units/geojson?level=town&z=11')
    expect((s.sources.villages as { tiles: string[] }).tiles).toEqual(['http://wall:8080/api/tiles/villages/{z}/{x}/{y}.mvt'])
  })
})
