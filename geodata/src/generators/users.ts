import { randomBytes } from 'node:crypto'
import bcrypt from 'bcryptjs'
import { type Kysely, sql } from 'kysely'
import type { Role } from '@gridsight/contract'
import { type Database, demo } from '@gridsight/db'
import { extrasOf } from '../sources/extras.js'
import { ensureGridWorkers } from './workers.js'

/** The demo password of every demo user (README lists them). Change them before real use. */
export const DEMO_PASSWORD = 'gridsight2026'

/** unit_code: a town desk's town or a village desk's village. */
export interface DemoUser { username: string; display_name: string; role: Role; department_code?: string; grid_of_village?: string; unit_code?: string }

/** The district-wide accounts of every district's demo; the wall's account follows the local ones. */
const DISTRICT_USERS: DemoUser[] = [
  { username: 'admin', display_name: '系统管理员', role: 'admin' },
  { username: 'leader', display_name: '区领导', role: 'leader' },
  { username: 'dispatcher', display_name: '指挥中心值班员', role: 'dispatcher' },
  { username: 'police', display_name: '区公安分局值班民警', role: 'department', department_code: 'police' },
]
const SCREEN_USER: DemoUser = { username: 'screen', display_name: '指挥中心大屏', role: 'screen' }

/**
 * The demo users of a district: the district-wide ones, and the local accounts its extras name or, without
 * extras, `town` (the office of its first town) and `gridworker` (a grid of its first community).
 */
export async function demoUsers(db: Kysely<Database>, district: string): Promise<DemoUser[]> {
  const local = extrasOf(district).localUsers ?? await genericLocalUsers(db, district)
  return [...DISTRICT_USERS, ...local, SCREEN_USER]
}

async function genericLocalUsers(db: Kysely<Database>, district: string): Promise<DemoUser[]> {
  const first = (await sql<{ town: string | null; town_name: string | null; office_code: string | null; office: string | null; village: string | null; village_name: string | null }>`
    select t.code as town, (select name from admin_unit where code = t.code) as town_name, d.code as office_code, d.name as office, v.code as village, v.name as village_name
    from (select min(code) as code from admin_unit where level = 'town' and parent_code = ${district}) t
    left join department d on d.code = 'town_' || t.code
    left join lateral (select code, name from admin_unit where level = 'village' and left(code, 6) = ${district}
      order by kind <> '社区', code limit 1) v on true`.execute(db)).rows[0]
  const users: DemoUser[] = []
  if (first?.office_code) users.push({ username: 'town', display_name: first.office!, role: 'department', department_code: first.office_code })
  if (first?.village) users.push({ username: 'gridworker', display_name: `网格员（${first.village_name}）`, role: 'grid_worker', grid_of_village: first.village })
  if (first?.town) users.push({ username: 'zhen', display_name: `${first.town_name}综治中心`, role: 'town_desk', unit_code: first.town })
  if (first?.village) users.push({ username: 'cun', display_name: `${first.village_name}工作站`, role: 'village_desk', unit_code: first.village })
  return users
}

/**
 * Creates the demo users that do not exist yet (on a fresh demo database, and on one generated before users
 * existed), for the given district or the database's first — only in a database holding a demo data set: a production
 * database never gets accounts with the published demo password.
 */
export async function ensureDemoUsers(db: Kysely<Database>, district?: string): Promise<number> {
  if (!(await demo.isDemoDataSet(db))) return 0
  const code = district ?? (await sql<{ code: string | null }>`select min(code) as code from admin_unit where level = 'district'`.execute(db)).rows[0]?.code
  if (!code) return 0
  const hash = await bcrypt.hash(DEMO_PASSWORD, 10)
  let created = 0
  for (const u of await demoUsers(db, code)) {
    const r = await sql`
      insert into app_user (username, display_name, role, department_code, grid_code, unit_code, password_hash)
      select ${u.username}, ${u.display_name}, ${u.role}, ${u.department_code ?? null},
        ${u.grid_of_village ? sql`(select min(code) from grid where village_code = ${u.grid_of_village})` : sql`null`}, ${u.unit_code ?? null}, ${hash}
      where exists (select 1 from department where code = ${u.department_code ?? 'police'})
        and (${u.unit_code ?? null}::text is null or exists (select 1 from admin_unit where code = ${u.unit_code ?? null}))
      on conflict (username) do nothing`.execute(db)
    created += Number(r.numAffectedRows ?? 0)
  }
  return created + await ensureGridWorkers(db, hash) + await ensureDemoActorAccounts(db)
}

/**
 * The demo actor's own accounts (api/src/simulator.ts): an intake desk and one per department, marked demo_actor, so
 * that everything they file is marked simulated and the API lets them act on nothing else. Nobody knows their password
 * (a random one; the demo actor sets its own when it starts).
 */
async function ensureDemoActorAccounts(db: Kysely<Database>): Promise<number> {
  const hash = await bcrypt.hash(randomBytes(24).toString('base64url'), 10)
  const r = await sql`
    insert into app_user (username, display_name, role, department_code, password_hash, demo_actor)
    select 'sim-desk', '指挥中心值班台（演示）', 'dispatcher', null, ${hash}, true
    union all
    select 'sim-' || replace(code, '_', '-'), name || '（演示）', 'department', code, ${hash}, true from department
    on conflict (username) do nothing`.execute(db)
  return Number(r.numAffectedRows ?? 0)
}
