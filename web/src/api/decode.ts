import { type Columns, DENSITY_LAYOUT, decodeColumns, INCIDENT_POINTS_LAYOUT } from '@gridsight/contract'

/** The API's binary column payloads (the contract's layouts) as deck.gl takes them. */

export interface DensityColumns { length: number; positions: Float32Array; weights: Float32Array }

/** Interleaved [lon, lat, lon, lat, …] for deck.gl's getPosition attribute. */
function interleave(lon: Float32Array, lat: Float32Array): Float32Array {
  const positions = new Float32Array(lon.length * 2)
  for (let i = 0; i < lon.length; i++) {
    positions[i * 2] = lon[i]!
    positions[i * 2 + 1] = lat[i]!
  }
  return positions
}

export function decodeDensity(buffer: ArrayBuffer, n: number): DensityColumns {
  const c = decodeColumns(DENSITY_LAYOUT, buffer, n)
  return { length: n, positions: interleave(c.lon, c.lat), weights: c.count }
}

export interface IncidentColumns {
  length: number
  ids: Uint32Array
  positions: Float32Array
  /** Index of the contract's STATUS_CLASSES: 0 open, 1 overdue, 2 closed. */
  statusClass: Uint8Array
  priority: Uint8Array
}

export function decodeIncidentPoints(buffer: ArrayBuffer, n: number): IncidentColumns {
  const c: Columns<typeof INCIDENT_POINTS_LAYOUT> = decodeColumns(INCIDENT_POINTS_LAYOUT, buffer, n)
  return { length: n, ids: c.id, positions: interleave(c.lon, c.lat), statusClass: c.statusClass, priority: c.priority }
}
