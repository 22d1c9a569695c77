import type { Kysely, RawBuilder } from 'kysely'

/** Hand-made GeoJSON for import tests: a square polygon, a feature with code and name, a collection. */
export const square = (x: number, y: number, d = 0.02) => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]],
})
export const feature = (code: string, name: string, geometry: unknown) => ({ type: 'Feature', properties: { code, name }, geometry })
export const fc = (...features: unknown[]) => ({ type: 'FeatureCollection', features })

/** The one row a query returns (a test's single-row summary query); fails when there is none. */
export async function oneRow<T>(db: Kysely<any>, q: RawBuilder<T>): Promise<T> {
  const row = (await q.execute(db)).rows[0]
  if (row === undefined) throw new Error('query returned no row')
  return row
}
