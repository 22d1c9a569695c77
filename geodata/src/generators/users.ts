import bcrypt from 'bcryptjs'
import { type Kysely, sql } from 'kysely'
import type { Database, Role } from '@gridsight/db'

/** The demo password of every demo user (README lists them). Change them before real use. */
export const DEMO_PASSWORD = 'gridsight2026'

export const DEMO_USERS: { username: string; display_name: string; role: Role; department_code?: string; grid_of_village?: string }[] = [
  { username: 'admin', display_name: '系统管理员', role: 'admin' },
  { username: 'leader', display_name: '区领导', role: 'leader' },
  { username: 'dispatcher', display_name: '指挥中心值班员', role: 'dispatcher' },
  { username: 'police', display_name: '区公安分局值班民警', role: 'department', department_code: 'police' },
  { username: 'heyang', display_name: '合阳城街道办事处', role: 'department', department_code: 'town_500117001' },
  { username: 'gudongmei', display_name: '古冬梅（龙苑社区网格员）', role: 'grid_worker', grid_of_village: '500117001016' },
  { username: 'screen', display_name: '指挥中心大屏', role: 'screen' },
]

/** Creates the demo users that do not exist yet (on a fresh demo database, and on one generated before users existed). */
export async function ensureDemoUsers(db: Kysely<Database>): Promise<number> {
  const hash = await bcrypt.hash(DEMO_PASSWORD, 10)
  let created = 0
  for (const u of DEMO_USERS) {
    const r = await sql`
      insert into app_user (username, display_name, role, department_code, grid_code, password_hash)
      select ${u.username}, ${u.display_name}, ${u.role}, ${u.department_code ?? null},
        ${u.grid_of_village ? sql`(select min(code) from grid where village_code = ${u.grid_of_village})` : sql`null`}, ${hash}
      where exists (select 1 from department where code = ${u.department_code ?? 'police'})
      on conflict (username) do nothing`.execute(db)
    created += Number(r.numAffectedRows ?? 0)
  }
  return created
}
