import type { DeadlineClock } from '@gridsight/contract'
import { type Kysely, sql } from 'kysely'
import { cachedStatic } from '../static-cache.js'
import type { Database } from '../schema.js'

/** The departments cases are dispatched to. */
export async function departments(db: Kysely<Database>) {
  return db.selectFrom('department').select(['code', 'name', 'kind', 'unit_code']).orderBy('kind').orderBy('code').execute()
}

export async function departmentExists(db: Kysely<Database>, code: string): Promise<boolean> {
  return !!(await db.selectFrom('department').select('code').where('code', '=', code).executeTakeFirst())
}

/** The two-level incident categories with each leaf's default department and deadline. */
export async function categoryTree(db: Kysely<Database>) {
  const rows = await db.selectFrom('incident_category').selectAll().orderBy('code').execute()
  return rows.filter((r) => !r.parent_code).map((t) => ({
    code: t.code, name: t.name,
    children: rows.filter((r) => r.parent_code === t.code)
      .map((r) => ({ code: r.code, name: r.name, department_code: r.department_code, deadline_hours: r.deadline_hours, deadline_clock: r.deadline_clock,
        self_settle: r.self_settle })),
  }))
}

/** self_settle: a grid worker may settle a report of the category on the spot (自行处置). */
export interface CategoryDefaults { department_code?: string | null; deadline_hours?: number; deadline_clock?: DeadlineClock; self_settle?: boolean }

/** Sets a second-level category's defaults; undefined when no such leaf exists. */
export async function setCategoryDefaults(db: Kysely<Database>, code: string, d: CategoryDefaults) {
  return db.updateTable('incident_category')
    .set({ ...(d.department_code !== undefined ? { department_code: d.department_code } : {}), ...(d.deadline_hours ? { deadline_hours: d.deadline_hours } : {}),
      ...(d.deadline_clock ? { deadline_clock: d.deadline_clock } : {}), ...(d.self_settle !== undefined ? { self_settle: d.self_settle } : {}) })
    .where('code', '=', code).where('parent_code', 'is not', null).returningAll().executeTakeFirst()
}

/** What /api/health reports: the PostGIS version and the size of the data (that of the static data cached until an import). */
export async function dataHealth(db: Kysely<Database>) {
  const [fixed, live] = await Promise.all([
    cachedStatic(db, 'health-counts', async () => (await sql<{ postgis: string; towns: number; villages: number; grids: number; households: number }>`
      select postgis_lib_version() as postgis,
        (select count(*)::int from admin_unit where level = 'town') as towns,
        (select count(*)::int from admin_unit where level = 'village') as villages,
        (select count(*)::int from grid) as grids,
        (select count(*)::int from household) as households`.execute(db)).rows[0]!, () => 100),
    sql<{ cameras: number; incidents: number }>`
      select (select count(*)::int from camera) as cameras, (select count(*)::int from incident) as incidents`.execute(db),
  ])
  const { postgis, ...counts } = fixed
  return { postgis, counts: { ...counts, ...live.rows[0]! } }
}
