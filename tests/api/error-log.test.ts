import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createApp } from '@gridsight/api'
import { type Db, describeError } from '@gridsight/db'
import { backends } from '../support/backends.js'

const SECRET_NAME = 'secret-name-13800138000'
const SECRET_PASSWORD = 'hunter2-password-Zq9'

/** Database errors carry the query's parameters and quote values; the server log must not write them. */
describe.each(backends())('error logs without personal data on $name PostGIS', (backend) => {
  let db: Db
  beforeAll(async () => {
    // A database of this file's own: the embedded copy is private; on the server, an empty one (the shared one stays as it is).
    db = backend.name === 'embedded' ? await backend.open() : await backend.openEmpty('error_log')
    // A failure inside the login's own writes: the name tried reaches the database as a parameter.
    await sql`alter table login_failure add constraint refuse_secret check (username not like 'secret-%')`.execute(db.kysely)
  })
  afterAll(async () => { await db?.close() })

  it('logs the statement and SQLSTATE of a failed query, never its parameters or the values in its message', async () => {
    const app = createApp(db)
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const res = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: SECRET_NAME, password: SECRET_PASSWORD }) })
      expect(res.status).toBe(500)
      expect(await res.json()).toEqual({ error: { code: 'internal', message: expect.any(String) } })
      const written = log.mock.calls.map((args) => args.map(String).join(' ')).join('\n')
      expect(written).toMatch(/sqlstate 23514/)
      expect(written).toMatch(/statement: insert into "?login_failure"?/)
      expect(written).toContain('refuse_secret')
      expect(written).not.toContain(SECRET_NAME)
      expect(written).not.toContain(SECRET_PASSWORD)
    } finally {
      log.mockRestore()
    }
  })

  it.each([
    ['a value PostgreSQL quotes in its message', sql`select ${SECRET_PASSWORD}::int`],
    ['a unique key repeated in the detail', sql`insert into login_lock (username, locked_until) values (${SECRET_NAME}, now()), (${SECRET_NAME}, now())`],
  ])('describes %s without the value', async (_, query) => {
    const error = await query.execute(db.kysely).then(() => null, (e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    const line = describeError(error)
    expect(line).toMatch(/sqlstate [0-9A-Z]{5}/)
    expect(line).toMatch(/statement: /)
    expect(line).not.toContain(SECRET_NAME)
    expect(line).not.toContain(SECRET_PASSWORD)
  })
})
