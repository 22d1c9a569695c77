import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { Simulator } from '@gridsight/api/simulator'
import { demo, sensors } from '@gridsight/db'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import { backends } from '../support/backends.js'
import { useHttpServer } from '../support/web.js'

// On the shared server database other files write cases and alerts at the same time: every assertion here is about
// the rows this file made (its real case and alert, and what its demo actor filed), never about counts of others.
describe.each(backends())('the demo actor on $name PostGIS', (backend) => {
  let sim: Simulator
  const tokens: Record<string, string> = {}
  const http = useHttpServer(backend, {
    client: { basemap: null, demoActor: true },
    extra: async () => {
      for (const u of ['dispatcher', 'admin']) tokens[u] = await login(u, DEMO_PASSWORD)
      let seed = 42
      sim = new Simulator(http.db, { baseUrl: http.url, tickMs: 60_000, random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647) })
      await sim.start()
    },
    teardown: async () => sim?.stop(),
  })
  async function login(username: string, password: string): Promise<string> {
    const res = await fetch(`${http.url}api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
    expect(res.status, `login ${username}`).toBe(200)
    return ((await res.json()) as { token: string }).token
  }
  const call = (token: string | null, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${http.url}${path.slice(1)}`, { method: body === undefined ? 'GET' : 'POST', body: body === undefined ? undefined : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } })
  const one = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(http.db.kysely)).rows[0]!
  const caseRow = (id: number) => one(sql<{ status: string; version: number; simulated: boolean; steps: number }>`
    select status, version, simulated, (select count(*)::int from incident_log where incident_id = ${id}) as steps from incident where id = ${id}`)
  const alertRow = (id: number) => one(sql<{ status: string; version: number; simulated: boolean; acknowledged_at: Date | null }>`
    select status, version, simulated, acknowledged_at from alert where id = ${id}`)

  /** A real case (the demo dispatcher's report) and a real alert (a registered device's alarm, raised 10 minutes ago). */
  async function realCaseAndAlert(): Promise<{ caseId: number; alertId: number }> {
    const at = await one(sql<{ lon: number; lat: number }>`select ST_X(label_point) as lon, ST_Y(label_point) as lat from admin_unit where level = 'village' order by code limit 1`)
    const filed = await call(tokens.dispatcher!, '/api/incidents', { client_id: randomUUID(), category_code: 'dispute.neighbour', description: '真实上报：邻里纠纷', lon: at.lon, lat: at.lat, people_involved: 2 })
    expect(filed.status).toBe(201)
    const real = (await filed.json()) as { id: number; simulated: boolean }
    expect(real.simulated).toBe(false)
    const id = `REAL-SMK-${randomUUID().slice(0, 8)}`
    const reg = await call(tokens.admin!, '/api/sensors', { id, kind: 'smoke', name: '真实烟感', lon: at.lon, lat: at.lat })
    expect(reg.status).toBe(201)
    const { key } = (await reg.json()) as { key: string }
    const alarm = (await (await call(null, `/api/sensors/${id}/events`, { type: 'alarm' }, { 'x-device-key': key })).json()) as { alert: { id: number; simulated: boolean } }
    expect(alarm.alert.simulated).toBe(false)
    // Old enough that a desk acting on every alert would sign for it now.
    await sql`update alert set raised_at = now() - interval '10 minutes' where id = ${alarm.alert.id}`.execute(http.db.kysely)
    return { caseId: real.id, alertId: alarm.alert.id }
  }

  it('files its reports as its own accounts, marked simulated in the data and in the answers', async () => {
    const filed = []
    for (let i = 0; i < 6; i++) filed.push(await sim.report())
    const mine = filed.filter((f) => f !== null)
    expect(mine.length).toBeGreaterThanOrEqual(4)
    for (const c of mine) {
      expect(c.simulated).toBe(true)
      const by = await one(sql<{ demo_actor: boolean; simulated: boolean }>`
        select u.demo_actor, i.simulated from incident i join app_user u on u.id = i.reporter_user_id where i.id = ${c.id}`)
      expect(by).toEqual({ demo_actor: true, simulated: true })
    }
    const detail = (await (await call(tokens.dispatcher!, `/api/incidents/${mine[0]!.id}`)).json()) as { incident: { simulated: boolean } }
    expect(detail.incident.simulated).toBe(true)
    const config = (await (await call(null, '/api/config')).json()) as { demoActor: boolean }
    expect(config.demoActor).toBe(true)
  })

  it('moves only its own cases and alerts: a real case and a real alert stay as they were through many ticks', async () => {
    const real = await realCaseAndAlert()
    const caseBefore = await caseRow(real.caseId)
    const alertBefore = await alertRow(real.alertId)
    const mine: number[] = []
    for (let i = 0; i < 4; i++) { const c = await sim.report(); if (c) mine.push(c.id) }
    const own = await sim.alarm()
    expect(own?.alert?.simulated, 'a demo device alarm raised an alert of its own').toBe(true)
    await sql`update alert set raised_at = now() - interval '10 minutes' where id = ${own!.alert!.id}`.execute(http.db.kysely)
    for (let i = 0; i < 15; i++) {
      await sim.tick()
      await sim.advance()
      await sim.handleAlerts()
    }
    const moved = await Promise.all(mine.map(caseRow))
    expect(moved.some((c) => c.status !== 'reported'), JSON.stringify(moved)).toBe(true)
    expect((await alertRow(own!.alert!.id)).status).toBe('acknowledged')
    await sql`update alert set acknowledged_at = now() - interval '3 hours' where id = ${own!.alert!.id}`.execute(http.db.kysely)
    await sim.handleAlerts()
    expect((await alertRow(own!.alert!.id)).status).toBe('closed')
    expect(await caseRow(real.caseId)).toEqual(caseBefore)
    expect(await alertRow(real.alertId)).toEqual(alertBefore)
    expect(alertBefore).toMatchObject({ status: 'raised', simulated: false, acknowledged_at: null })
  })

  it("refuses its accounts any real case or alert, whatever they ask (the API's check, not the actor's good manners)", async () => {
    const real = await realCaseAndAlert()
    // Sign in as its desk with a known password (the demo users' hash): as if someone tried to misuse the account.
    const { password_hash } = await one(sql<{ password_hash: string }>`select password_hash from app_user where username = 'dispatcher'`)
    expect(await demo.setDemoActorPassword(http.db.kysely, 'sim-desk', password_hash)).toBe(true)
    const desk = await login('sim-desk', DEMO_PASSWORD)
    const accept = await call(desk, `/api/incidents/${real.caseId}/actions`, { action: 'accept' })
    expect(accept.status).toBe(403)
    expect(((await accept.json()) as { error: { code: string } }).error.code).toBe('not_demo_data')
    const ack = await call(desk, `/api/alerts/${real.alertId}/acknowledge`, {})
    expect(ack.status).toBe(403)
    expect((await call(desk, `/api/alerts/${real.alertId}/case`, {})).status).toBe(403)
    expect(await caseRow(real.caseId)).toMatchObject({ status: 'reported', steps: 1 })
    expect(await alertRow(real.alertId)).toMatchObject({ status: 'raised' })
    // Its own case it may move; and only its own accounts take a demo password.
    const own = await sim.report()
    expect((await call(desk, `/api/incidents/${own!.id}/actions`, { action: 'merge', into: real.caseId })).status).toBe(403)
    expect((await call(desk, `/api/incidents/${own!.id}/actions`, { action: 'accept' })).status).toBe(200)
    expect(await demo.setDemoActorPassword(http.db.kysely, 'dispatcher', 'x')).toBe(false)
  })

  it('opens demo devices with their derivable key, and no other device: not a registered one, not with a copied demo hash', async () => {
    const demoDevice = await demo.randomDemoSensor(http.db.kysely)
    expect(demoDevice).toBeTruthy()
    const heartbeat = (id: string, key: string) => call(null, `/api/sensors/${id}/events`, { type: 'heartbeat' }, { 'x-device-key': key })
    expect((await heartbeat(demoDevice!, sensors.demoSensorKey(demoDevice!))).status).toBe(201)
    const at = await one(sql<{ lon: number; lat: number }>`select ST_X(label_point) as lon, ST_Y(label_point) as lat from admin_unit where level = 'town' order by code limit 1`)
    const id = `REAL-GAS-${randomUUID().slice(0, 8)}`
    const { key } = (await (await call(tokens.admin!, '/api/sensors', { id, kind: 'gas', name: '真实燃气探测器', lon: at.lon, lat: at.lat })).json()) as { key: string }
    expect(key).not.toBe(sensors.demoSensorKey(id))
    expect((await heartbeat(id, sensors.demoSensorKey(id))).status).toBe(401)
    await sql`update sensor set key_hash = ${sensors.demoSensorKeyHash(id)} where id = ${id}`.execute(http.db.kysely)
    expect((await heartbeat(id, sensors.demoSensorKey(id))).status).toBe(401)
  })
})
