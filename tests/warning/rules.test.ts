import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { alerts, type Db, warning } from '@gridsight/db'
import { backends } from '../support/backends.js'

// Hand-made scenarios on an empty database: a 4 × 4 km district, one town, two villages with one grid each.
// Times are in 2031 so nothing else in the database shares a rule's window.
const LON = 106.27
const LAT = 29.99
const M_LAT = 1 / 111_000
const M_LON = 1 / 96_400
const T0 = new Date('2031-03-01T08:00:00+08:00')
const hours = (h: number) => new Date(T0.getTime() + h * 3_600_000)
const square = (x0: number, y0: number, x1: number, y1: number) =>
  `SRID=4326;MULTIPOLYGON(((${x0} ${y0},${x1} ${y0},${x1} ${y1},${x0} ${y1},${x0} ${y0})))`

async function fixture(db: Db) {
  const k = db.kysely
  const [w, s, e, n] = [LON - 0.02, LAT - 0.02, LON + 0.02, LAT + 0.02]
  await sql`insert into admin_unit (code, level, parent_code, name, full_name, kind, geom, label_point) values
    ('500117', 'district', null, '合川区', '合川区', 'district', ${square(w, s, e, n)}, ST_SetSRID(ST_MakePoint(${LON}, ${LAT}), 4326)),
    ('500117001', 'town', '500117', '测试街道', '测试街道', 'street', ${square(w, s, e, n)}, ST_SetSRID(ST_MakePoint(${LON}, ${LAT}), 4326)),
    ('500117001001', 'village', '500117001', '东社区', '东社区', 'community', ${square(LON, s, e, n)}, ST_SetSRID(ST_MakePoint(${LON + 0.01}, ${LAT}), 4326)),
    ('500117001002', 'village', '500117001', '西村', '西村', 'village', ${square(w, s, LON, n)}, ST_SetSRID(ST_MakePoint(${LON - 0.01}, ${LAT}), 4326))`.execute(k)
  await sql`insert into grid (code, village_code, name, geom) values
    ('500117001001001', '500117001001', '东社区第1网格', ${square(LON, s, e, n)}),
    ('500117001002001', '500117001002', '西村第1网格', ${square(w, s, LON, n)})`.execute(k)
  await sql`insert into department (code, name, kind) values ('police', '公安分局', 'district')`.execute(k)
  await sql`insert into incident_category (code, parent_code, name, department_code, deadline_hours) values
    ('dispute', null, '矛盾纠纷', null, null), ('dispute.neighbour', 'dispute', '邻里纠纷', null, 48), ('dispute.land', 'dispute', '征地拆迁', null, 120),
    ('collective', null, '群体性苗头', null, null), ('collective.petition', 'collective', '集体上访', 'police', 8),
    ('order', null, '治安', null, null), ('order.theft', 'order', '盗窃', 'police', 24),
    ('hazard', null, '安全隐患', null, null), ('hazard.fire', 'hazard', '消防隐患', 'police', 24), ('hazard.gas', 'hazard', '燃气隐患', 'police', 8),
    ('livelihood', null, '民生服务', null, null), ('livelihood.relief', 'livelihood', '困难救助', null, 72),
    ('environment', null, '生态环境', null, null), ('environment.pollution', 'environment', '环境污染', null, 24)`.execute(k)
  await warning.ensureRules(k)
}

interface Inc { cat?: string; dx?: number; dy?: number; at?: Date; people?: number; priority?: number; east?: boolean
  dispatchedAt?: Date; deadline?: Date; closedAt?: Date }

