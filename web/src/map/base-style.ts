import type { StyleSpecification } from 'maplibre-gl'

export interface BaseMapOptions {
  /** URL of the district outline GeoJSON. */
  districtUrl: string
  /** URL of the towns GeoJSON. */
  townsUrl: string
  /** Base URL of the API's vector tiles (…/api/tiles): village and grid lines for street-level context. */
  detailTilesUrl?: string
  /** Optional raster tile service (e.g. Tianditu with its key); its coordinate system must be stated. */
  rasterTiles?: { urls: string[]; attribution: string; crs: 'WGS84' }
}

const THEME = {
  background: '#06111f',
  land: '#0b2138',
  districtLine: '#39c6ff',
  townLine: '#2a6f9a',
  villageLine: '#1f5378',
  gridLine: '#18405f',
} as const

/**
 * The offline base map: drawn from the district's own layers, no tile server, no glyphs (labels are
 * drawn by deck.gl with local CJK fonts). A deployment may put a raster service underneath.
 */
export function baseMapStyle(o: BaseMapOptions): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: {
      district: { type: 'geojson', data: o.districtUrl },
      towns: { type: 'geojson', data: o.townsUrl },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': THEME.background } },
      { id: 'district-fill', type: 'fill', source: 'district', paint: { 'fill-color': THEME.land, 'fill-opacity': 0.95 } },
      { id: 'town-lines', type: 'line', source: 'towns', paint: { 'line-color': THEME.townLine, 'line-width': 1 } },
      { id: 'district-glow', type: 'line', source: 'district', paint: { 'line-color': THEME.districtLine, 'line-width': 6, 'line-opacity': 0.25, 'line-blur': 4 } },
      { id: 'district-line', type: 'line', source: 'district', paint: { 'line-color': THEME.districtLine, 'line-width': 2 } },
    ],
  }
  if (o.detailTilesUrl) {
    for (const [layer, minzoom] of [['villages', 10], ['grids', 13]] as const) {
      style.sources[layer] = { type: 'vector', tiles: [`${o.detailTilesUrl}/${layer}/{z}/{x}/{y}.mvt`], minzoom, maxzoom: 16 }
    }
    // Under the district glow, over the town lines: visible only when zoomed in to a town.
    style.layers.splice(3, 0,
      { id: 'village-lines', type: 'line', source: 'villages', 'source-layer': 'villages', minzoom: 11, paint: { 'line-color': THEME.villageLine, 'line-width': 1 } },
      { id: 'grid-lines', type: 'line', source: 'grids', 'source-layer': 'grids', minzoom: 14, paint: { 'line-color': THEME.gridLine, 'line-width': 0.8, 'line-dasharray': [3, 2] } })
  }
  if (o.rasterTiles) {
    style.sources.raster = { type: 'raster', tiles: o.rasterTiles.urls, tileSize: 256, attribution: o.rasterTiles.attribution }
    // Over a real map the district fill becomes a light tint so the tiles show through.
    style.layers.splice(1, 0, { id: 'raster', type: 'raster', source: 'raster', paint: { 'raster-opacity': 0.85 } })
    const fill = style.layers.find((l) => l.id === 'district-fill')
    if (fill?.type === 'fill') fill.paint = { 'fill-color': THEME.land, 'fill-opacity': 0.25 }
  }
  return style
}

/** The base map drawn from this API's own endpoints at `origin` (the page's). */
export function apiBaseMapStyle(origin: string, rasterTiles?: BaseMapOptions['rasterTiles']): StyleSpecification {
  return baseMapStyle({
    districtUrl: `${origin}/api/units/geojson?level=district&z=12`,
    townsUrl: `${origin}/api/units/geojson?level=town&z=11`,
    detailTilesUrl: `${origin}/api/tiles`,
    rasterTiles,
  })
}
