import { type Kysely, sql } from 'kysely'
import type { Database } from '../schema.js'

/** A bulletin as listed (without its files). */
export interface BulletinSummary {
  id: number
  kind: 'monthly' | 'on_demand'
  unit_code: string
  period_from: Date
  period_to: Date
  title: string
  created_at: Date
  created_by: string | null
  pages: number
}

const SUMMARY = ['id', 'kind', 'unit_code', 'period_from', 'period_to', 'title', 'created_at', 'created_by', 'pages'] as const

/** Keeps a bulletin as issued; a monthly one already kept for its unit and month is not made twice (null). */
export async function store(db: Kysely<Database>, b: Omit<BulletinSummary, 'id' | 'created_at'> & { xlsx: Uint8Array; pdf: Uint8Array }): Promise<BulletinSummary | null> {
  const row = await db.insertInto('bulletin').values(b)
    .onConflict((oc) => oc.columns(['unit_code', 'period_from']).where('kind', '=', 'monthly').doNothing())
    .returning(SUMMARY).executeTakeFirst()
  return row ?? null
}

/** The bulletins kept, newest first. */
export async function list(db: Kysely<Database>, limit = 100): Promise<BulletinSummary[]> {
  return db.selectFrom('bulletin').select(SUMMARY).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
}

/** One bulletin's file. */
export async function file(db: Kysely<Database>, id: number, kind: 'xlsx' | 'pdf'): Promise<(BulletinSummary & { bytes: Uint8Array }) | undefined> {
  const row = await db.selectFrom('bulletin').select([...SUMMARY, kind]).where('id', '=', id).executeTakeFirst()
  return row ? { ...row, bytes: (row as unknown as Record<string, Uint8Array>)[kind]! } : undefined
}

/** Whether the monthly bulletin of a unit and month (its first moment) is kept. */
export async function hasMonthly(db: Kysely<Database>, unit: string, from: Date): Promise<boolean> {
  return !!(await db.selectFrom('bulletin').select('id').where('kind', '=', 'monthly').where('unit_code', '=', unit).where('period_from', '=', from).executeTakeFirst())
}

/** Names of every unit and department, by code (the bulletin's tables). */
export async function names(db: Kysely<Database>): Promise<Map<string, string>> {
  const r = await sql<{ code: string; name: string }>`select code, name from admin_unit union all select code, name from department`.execute(db)
  return new Map(r.rows.map((x) => [x.code, x.name]))
}

/** A unit's child units as GeoJSON geometries simplified for a printed map (towns of a district, villages of a town). */
export async function childShapes(db: Kysely<Database>, parent: string): Promise<Array<{ code: string; name: string; geometry: GeoJSON.Geometry }>> {
  const r = await sql<{ code: string; name: string; geometry: string }>`
    select code, name, ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, 0.002), 5) as geometry from admin_unit where parent_code = ${parent} order by code`.execute(db)
  return r.rows.map((x) => ({ code: x.code, name: x.name, geometry: JSON.parse(x.geometry) as GeoJSON.Geometry }))
}