describe.each(backends())('early-warning rules on $name PostGIS', (backend) => {
  let db: Db
  beforeAll(async () => {
    db = await backend.openEmpty('warning_rules')
    await fixture(db)
  })
  afterAll(async () => { await db?.close() })
  beforeEach(async () => {
    await sql`delete from alert`.execute(db.kysely)
    await sql`delete from incident`.execute(db.kysely)
    await sql`update camera set status = 'ON'`.execute(db.kysely)
  })

  /** Files an incident dx/dy metres from the east village's centre (or the west one's). */
  async function incident(o: Inc = {}): Promise<number> {
    const east = o.east ?? true
    const lon = (east ? LON + 0.01 : LON - 0.01) + (o.dx ?? 0) * M_LON
    const lat = LAT + (o.dy ?? 0) * M_LAT
    const r = await sql<{ id: number }>`
      insert into incident (title, category_code, source, status, priority, people_involved, geom, grid_code, village_code, town_code,
        department_code, reported_at, dispatched_at, deadline, closed_at)
      values ('测试事件', ${o.cat ?? 'dispute.neighbour'}, 'grid_worker', ${o.closedAt ? 'closed' : o.dispatchedAt ? 'dispatched' : 'reported'},
        ${o.priority ?? 1}, ${o.people ?? 1}, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326),
        ${east ? '500117001001001' : '500117001002001'}, ${east ? '500117001001' : '500117001002'}, '500117001',
        ${o.dispatchedAt ? 'police' : null}, ${o.at ?? T0}, ${o.dispatchedAt ?? null}, ${o.deadline ?? null}, ${o.closedAt ?? null})
      returning id::int as id`.execute(db.kysely)
    return r.rows[0]!.id
  }
  /** Runs the incident rules and keeps what one rule raised and updated. */
  const onIncidents = async (ids: number[], at = T0, rule?: string) => {
    const r = await warning.evaluate(db.kysely, 'incident', { at, incidentIds: ids })
    const mine = <T extends { rule_code: string }>(l: T[]) => l.filter((a) => !rule || a.rule_code === rule)
    return { raised: mine(r.raised), updated: mine(r.updated) }
  }
  const alertsOf = async (rule: string) => (await sql<{ id: number; severity: string; incident_ids: number[]; device_ids: string[]; title: string }>`
    select id::int as id, severity, incident_ids::int[] as incident_ids, device_ids, title from alert where rule_code = ${rule} order by id`.execute(db.kysely)).rows
  const logOf = async (id: number) => (await sql<{ action: string }>`select action from alert_log where alert_id = ${id} order by id`.execute(db.kysely)).rows.map((r) => r.action)

  it('collective.people: alerts from 30 people, not 29; a bigger report in the same village escalates the same alert to red', async () => {
    await onIncidents([await incident({ people: 29 })])
    expect(await alertsOf('collective.people')).toHaveLength(0)
    const a = await onIncidents([await incident({ people: 30, at: hours(1) })], T0, 'collective.people')
    expect(a.raised.map((x) => x.severity)).toEqual(['orange'])
    const b = await onIncidents([await incident({ people: 120, at: hours(2), cat: 'collective.petition' })], T0, 'collective.people')
    expect(b.raised).toHaveLength(0)
    expect(b.updated.map((x) => x.severity)).toEqual(['red'])
    const [only, ...more] = await alertsOf('collective.people')
    expect(more).toHaveLength(0)
    expect(only!.incident_ids).toHaveLength(2)
    expect(await logOf(only!.id)).toEqual(['raised', 'escalated'])
    // Another village is another situation; the same village after the 72-hour window is a new one too.
    await onIncidents([await incident({ people: 40, east: false, at: hours(3) })])
    await onIncidents([await incident({ people: 35, at: hours(2 + 73) })])
    expect(await alertsOf('collective.people')).toHaveLength(3)
  })

  it('collective.disputes: the 4th dispute of one kind in a village within 3 days alerts; more update the alert', async () => {
    const ids = []
    for (let i = 0; i < 3; i++) ids.push(await incident({ at: hours(i * 20) }))
    await onIncidents(ids, hours(40))
    expect(await alertsOf('collective.disputes')).toHaveLength(0)
    // Another kind and another village do not count.
    await onIncidents([await incident({ cat: 'dispute.land', at: hours(50) }), await incident({ east: false, at: hours(50) })], hours(50))
    expect(await alertsOf('collective.disputes')).toHaveLength(0)
    const r = await onIncidents([await incident({ at: hours(60) })], hours(60), 'collective.disputes')
    expect(r.raised).toHaveLength(1)
    expect((await alertsOf('collective.disputes'))[0]!.incident_ids).toHaveLength(4)
    const u = await onIncidents([await incident({ at: hours(61) })], hours(61), 'collective.disputes')
    expect(u.updated).toHaveLength(1)
    const all = await alertsOf('collective.disputes')
    expect(all).toHaveLength(1)
    expect(all[0]!.incident_ids).toHaveLength(5)
  })

  it('collective.disputes: four disputes spread over more than 3 days do not alert', async () => {
    for (let i = 0; i < 4; i++) await onIncidents([await incident({ at: hours(i * 30) })], hours(i * 30))
    expect(await alertsOf('collective.disputes')).toHaveLength(0)
  })

  it('cluster.spacetime: 6 thefts within 200 m in 6 hours alert; farther or older ones do not count; the 7th joins the same alert', async () => {
    const cat = 'order.theft'
    await incident({ cat, dx: 0, at: hours(-7) }) // too old
    await incident({ cat, dx: 600, at: hours(1) }) // too far
    const near = []
    for (let i = 0; i < 5; i++) near.push(await incident({ cat, dx: i * 40, dy: (i % 2) * 30, at: hours(i * 0.5) }))
    await onIncidents(near, hours(2.5))
    expect(await alertsOf('cluster.spacetime')).toHaveLength(0)
    const r = await onIncidents([await incident({ cat, dx: 100, dy: -40, at: hours(3) })], hours(3), 'cluster.spacetime')
    expect(r.raised).toHaveLength(1)
    expect(r.raised[0]!.area).toBe(true)
    expect((await alertsOf('cluster.spacetime'))[0]!.incident_ids).toHaveLength(6)
    await onIncidents([await incident({ cat, dx: 60, dy: 20, at: hours(3.5) })], hours(3.5))
    const all = await alertsOf('cluster.spacetime')
    expect(all).toHaveLength(1)
    expect(all[0]!.incident_ids).toHaveLength(7)
  })

  it('a burst of 300 reports at one spot in one batch stays one cluster alert (a few address alerts), evaluated quickly', async () => {
    const ids: number[] = []
    for (let i = 0; i < 300; i++) ids.push(await incident({ cat: 'order.theft', dx: (i % 20) * 4, dy: Math.floor(i / 20) * 4, at: hours(i / 300) }))
    const t = performance.now()
    await onIncidents(ids, hours(1))
    expect(performance.now() - t).toBeLessThan(5_000)
    const [cluster, ...more] = await alertsOf('cluster.spacetime')
    expect(more).toHaveLength(0)
    expect(cluster!.incident_ids).toHaveLength(300)
    expect((await alertsOf('repeat.address')).length).toBeLessThanOrEqual(4)
  })

  it('repeat.grid: the 6th report of one kind from a grid within 7 days alerts, the 5th does not', async () => {
    const ids = []
    for (let i = 0; i < 5; i++) ids.push(await incident({ cat: 'hazard.fire', dx: i * 300, at: hours(i * 24) }))
    await onIncidents(ids, hours(100))
    expect(await alertsOf('repeat.grid')).toHaveLength(0)
    await onIncidents([await incident({ cat: 'hazard.fire', dx: 1500, at: hours(140) })], hours(140))
    const [a] = await alertsOf('repeat.grid')
    expect(a!.severity).toBe('blue')
    expect(a!.incident_ids).toHaveLength(6)
  })

  it('repeat.address: a third report of one kind within 30 m alerts; one 60 m away does not count', async () => {
    await onIncidents([await incident({ cat: 'livelihood.relief', at: hours(0) }), await incident({ cat: 'livelihood.relief', dx: 60, at: hours(1) })], hours(1))
    await onIncidents([await incident({ cat: 'livelihood.relief', dx: 10, at: hours(30) })], hours(30))
    expect(await alertsOf('repeat.address')).toHaveLength(0)
    await onIncidents([await incident({ cat: 'livelihood.relief', dx: -12, dy: 12, at: hours(50) })], hours(50))
    const [a] = await alertsOf('repeat.address')
    expect(a!.incident_ids).toHaveLength(3)
  })

  it('supervises a working-clock case by the working hours past its deadline, not the weekend', async () => {
    // T0 is a Saturday: the deadline passes on Saturday evening, and no working hour passes before Monday 09:00.
    const id = await incident({ cat: 'order.theft', dispatchedAt: hours(0), deadline: hours(10) })
    const supervision = async () => (await sql<{ s: string }>`select supervision as s from incident where id = ${id}`.execute(db.kysely)).rows[0]!.s
    await warning.sweep(db.kysely, hours(49)) // Monday 09:00: 39 hours late, none of them working time
    expect(await supervision()).toBe('normal')
    await warning.sweep(db.kysely, hours(123)) // Thursday 11:00: 23 working hours
    expect(await supervision()).toBe('normal')
    await warning.sweep(db.kysely, hours(124)) // Thursday 12:00: 24 working hours
    expect(await supervision()).toBe('yellow')
  })

  it('deadlines: 80 % of the time warns, overdue escalates supervision normal → yellow → red with one alert per department', async () => {
    // One case is enough here (by default a department needs 3 near and 2 overdue for an alert; each case is escalated anyway).
    // A category on natural hours (gas): supervision counts the hours past the deadline on the category's clock.
    await sql`update alert_rule set params = params || '{"min_cases": 1}'::jsonb where code in ('deadline.near', 'deadline.overdue')`.execute(db.kysely)
    await sql`update incident_category set deadline_clock = 'natural' where code = 'hazard.gas'`.execute(db.kysely)
    const id = await incident({ cat: 'hazard.gas', dispatchedAt: hours(0), deadline: hours(10) })
    await incident({ cat: 'hazard.gas', dispatchedAt: hours(0), deadline: hours(10), closedAt: hours(5) }) // closed in time
    const sweep = (h: number) => warning.sweep(db.kysely, hours(h))
    await sweep(7)
    expect(await alertsOf('deadline.near')).toHaveLength(0)
    await sweep(8.5)
    expect((await alertsOf('deadline.near')).map((a) => a.incident_ids)).toEqual([[id]])
    const supervision = async () => (await sql<{ s: string }>`select supervision as s from incident where id = ${id}`.execute(db.kysely)).rows[0]!.s
    await sweep(11)
    expect(await supervision()).toBe('normal')
    expect((await alertsOf('deadline.overdue')).map((a) => a.severity)).toEqual(['yellow'])
    await sweep(12)
    expect(await supervision()).toBe('normal')
    // The sweep runs every minute live; every 12 hours here keeps the situation one alert.
    for (const h of [23, 35]) await sweep(h)
    expect(await supervision()).toBe('yellow')
    for (const h of [47, 59, 71, 83]) await sweep(h)
    expect(await supervision()).toBe('red')
    const overdue = await alertsOf('deadline.overdue')
    expect(overdue.map((a) => a.severity)).toEqual(['orange'])
    const steps = await sql<{ note: string }>`select note from incident_log where incident_id = ${id} and actor = '预警引擎' order by id`.execute(db.kysely)
    expect(steps.rows.map((r) => r.note)).toEqual([expect.stringMatching(/^超期\d+小时，自动督办（普通）$/),
      expect.stringMatching(/^超期\d+小时，自动督办（黄牌）$/), expect.stringMatching(/^超期\d+小时，自动督办（红牌）$/)])
    // With the defaults back, one overdue case alone raises no new department alert (it is still escalated).
    await sql`update alert_rule set params = params - 'min_cases' where code in ('deadline.near', 'deadline.overdue')`.execute(db.kysely)
    await sql`delete from alert`.execute(db.kysely)
    await sweep(84)
    expect(await alertsOf('deadline.overdue')).toHaveLength(0)
  })

  it('closing an alert settles its cases: the same overdue cases do not raise it again, a newly overdue one does', async () => {
    await sql`update alert_rule set params = params || '{"min_cases": 1}'::jsonb where code = 'deadline.overdue'`.execute(db.kysely)
    try {
      const first = await incident({ cat: 'order.theft', dispatchedAt: hours(0), deadline: hours(10) })
      await warning.sweep(db.kysely, hours(11))
      const [alert] = await alertsOf('deadline.overdue')
      expect(alert!.incident_ids).toEqual([first])
      await alerts.closeAlert(db.kysely, alert!.id, { display_name: '值班员', role: 'dispatcher', id: 1, department_code: null }, '已督办')
      await warning.sweep(db.kysely, hours(12))
      expect(await alertsOf('deadline.overdue')).toHaveLength(1)
      const second = await incident({ cat: 'order.theft', dispatchedAt: hours(0), deadline: hours(12.5) })
      await warning.sweep(db.kysely, hours(13))
      const after = await alertsOf('deadline.overdue')
      expect(after).toHaveLength(2)
      expect(after[1]!.incident_ids).toEqual([first, second])
    } finally {
      await sql`update alert_rule set params = params - 'min_cases' where code = 'deadline.overdue'`.execute(db.kysely)
    }
  })

  describe('cameras', () => {
    beforeAll(async () => {
      // Ten cameras in the town, 250 m and 350 m east of the east village's centre and beyond.
      for (let i = 0; i < 10; i++) {
        const metres = i === 0 ? 250 : i === 1 ? 350 : 1000 + i * 100
        await sql`insert into camera (id, name, device_type, ptz_type, position_type, use, status, direction, civil_code, geom)
          values (${`5001170000131${String(i).padStart(7, '0')}`}, ${`测试摄像机${i}`}, '131', 1, 9, 1, 'ON', 0, '500117001001',
            ST_SetSRID(ST_MakePoint(${LON + 0.01 + metres * M_LON}, ${LAT}), 4326))`.execute(db.kysely)
      }
    })
    const setOff = (ids: number[]) => sql`update camera set status = case when right(id, 7)::int = any(${ids}::int[]) then 'OFF' else 'ON' end`.execute(db.kysely)
    const onCameras = () => warning.evaluate(db.kysely, 'camera', { at: T0, townCodes: ['500117001'] })

    it('camera.online_rate: 80 % online alerts yellow, 90 % does not, 60 % turns the same alert orange', async () => {
      await setOff([5])
      await onCameras()
      expect(await alertsOf('camera.online_rate')).toHaveLength(0)
      await setOff([5, 6])
      await onCameras()
      expect((await alertsOf('camera.online_rate')).map((a) => [a.severity, a.device_ids.length])).toEqual([['yellow', 2]])
      await setOff([5, 6, 7, 8])
      await onCameras()
      expect((await alertsOf('camera.online_rate')).map((a) => [a.severity, a.device_ids.length])).toEqual([['orange', 4]])
    })

    it('camera.offline_near_case: an offline camera within 300 m of an open urgent case alerts; at 350 m or for a normal case it does not', async () => {
      const urgent = await incident({ cat: 'order.theft', priority: 3 })
      await incident({ cat: 'order.theft', priority: 1, dy: 20 })
      await setOff([1])
      await onCameras()
      expect(await alertsOf('camera.offline_near_case')).toHaveLength(0)
      await setOff([0, 1])
      await onCameras()
      const [a, ...rest] = await alertsOf('camera.offline_near_case')
      expect(rest).toHaveLength(0)
      expect(a!.incident_ids).toEqual([urgent])
      expect(a!.device_ids).toEqual(['50011700001310000000'])
    })
  })
})
