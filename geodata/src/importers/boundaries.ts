import { type Kysely, sql } from 'kysely'
import { CODE_DIGITS, parentCode, type ScopeLevel } from '@gridsight/contract'
import { type Database, unitGeometry } from '@gridsight/db'
import { districtKind, townKind, villageKind } from '../sources/unit-kinds.js'

/** What a boundary file holds: districts, towns, villages or grids. */
export type BoundaryLevel = ScopeLevel

export interface ImportProblem { feature: number; code: string | null; message: string }
export interface ImportReport { level: BoundaryLevel; ok: boolean; inserted: number; updated: number; problems: ImportProblem[] }

const WGS84_NAMES = ['EPSG:4326', 'urn:ogc:def:crs:OGC:1.3:CRS84', 'urn:ogc:def:crs:EPSG::4326', 'OGC:CRS84']

/**
 * Imports a district's own boundaries from a GeoJSON FeatureCollection (properties: code, name): its outline
 * (a 6-digit code, no parent), towns, villages or grids. Everything is checked first — CRS, coordinate ranges,
 * geometry validity in PostGIS, codes and their parents — and written in one transaction only when nothing is wrong.
 */
export async function importBoundaries(db: Kysely<Database>, level: BoundaryLevel, input: unknown): Promise<ImportReport> {
  const problems: ImportProblem[] = []
  const report = (inserted = 0, updated = 0): ImportReport => ({ level, ok: problems.length === 0, inserted, updated, problems })
  const fc = input as { type?: string; crs?: { properties?: { name?: string } }; features?: unknown[] }
  if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    problems.push({ feature: -1, code: null, message: 'not a GeoJSON FeatureCollection' })
    return report()
  }
  const crs = fc.crs?.properties?.name
  if (crs && !WGS84_NAMES.includes(crs)) {
    problems.push({ feature: -1, code: null, message: `coordinates must be WGS-84 (EPSG:4326); the file declares ${crs}` })
    return report()
  }
  const rows: { code: string; name: string; geometry: string }[] = []
  const seen = new Set<string>()
  fc.features.forEach((f: any, i) => {
    const code = String(f?.properties?.code ?? '')
    const name = String(f?.properties?.name ?? '').trim()
    const fail = (message: string) => problems.push({ feature: i, code: code || null, message })
    if (!new RegExp(`^[0-9]{${CODE_DIGITS[level]}}$`).test(code)) return fail(`code must be ${CODE_DIGITS[level]} digits`)
    if (seen.has(code)) return fail('code appears twice')
    seen.add(code)
    if (!name) return fail('name is missing')
    const type = f?.geometry?.type
    if (type !== 'Polygon' && type !== 'MultiPolygon') return fail(`geometry must be a Polygon or MultiPolygon, not ${type ?? 'missing'}`)
    const flat = JSON.stringify(f.geometry.coordinates).match(/-?[0-9.eE+-]+/g)?.map(Number) ?? []
    for (let k = 0; k < flat.length; k += 2) {
      if (!(Math.abs(flat[k]!) <= 180 && Math.abs(flat[k + 1]!) <= 90)) return fail('coordinates out of range: not longitude/latitude in degrees (wrong CRS?)')
    }
    rows.push({ code, name, geometry: JSON.stringify(f.geometry) })
  })
  if (problems.length) return report()

  let inserted = 0
  let updated = 0
  await db.transaction().execute(async (trx) => {
    for (const [i, row] of rows.entries()) {
      const parent = parentCode(row.code)
      const check = await sql<{ valid: boolean; reason: string; parent_ok: boolean; exists: boolean }>`
        select ST_IsValid(g) as valid, ST_IsValidReason(g) as reason,
          ${parent === null ? sql`true` : sql`exists (select 1 from admin_unit where code = ${parent})`} as parent_ok,
          ${level === 'grid' ? sql`exists (select 1 from grid where code = ${row.code})` : sql`exists (select 1 from admin_unit where code = ${row.code})`} as exists
        from (select ST_SetSRID(ST_GeomFromGeoJSON(${row.geometry}), 4326) as g) q`.execute(trx)
      const c = check.rows[0]!
      if (!c.valid) problems.push({ feature: i, code: row.code, message: `invalid geometry: ${c.reason}` })
      if (!c.parent_ok) problems.push({ feature: i, code: row.code, message: `parent ${parent} does not exist` })
      if (!c.valid || !c.parent_ok) continue
      const geom = unitGeometry(sql`ST_SetSRID(ST_GeomFromGeoJSON(${row.geometry}), 4326)`)
      if (level === 'grid') {
        await sql`insert into grid (code, village_code, name, geom) values (${row.code}, ${parent}, ${row.name}, ${geom})
          on conflict (code) do update set name = excluded.name, geom = excluded.geom`.execute(trx)
      } else {
        await sql`insert into admin_unit (code, level, parent_code, name, full_name, kind, area_km2, geom, label_point)
          select ${row.code}, ${level}, ${parent}, ${row.name}, ${row.name}, ${kindOf(level, row.name)},
            ST_Area(g::geography) / 1e6, g, ST_PointOnSurface(g) from (select ${geom} as g) q
          on conflict (code) do update set name = excluded.name, full_name = excluded.full_name, geom = excluded.geom,
            area_km2 = excluded.area_km2, label_point = excluded.label_point`.execute(trx)
      }
      if (c.exists) updated++
      else inserted++
    }
    // Throwing rolls the whole import back: all or nothing.
    if (problems.length) throw new ImportRejected()
  }).catch((e) => {
    if (!(e instanceof ImportRejected)) throw e
  })
  return problems.length ? report() : report(inserted, updated)
}

class ImportRejected extends Error {}

function kindOf(level: Exclude<BoundaryLevel, 'grid'>, name: string): string {
  return level === 'district' ? districtKind(name) : level === 'town' ? townKind(name) : villageKind(name)
}
