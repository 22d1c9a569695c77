/// <reference path="../vendor.d.ts" />
import geojsonvt from 'geojson-vt'
// vt-pbf ships no types: its one function used here, typed.
import vtpbfModule from 'vt-pbf'
const vtpbf = vtpbfModule as { fromGeojsonVt(layers: Record<string, unknown>, options: { version: number; extent: number }): Uint8Array }
import { tiles } from '@gridsight/db'
import type { Feature } from 'geojson'

/**
 * Encodes one tile of one layer from WGS-84 GeoJSON features with geojson-vt + vt-pbf: the embedded
 * database's stand-in for ST_AsMVT, with the same extent, buffer, layer name and properties.
 */
export function encodeTile(layer: string, features: Feature[], z: number, x: number, y: number): Uint8Array {
  if (features.length === 0) return new Uint8Array()
  const index = geojsonvt({ type: 'FeatureCollection', features }, {
    maxZoom: z,
    indexMaxZoom: 0,
    indexMaxPoints: 0,
    extent: tiles.TILE_EXTENT,
    buffer: tiles.TILE_BUFFER,
    tolerance: 1,
  })
  const tile = index.getTile(z, x, y)
  if (!tile || tile.features.length === 0) return new Uint8Array()
  return vtpbf.fromGeojsonVt({ [layer]: tile }, { version: 2, extent: tiles.TILE_EXTENT })
}
