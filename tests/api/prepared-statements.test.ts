import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { Db } from '@gridsight/db'
import { backends } from '../support/backends.js'

/**
 * On a real server the statements a process runs often are sent named (db/src/connect.ts, PreparedNames): parsed once
 * per connection instead of on every report. The embedded database has no pool and prepares nothing; the answers are
 * the same on both.
 */
describe.each(backends())('hot statements on $name PostGIS', (backend) => {
  let db: Db
  beforeAll(async () => { db = await backend.openEmpty('prepared') })
  afterAll(async () => { await db?.close() })

  it('are prepared from their third use on a server, with their parameters bound each time', async () => {
    await db.kysely.transaction().execute(async (trx) => {
      const prepared = async () => (await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements
        where statement like '%hot statement test%'`.execute(trx)).rows[0]!.n
      const answers: number[] = []
      for (let i = 1; i <= 4; i++) {
        answers.push((await sql<{ x: number }>`select ${i}::int * 10 as x -- hot statement test`.execute(trx)).rows[0]!.x)
        if (i === 2) expect(await prepared()).toBe(0)
      }
      expect(answers).toEqual([10, 20, 30, 40])
      expect(await prepared()).toBe(backend.name === 'server' ? 1 : 0)
    })
  })

  it('still answer after a migration changed the result of one prepared meanwhile', async () => {
    await sql`create table prepared_probe (id int primary key)`.execute(db.kysely)
    await sql`insert into prepared_probe values (1)`.execute(db.kysely)
    // One connection, so that the statement is prepared on the connection that meets the change.
    await db.kysely.connection().execute(async (c) => {
      const read = () => sql<Record<string, unknown>>`select * from prepared_probe where id = ${1}`.execute(c)
      for (let i = 0; i < 4; i++) await read()
      await sql`alter table prepared_probe add column note text default 'added'`.execute(c)
      expect((await read()).rows).toEqual([{ id: 1, note: 'added' }])
      expect((await read()).rows).toEqual([{ id: 1, note: 'added' }])
    })
  })
})
