import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '@gridsight/api'
import { Simulator } from '@gridsight/api/simulator'
import { type Db, demo, migrateTo, migrateToLatest, sensors, warning } from '@gridsight/db'
import { ensureDemoUsers, loadDistrictOutline } from '@gridsight/geodata'
import { backends } from '../support/backends.js'

// A production database: the district's own boundaries (here the outline of the demo's district, as an import would
// load it), no generated demo data set. Each test has a database of its own.
describe.each(backends())('demo data stays in demo data sets on $name PostGIS', (backend) => {
  let db: Db
  let old: Db
  beforeAll(async () => {
    db = await backend.openEmpty('no_demo_data')
    await loadDistrictOutline(db.kysely)
    old = await backend.openEmpty('demo_backfill')
    await migrateTo(old.kysely, '2026-11-24T0800-district-keys')
  })
  afterAll(async () => {
    await db?.close()
    await old?.close()
  })

  it('a database without a demo data set has no demo actor, gets no demo users, and no derivable key opens a device', async () => {
    expect(await demo.isDemoDataSet(db.kysely)).toBe(false)
    expect(await ensureDemoUsers(db.kysely)).toBe(0)
    expect((await sql<{ n: number }>`select count(*)::int as n from app_user`.execute(db.kysely)).rows[0]!.n).toBe(0)
    expect(await Simulator.available(db)).toBe(false)
    await expect(new Simulator(db, { baseUrl: 'http://127.0.0.1:9/' }).start()).rejects.toThrow(/no demo data set/)
    // A device row that looks like a demo one (copied from a demo database, say): its derivable key still opens nothing.
    await sql`insert into sensor (id, kind, name, key_hash, geom, demo)
      select 'SMK-00001', 'smoke', '烟感', ${sensors.demoSensorKeyHash('SMK-00001')}, label_point, true from admin_unit where level = 'district'`.execute(db.kysely)
    await expect(sensors.recordSensorEvent(db.kysely, 'SMK-00001', sensors.demoSensorKey('SMK-00001'), { type: 'alarm' })).rejects.toMatchObject({ code: 'bad_device_key' })
    const config = (await (await createApp(db).request('/api/config')).json()) as { demoActor: boolean }
    expect(config.demoActor).toBe(false)
  })

  it('upgrading marks what the demo generator and the old simulator left: demo devices, its accounts, their cases and alerts', async () => {
    await loadDistrictOutline(old.kysely)
    await warning.ensureRules(old.kysely)
    const x = (q: ReturnType<typeof sql>) => q.execute(old.kysely)
    await x(sql`insert into department (code, name, kind) values ('police', '区公安分局', 'department')`)
    await x(sql`insert into incident_category (code, parent_code, name) values ('dispute', null, '矛盾纠纷'), ('dispute.neighbour', 'dispute', '邻里纠纷')`)
    await x(sql`insert into app_user (username, display_name, role, department_code, password_hash) values
      ('sim-desk', '12345热线（模拟）', 'dispatcher', null, 'x'), ('sim-police', '区公安分局（模拟）', 'department', 'police', 'x'),
      ('sim-one', '史一', 'dispatcher', null, 'x')`)
    await x(sql`insert into sensor (id, kind, name, key_hash, geom)
      select id, 'smoke', id, h, label_point from admin_unit, (values ('SMK-00001', ${sensors.demoSensorKeyHash('SMK-00001')}), ('REAL-1', 'f00d')) s(id, h)
      where level = 'district'`)
    await x(sql`insert into incident (title, category_code, source, status, geom, reported_at, reporter_user_id)
      select u.username, 'dispute.neighbour', 'hotline', 'reported', d.label_point, now(), u.id
      from app_user u, admin_unit d where d.level = 'district' and u.role = 'dispatcher'`)
    await x(sql`insert into alert (rule_code, dedupe_key, severity, title, geom, device_ids, raised_at, last_evidence_at)
      select 'sensor.alarm', 'sensor:' || s.id, 'red', s.id, s.geom, array[s.id], now(), now() from sensor s`)
    await migrateToLatest(old.kysely)
    const rows = async (q: ReturnType<typeof sql<{ k: string; v: boolean }>>) => Object.fromEntries((await q.execute(old.kysely)).rows.map((r) => [r.k, r.v]))
    expect(await rows(sql`select id as k, demo as v from sensor`)).toEqual({ 'SMK-00001': true, 'REAL-1': false })
    expect(await demo.isDemoDataSet(old.kysely)).toBe(true)
    expect(await rows(sql`select username as k, demo_actor as v from app_user`)).toEqual({ 'sim-desk': true, 'sim-police': true, 'sim-one': false })
    expect(await rows(sql`select title as k, simulated as v from incident`)).toEqual({ 'sim-desk': true, 'sim-one': false })
    expect(await rows(sql`select title as k, simulated as v from alert`)).toEqual({ 'SMK-00001': true, 'REAL-1': false })
  })
})
