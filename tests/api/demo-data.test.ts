import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '@gridsight/api'
import { Simulator } from '@gridsight/api/simulator'
import { type Db, demo, migrateTo, migrateToLatest, sensors, warning } from '@gridsight/db'
import { ensureDemoUsers, loadDistrictOutline } from '@gridsight/geodata'
import { backends } from '../support/backends.js'

/** The migration before the demo actor's: each test starts there, writes what an older database held, and upgrades. */
const BEFORE = '2026-11-24T0910-sign-in'

// A production database: the district's own boundaries (here the outline of the demo's district, as an import would
// load it), no generated demo data set — upgraded from before the demo actor existed, when the old simulator ran on it.
describe.each(backends())('demo data stays in demo data sets on $name PostGIS', (backend) => {
  let db: Db
  beforeAll(async () => {
    db = await backend.openEmpty('demo_data')
    await loadDistrictOutline(db.kysely)
    await warning.ensureRules(db.kysely)
  })
  afterAll(async () => { await db?.close() })
  const x = (q: ReturnType<typeof sql>) => q.execute(db.kysely)
  const flags = async (q: ReturnType<typeof sql<{ k: string; v: boolean }>>) => Object.fromEntries((await q.execute(db.kysely)).rows.map((r) => [r.k, r.v]))
  const deviceAlerts = () => x(sql`insert into alert (rule_code, dedupe_key, severity, title, geom, device_ids, raised_at, last_evidence_at)
    select 'sensor.alarm', 'sensor:' || s.id, 'red', s.id, s.geom, array[s.id], now(), now() from sensor s
    where not exists (select 1 from alert a where a.title = s.id)`)

  it('upgrading a production database marks the old simulator’s accounts and cases; it gets no demo actor, no demo users, and no derivable key opens a device', async () => {
    await migrateTo(db.kysely, BEFORE)
    await x(sql`insert into department (code, name, kind) values ('police', '区公安分局', 'department')`)
    await x(sql`insert into incident_category (code, parent_code, name) values ('dispute', null, '矛盾纠纷'), ('dispute.neighbour', 'dispute', '邻里纠纷')`)
    await x(sql`insert into app_user (username, display_name, role, department_code, password_hash) values
      ('sim-desk', '12345热线（模拟）', 'dispatcher', null, 'x'), ('sim-police', '区公安分局（模拟）', 'department', 'police', 'x'),
      ('sim-one', '史一', 'dispatcher', null, 'x')`)
    await x(sql`insert into sensor (id, kind, name, key_hash, geom) select 'REAL-1', 'smoke', '烟感', 'f00d', label_point from admin_unit where level = 'district'`)
    await x(sql`insert into incident (title, category_code, source, status, geom, reported_at, reporter_user_id)
      select u.username, 'dispute.neighbour', 'hotline', 'reported', d.label_point, now(), u.id
      from app_user u, admin_unit d where d.level = 'district' and u.role = 'dispatcher'`)
    await deviceAlerts()
    await migrateToLatest(db.kysely)

    expect(await flags(sql`select username as k, demo_actor as v from app_user`)).toEqual({ 'sim-desk': true, 'sim-police': true, 'sim-one': false })
    expect(await flags(sql`select title as k, simulated as v from incident`)).toEqual({ 'sim-desk': true, 'sim-one': false })
    expect(await flags(sql`select title as k, simulated as v from alert`)).toEqual({ 'REAL-1': false })
    expect(await demo.isDemoDataSet(db.kysely)).toBe(false)
    expect(await ensureDemoUsers(db.kysely)).toBe(0)
    expect((await sql<{ n: number }>`select count(*)::int as n from app_user`.execute(db.kysely)).rows[0]!.n).toBe(3)
    // The old simulator's accounts are left, marked, but the demo actor does not run without a demo data set.
    expect(await Simulator.available(db)).toBe(false)
    await expect(new Simulator(db, { baseUrl: 'http://127.0.0.1:9/' }).start()).rejects.toThrow(/no demo data set/)
    const config = (await (await createApp(db).request('/api/config')).json()) as { demoActor: boolean }
    expect(config.demoActor).toBe(false)
    // A device row that looks like a demo one (copied from a demo database, say): its derivable key still opens nothing.
    await x(sql`insert into sensor (id, kind, name, key_hash, geom, demo)
      select 'SMK-00001', 'smoke', '烟感', ${sensors.demoSensorKeyHash('SMK-00001')}, label_point, true from admin_unit where level = 'district'`)
    await expect(sensors.recordSensorEvent(db.kysely, 'SMK-00001', sensors.demoSensorKey('SMK-00001'), { type: 'alarm' })).rejects.toMatchObject({ code: 'bad_device_key' })
  })

  it('upgrading a database with the generated demo devices makes it a demo data set, with demo devices and their alerts simulated', async () => {
    await migrateTo(db.kysely, BEFORE)
    await x(sql`insert into sensor (id, kind, name, key_hash, geom)
      select 'SMK-00001', 'smoke', '烟感', ${sensors.demoSensorKeyHash('SMK-00001')}, label_point from admin_unit where level = 'district' on conflict (id) do nothing`)
    await x(sql`insert into sensor (id, kind, name, key_hash, geom) select 'REAL-1', 'smoke', '烟感', 'f00d', label_point from admin_unit where level = 'district' on conflict (id) do nothing`)
    await deviceAlerts()
    await migrateToLatest(db.kysely)

    expect(await flags(sql`select id as k, demo as v from sensor`)).toEqual({ 'SMK-00001': true, 'REAL-1': false })
    expect(await flags(sql`select title as k, simulated as v from alert`)).toEqual({ 'SMK-00001': true, 'REAL-1': false })
    expect(await demo.isDemoDataSet(db.kysely)).toBe(true)
    expect(await sensors.recordSensorEvent(db.kysely, 'SMK-00001', sensors.demoSensorKey('SMK-00001'), { type: 'heartbeat' })).toMatchObject({ sensor_id: 'SMK-00001' })
  })
})
