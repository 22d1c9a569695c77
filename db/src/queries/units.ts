import { type Kysely, sql } from 'kysely'
import { type BBox, envelope, simplifiedForZoom } from '../postgis.js'
import { fromJson } from '../json.js'
import type { Database, UnitLevel } from '../schema.js'

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

const summaryColumns = sql`code, name, level, kind, parent_code, population, households, area_km2,
  json_build_array(round(ST_X(label_point)::numeric, 6), round(ST_Y(label_point)::numeric, 6)) as label`

export async function listUnits(db: Kysely<Database>, filter: { parent?: string; level?: UnitLevel } = {}): Promise<UnitSummary[]> {
  const r = await sql<UnitSummary>`
    select ${summaryColumns} from admin_unit
    where (${filter.parent ?? null}::text is null or parent_code = ${filter.parent ?? null})
      and (${filter.level ?? null}::text is null or level = ${filter.level ?? null})
    order by code`.execute(db)
  return r.rows.map(normaliseLabel)
}

/** Whether an admin unit exists (a primary-key probe, for validating filters). */
export async function unitExists(db: Kysely<Database>, code: string): Promise<boolean> {
  return !!(await db.selectFrom('admin_unit').select('code').where('code', '=', code).executeTakeFirst())
}

export async function getUnit(db: Kysely<Database>, code: string): Promise<(UnitSummary & { bbox: [number, number, number, number]; children: number; grids: number }) | null> {
  const r = await sql<UnitSummary & { bbox: [number, number, number, number]; children: number; grids: number }>`
    select ${summaryColumns},
      json_build_array(ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)) as bbox,
      (select count(*)::int from admin_unit c where c.parent_code = u.code) as children,
      (select count(*)::int from grid g where g.village_code like u.code || '%') as grids
    from admin_unit u where code = ${code}`.execute(db)
  return r.rows[0] ? normaliseLabel(r.rows[0]) : null
}

/** Units as a GeoJSON FeatureCollection text, built in PostGIS; simplified for zoom z when given. */
export async function unitsGeoJson(db: Kysely<Database>, filter: { parent?: string; level?: UnitLevel; bbox?: BBox; z?: number }): Promise<string> {
  const geom = filter.z === undefined ? sql`geom` : simplifiedForZoom(sql`geom`, filter.z)
  const r = await sql<{ fc: string }>`
    select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
      'type', 'Feature', 'id', code, 'geometry', ST_AsGeoJSON(${geom}, 6)::json,
      'properties', json_build_object('code', code, 'name', name, 'level', level, 'kind', kind, 'parent_code', parent_code,
        'population', population, 'households', households, 'area_km2', round(area_km2::numeric, 2),
        'label', json_build_array(round(ST_X(label_point)::numeric, 6), round(ST_Y(label_point)::numeric, 6))))
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
