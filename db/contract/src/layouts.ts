/**
 * The binary column layouts of the map payloads: big point sets travel as typed arrays, one column after the other,
 * little-endian, with the row count in the `X-Count` header. The API encodes and the web app decodes with the same
 * layout object, so a column can be added in one place.
 */
const ARRAYS = { uint32: Uint32Array, float32: Float32Array, uint8: Uint8Array } as const
type ColumnType = keyof typeof ARRAYS
type ArrayOf<T extends ColumnType> = InstanceType<(typeof ARRAYS)[T]>

export interface ColumnLayout<C extends Record<string, ColumnType> = Record<string, ColumnType>> {
  /** Columns in order. */
  columns: C
}
export type Columns<L extends ColumnLayout> = { [K in keyof L['columns']]: ArrayOf<L['columns'][K]> }

/** Households per cell: cell centre and count (no household leaves the server). */
export const DENSITY_LAYOUT = { columns: { lon: 'float32', lat: 'float32', count: 'float32' } } as const satisfies ColumnLayout
/** Incidents of a filter: id, position, status class (index of STATUS_CLASSES: open, overdue, closed) and priority. */
export const INCIDENT_POINTS_LAYOUT = {
  columns: { id: 'uint32', lon: 'float32', lat: 'float32', statusClass: 'uint8', priority: 'uint8' },
} as const satisfies ColumnLayout

/** The header text describing a layout, e.g. 'uint32le id[n] float32le lon[n] …'. */
export const describeLayout = (l: ColumnLayout): string =>
  Object.entries(l.columns).map(([name, t]) => `${t}${t === 'uint8' ? '' : 'le'} ${name}[n]`).join(' ')

/** Empty columns for n rows, to be filled by the encoder's caller. */
export function allocateColumns<L extends ColumnLayout>(l: L, n: number): Columns<L> {
  return Object.fromEntries(Object.entries(l.columns).map(([name, t]) => [name, new ARRAYS[t](n)])) as Columns<L>
}

/** The payload: every column's bytes, in layout order. Column lengths must be equal. */
export function encodeColumns<L extends ColumnLayout>(l: L, cols: Columns<L>): Uint8Array {
  const arrays = Object.keys(l.columns).map((name) => (cols as Record<string, ArrayOf<ColumnType>>)[name]!)
  const out = new Uint8Array(arrays.reduce((a, c) => a + c.byteLength, 0))
  let offset = 0
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset)
    offset += a.byteLength
  }
  return out
}

/** Views on a payload of n rows (no copy). Layouts put 4-byte columns before 1-byte ones, so every view is aligned. */
export function decodeColumns<L extends ColumnLayout>(l: L, buffer: ArrayBuffer, n: number): Columns<L> {
  let offset = 0
  const out: Record<string, ArrayOf<ColumnType>> = {}
  for (const [name, t] of Object.entries(l.columns)) {
    const A = ARRAYS[t]
    out[name] = new A(buffer, offset, n)
    offset += n * A.BYTES_PER_ELEMENT
  }
  return out as Columns<L>
}

/** The vector tile layers (`/api/tiles/{layer}/{z}/{x}/{y}.mvt`); each tile's one layer has the same name. */
export const TILE_LAYERS = ['households', 'grids', 'villages', 'towns'] as const
export type TileLayer = (typeof TILE_LAYERS)[number]
