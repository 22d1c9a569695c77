import { type Kysely, sql } from 'kysely'
import type { BBox } from '@gridsight/contract'
import { asGeoJson, bboxOf, envelope, lonLat, simplifiedForZoom } from '../postgis.js'
import { fromJson } from '../json.js'
import { cachedStatic } from '../static-cache.js'
import type { ScopeLevel, UnitLevel } from '@gridsight/contract'
import type { Database } from '../schema.js'
import type { GeoJsonText, UnitCollection } from '../geojson.js'

export interface UnitSummary {
  code: string
  name: string
  level: UnitLevel
  kind: string
  parent_code: string | null
  population: number | null
  households: number | null
  area_km2: number | null
  label: [number, number]
}

const summaryColumns = sql`code, name, level, kind, parent_code, population, households, area_km2, ${lonLat(sql`label_point`)} as label`

export async function listUnits(db: Kysely<Database>, filter: { parent?: string; level?: UnitLevel } = {}): Promise<UnitSummary[]> {
  const r = await sql<UnitSummary>`
    select ${summaryColumns} from admin_unit
    where (${filter.parent ?? null}::text is null or parent_code = ${filter.parent ?? null})
      and (${filter.level ?? null}::text is null or level = ${filter.level ?? null})
    order by code`.execute(db)
  return r.rows.map(normaliseLabel)
}

/** A unit a filter names, with its level as stored: a district, town or village (admin_unit) or a grid. */
export interface Scope { code: string; level: ScopeLevel }
export type NamedScope = Scope & { name: string }

/** The scope a code names, or null when no such unit exists (two primary-key probes at most). */
export async function resolveScope(db: Kysely<Database>, code: string): Promise<NamedScope | null> {
  const unit = await db.selectFrom('admin_unit').select(['code', 'level', 'name']).where('code', '=', code).executeTakeFirst()
  if (unit) return unit
  const grid = await db.selectFrom('grid').select(['code', 'name']).where('code', '=', code).executeTakeFirst()
  return grid ? { code: grid.code, level: 'grid', name: grid.name } : null
}

export interface DistrictSummary { code: string; name: string; bbox: [number, number, number, number]; label: [number, number] }

/** The districts in the database, in code order (one for a district's deployment, several for a city's). */
export async function districts(db: Kysely<Database>): Promise<DistrictSummary[]> {
  const r = await sql<DistrictSummary>`
    select code, name, ${bboxOf(sql`geom`)} as bbox, ${lonLat(sql`label_point`)} as label
    from admin_unit where level = 'district' order by code`.execute(db)
  return r.rows.map((d) => ({ ...d, bbox: fromJson(d.bbox).map(Number) as DistrictSummary['bbox'], label: fromJson(d.label).map(Number) as [number, number] }))
}

export async function getUnit(db: Kysely<Database>, code: string): Promise<(UnitSummary & { bbox: [number, number, number, number]; children: number; grids: number }) | null> {
  const r = await sql<UnitSummary & { bbox: [number, number, number, number]; children: number; grids: number }>`
    select ${summaryColumns},
      ${bboxOf(sql`geom`)} as bbox,
      (select count(*)::int from admin_unit c where c.parent_code = u.code) as children,
      (select count(*)::int from grid g where g.village_code like u.code || '%') as grids
    from admin_unit u where code = ${code}`.execute(db)
  return r.rows[0] ? normaliseLabel(r.rows[0]) : null
}

/** Units as a GeoJSON FeatureCollection text, built in PostGIS; simplified for zoom z when given. Cached until an import. */
export function unitsGeoJson(db: Kysely<Database>, filter: { parent?: string; level?: UnitLevel; bbox?: BBox; z?: number }): Promise<GeoJsonText<UnitCollection>> {
  const key = `units:${filter.parent ?? ''}:${filter.level ?? ''}:${filter.bbox ? Object.values(filter.bbox).join(',') : ''}:${filter.z ?? ''}`
  return cachedStatic(db, key, () => buildUnitsGeoJson(db, filter), (text) => text.length)
}

async function buildUnitsGeoJson(db: Kysely<Database>, filter: { parent?: string; level?: UnitLevel; bbox?: BBox; z?: number }): Promise<GeoJsonText<UnitCollection>> {
  const geom = filter.z === undefined ? sql`geom` : simplifiedForZoom(sql`geom`, filter.z)
  const r = await sql<{ fc: string }>`
    select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
      'type', 'Feature', 'id', code, 'geometry', ${asGeoJson(geom)},
      'properties', json_build_object('code', code, 'name', name, 'level', level, 'kind', kind, 'parent_code', parent_code,
        'population', population, 'households', households, 'area_km2', round(area_km2::numeric, 2),
        'label', ${lonLat(sql`label_point`)}))
      order by code), '[]'::json))::text as fc
    from admin_unit
    where (${filter.parent ?? null}::text is null or parent_code = ${filter.parent ?? null})
      and (${filter.level ?? null}::text is null or level = ${filter.level ?? null})
      and (${filter.bbox ? 1 : 0}::int = 0 or geom && ${filter.bbox ? envelope(filter.bbox) : sql`null::geometry`})`.execute(db)
  return r.rows[0]!.fc
}

function normaliseLabel<T extends { label: unknown }>(row: T): T {
  const label = fromJson(row.label)
  return { ...row, label: (label as unknown[]).map(Number) } as T
}
