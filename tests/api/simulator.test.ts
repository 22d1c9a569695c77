import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { type RunningServer, startHttpServer } from '@gridsight/api/http'
import { Simulator } from '@gridsight/api/simulator'
import type { Db } from '@gridsight/db'
import { backends } from '../support/backends.js'

describe.each(backends())('demo simulator on $name PostGIS', (backend) => {
  let db: Db
  let server: RunningServer
  let sim: Simulator
  beforeAll(async () => {
    db = await backend.open()
    server = await startHttpServer({ db, port: 0, host: '127.0.0.1', webDist: '/nonexistent' })
    let seed = 42
    sim = new Simulator(db, { baseUrl: server.url, tickMs: 60_000, random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647) })
    await sim.start()
  })
  afterAll(async () => {
    sim?.stop()
    await server?.close()
    await db?.close()
  })

  it('files reports through the API and moves them along the workflow', async () => {
    const before = server.hub.lastId
    for (let i = 0; i < 6; i++) await sim.report()
    const filed = await sql<{ n: number }>`select count(*)::int as n from incident where source = 'hotline' and reporter_user_id is not null`.execute(db.kysely)
    expect(filed.rows[0]!.n).toBeGreaterThanOrEqual(4)
    for (let i = 0; i < 15; i++) await sim.advance()
    const moved = await sql<{ n: number }>`select count(*)::int as n from incident where reporter_user_id is not null and status <> 'reported'`.execute(db.kysely)
    expect(moved.rows[0]!.n).toBeGreaterThan(0)
    await server.hub.poke()
    expect(server.hub.lastId).toBeGreaterThan(before)
  })
})
