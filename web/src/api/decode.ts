/** Decoders of the API's binary column formats (see api/README.md). */

export interface DensityColumns { length: number; positions: Float32Array; weights: Float32Array }

/** float32 lon[n] lat[n] count[n] → interleaved positions for deck.gl, and weights. */
export function decodeDensity(buffer: ArrayBuffer, n: number): DensityColumns {
  const lon = new Float32Array(buffer, 0, n)
  const lat = new Float32Array(buffer, n * 4, n)
  const positions = new Float32Array(n * 2)
  for (let i = 0; i < n; i++) {
    positions[i * 2] = lon[i]!
    positions[i * 2 + 1] = lat[i]!
  }
  return { length: n, positions, weights: new Float32Array(buffer, n * 8, n) }
}

export interface IncidentColumns {
  length: number
  ids: Uint32Array
  positions: Float32Array
  /** 0 open, 1 overdue, 2 closed. */
  statusClass: Uint8Array
  priority: Uint8Array
}

/** uint32 id[n] float32 lon[n] float32 lat[n] uint8 statusClass[n] uint8 priority[n]. */
export function decodeIncidentPoints(buffer: ArrayBuffer, n: number): IncidentColumns {
  const lon = new Float32Array(buffer, n * 4, n)
  const lat = new Float32Array(buffer, n * 8, n)
  const positions = new Float32Array(n * 2)
  for (let i = 0; i < n; i++) {
    positions[i * 2] = lon[i]!
    positions[i * 2 + 1] = lat[i]!
  }
  return {
    length: n,
    ids: new Uint32Array(buffer, 0, n),
    positions,
    statusClass: new Uint8Array(buffer, n * 12, n),
    priority: new Uint8Array(buffer, n * 13, n),
  }
}
