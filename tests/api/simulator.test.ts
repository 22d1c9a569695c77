import { describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { Simulator } from '@gridsight/api/simulator'
import { backends } from '../support/backends.js'
import { useHttpServer } from '../support/web.js'

describe.each(backends())('demo simulator on $name PostGIS', (backend) => {
  let sim: Simulator
  const http = useHttpServer(backend, {
    extra: async () => {
      let seed = 42
      sim = new Simulator(http.db, { baseUrl: http.url, tickMs: 60_000, random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647) })
      await sim.start()
    },
    teardown: async () => sim?.stop(),
  })

  it('files reports through the API and moves them along the workflow', async () => {
    const before = http.server.hub.lastId
    for (let i = 0; i < 6; i++) await sim.report()
    const filed = await sql<{ n: number }>`select count(*)::int as n from incident where source = 'hotline' and reporter_user_id is not null`.execute(http.db.kysely)
    expect(filed.rows[0]!.n).toBeGreaterThanOrEqual(4)
    for (let i = 0; i < 15; i++) await sim.advance()
    const moved = await sql<{ n: number }>`select count(*)::int as n from incident where reporter_user_id is not null and status <> 'reported'`.execute(http.db.kysely)
    expect(moved.rows[0]!.n).toBeGreaterThan(0)
    await http.server.hub.poke()
    expect(http.server.hub.lastId).toBeGreaterThan(before)
  })

  it('raises device alarms with the demo keys, and the duty desk signs for and closes old alerts', async () => {
    const r = await sim.alarm()
    expect(r?.alert?.id, 'a demo device alarm raised an alert').toBeGreaterThan(0)
    await sql`update alert set raised_at = now() - interval '10 minutes' where id = ${r!.alert!.id}`.execute(http.db.kysely)
    await sim.handleAlerts()
    const status = async () => (await sql<{ status: string }>`select status from alert where id = ${r!.alert!.id}`.execute(http.db.kysely)).rows[0]!.status
    expect(await status()).toBe('acknowledged')
    await sql`update alert set acknowledged_at = now() - interval '3 hours' where id = ${r!.alert!.id}`.execute(http.db.kysely)
    await sim.handleAlerts()
    expect(await status()).toBe('closed')
  })
})
