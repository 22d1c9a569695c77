import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { Role } from '@gridsight/contract'
import type { Db } from '@gridsight/db'
import { DEMO_PASSWORD } from '@gridsight/geodata'

export interface TestAccount { username: string; password: string; role: Role }

/**
 * A user of the test's own (a unique name; the demo password, hashed as the demo users are), so that tests sharing
 * the server database never lock, sign out or count failures of another file's users. Department staff belong to
 * police; grid workers to a grid of the data set.
 */
export async function createAccount(db: Db, role: Role, prefix = 't'): Promise<TestAccount> {
  const username = `${prefix}_${randomBytes(5).toString('hex')}`
  await sql`insert into app_user (username, display_name, role, department_code, grid_code, password_hash)
    select ${username}, ${`测试 ${username}`}, ${role}, ${role === 'department' ? 'police' : null},
      ${role === 'grid_worker' ? sql`(select min(code) from grid)` : null}, password_hash
    from app_user where username = 'admin'`.execute(db.kysely)
  return { username, password: DEMO_PASSWORD, role }
}
