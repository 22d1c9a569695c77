import { type ColumnLayout, type Columns, describeLayout, encodeColumns } from '@gridsight/contract'
import type { GeoJsonText } from '@gridsight/db'
import type { TypedResponse } from 'hono'

/**
 * Answers whose body the database or the contract has already encoded: GeoJSON text built in PostGIS (typed for the
 * client as the document it holds) and binary columns.
 */
export function geoJsonResponse<T>(text: GeoJsonText<T>): Response & TypedResponse<T, 200, 'json'> {
  return new Response(text, { headers: { 'content-type': 'application/geo+json' } }) as Response & TypedResponse<T, 200, 'json'>
}

/** A binary column payload as the contract lays it out, with its row count and layout in the headers. */
export function columnsResponse<L extends ColumnLayout>(layout: L, cols: Columns<L>): Response {
  const n = (Object.values(cols)[0] as ArrayLike<number> | undefined)?.length ?? 0
  return new Response(encodeColumns(layout, cols) as Uint8Array<ArrayBuffer>, {
    headers: {
      'content-type': 'application/octet-stream',
      'x-count': String(n),
      'x-layout': describeLayout(layout),
      'access-control-expose-headers': 'x-count, x-layout',
    },
  })
}
