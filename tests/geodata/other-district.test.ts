import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { Db } from '@gridsight/db'
import { cameraCentreCode, defaultOptions, generateAll, importBoundaries, loadDistrict } from '@gridsight/geodata'
import { backends } from '../support/backends.js'
import { fc, feature, oneRow, square } from '../support/geojson.js'
import { TEST_END_DATE } from '../support/constants.js'

/** The second real data set: 铜梁区 (Tongliang District, Chongqing), Hechuan's neighbour. */
const TONGLIANG = '500151'
const data = loadDistrict(TONGLIANG)

/** Any district generates from its data set alone: real names and codes, nothing of Hechuan. */
describe.each(backends())('generated 铜梁区 on $name PostGIS', (backend) => {
  let db: Db
  beforeAll(async () => {
    db = await backend.openEmpty('tongliang')
    await generateAll(db.kysely, defaultOptions({ district: TONGLIANG, scale: 0.02, endDate: TEST_END_DATE }))
  })
  afterAll(async () => { await db?.close() })
  const one = <T>(q: ReturnType<typeof sql<T>>) => oneRow(db.kysely, q)

  it('has the district with its real name', async () => {
    const r = await one(sql<{ code: string; name: string; full_name: string; n: number }>`
      select code, name, full_name, (select count(*)::int from admin_unit where level = 'district') as n from admin_unit where level = 'district'`)
    expect(r).toEqual({ code: TONGLIANG, name: '铜梁区', full_name: '重庆市铜梁区', n: 1 })
  })

  it('has all its real towns and villages with their official names and codes', async () => {
    const r = await one(sql<{ towns: number; villages: number; bachuan: string; town_of_last: string; tuanbian: string; names_match: number }>`
      select (select count(*)::int from admin_unit where level = 'town') as towns,
        (select count(*)::int from admin_unit where level = 'village') as villages,
        (select name from admin_unit where code = '500151001') as bachuan,
        (select name from admin_unit where code = '500151124') as town_of_last,
        (select name from admin_unit where code = '500151124209') as tuanbian,
        (select count(*)::int from admin_unit u join unnest(${data.villages.map((v) => v.code)}::text[], ${data.villages.map((v) => v.name)}::text[]) f(code, name)
          on f.code = u.code and f.name = u.name) as names_match`)
    expect(r).toEqual({
      towns: data.towns.length, villages: data.villages.length, bachuan: '巴川街道', town_of_last: '太平镇', tuanbian: '团碾村',
      names_match: data.villages.length,
    })
    expect([data.towns.length, data.villages.length]).toEqual([28, 333])
  })

  it('tiles villages into grids and places households in them', async () => {
    const r = await one(sql<{ grids: number; bad_codes: number; households: number; outside: number; district_households: number }>`
      select (select count(*)::int from grid) as grids,
        (select count(*)::int from grid where left(code, 12) <> village_code) as bad_codes,
        (select count(*)::int from household) as households,
        (select count(*)::int from household h join grid g on g.code = h.grid_code where not ST_Intersects(h.geom, g.geom)) as outside,
        (select households from admin_unit where level = 'district') as district_households`)
    expect(r.grids).toBeGreaterThanOrEqual(data.villages.length)
    expect(r.bad_codes).toBe(0)
    expect(r.households).toBeGreaterThan(1000)
    expect(r.outside).toBe(0)
    expect(r.district_households).toBe(r.households)
  })

  it('gives cameras GB/T 28181 ids under the district centre code 50015100', async () => {
    expect(cameraCentreCode(TONGLIANG)).toBe('50015100')
    const r = await one(sql<{ n: number; bad: number }>`
      select count(*)::int as n, count(*) filter (where id !~ '^50015100(0[0-7]|08|11)(131|132)[0-9]{7}$')::int as bad from camera`)
    expect(r.n).toBeGreaterThan(500)
    expect(r.bad).toBe(0)
  })

  it('has a year of incidents inside the district, each in its own grid and village', async () => {
    // Incidents lie within ~20 m of a household; a household at the outline's edge can put one a hair outside.
    const r = await one(sql<{ n: number; outside: number; wrong_town: number }>`
      select count(*)::int as n,
        count(*) filter (where not ST_DWithin(i.geom, d.geom, 0.0005))::int as outside,
        count(*) filter (where left(i.village_code, 9) <> i.town_code or left(i.grid_code, 12) <> i.village_code)::int as wrong_town
      from incident i, admin_unit d where d.level = 'district'`)
    expect(r.n).toBeGreaterThan(2000)
    expect(r.outside).toBe(0)
    expect(r.wrong_town).toBe(0)
  })

  it('creates the demo users: district accounts, the first town office and desk, the first community desk and a grid worker of it', async () => {
    const users = (await sql<{ username: string; department_code: string | null; grid_code: string | null; unit_code: string | null }>`
      select username, department_code, grid_code, unit_code from app_user where not demo_actor and username not like 'wg%-%' order by username`.execute(db.kysely)).rows
    expect(users.map((u) => u.username)).toEqual(['admin', 'cun', 'dispatcher', 'gridworker', 'leader', 'police', 'screen', 'town', 'zhen'])
    expect(users.find((u) => u.username === 'zhen')?.unit_code).toBe('500151001')
    // And the demo actor's own accounts: its desk and one per department.
    const actor = await one(sql<{ desk: number; departments: number; missing: number }>`
      select count(*) filter (where username = 'sim-desk')::int as desk, count(*) filter (where role = 'department')::int as departments,
        (select count(*)::int from department d where not exists (select 1 from app_user u where u.demo_actor and u.department_code = d.code)) as missing
      from app_user where demo_actor`)
    expect(actor).toMatchObject({ desk: 1, missing: 0 })
    expect(actor.departments).toBeGreaterThan(0)
    expect(users.find((u) => u.username === 'town')?.department_code).toBe('town_500151001')
    const firstCommunity = data.villages.find((v) => v.kind === '社区')!.code
    expect(users.find((u) => u.username === 'gridworker')?.grid_code?.slice(0, 12)).toBe(firstCommunity)
    expect(users.find((u) => u.username === 'cun')?.unit_code).toBe(firstCommunity)
    const dept = await one(sql<{ unit_code: string; n: number }>`select min(unit_code) as unit_code, count(distinct unit_code)::int as n from department where code = 'police' or code = 'power'`)
    expect(dept).toEqual({ unit_code: TONGLIANG, n: 1 })
  })

  it('writes nothing with a code of Hechuan (500117)', async () => {
    const r = await one(sql<{ n: number }>`
      select (select count(*) from admin_unit where code like '500117%' or parent_code like '500117%')
        + (select count(*) from grid where code like '500117%')
        + (select count(*) from household where grid_code like '500117%')
        + (select count(*) from camera where id like '500117%' or civil_code like '500117%' or grid_code like '500117%')
        + (select count(*) from department where unit_code like '500117%' or code like '%500117%')
        + (select count(*) from place where unit_code like '500117%')
        + (select count(*) from incident where town_code like '500117%' or village_code like '500117%' or grid_code like '500117%' or department_code like '%500117%')
        + (select count(*) from sensor where id like '%500117%' or village_code like '500117%' or grid_code like '500117%')
        + (select count(*) from app_user where department_code like '%500117%' or grid_code like '500117%') as n`)
    expect(Number(r.n)).toBe(0)
  })
})


describe.each(backends())('district outline import on $name PostGIS', (backend) => {
  let db: Db
  beforeAll(async () => { db = await backend.openEmpty('district_import') })
  afterAll(async () => { await db?.close() })
  const districts = async () =>
    (await sql<{ code: string; name: string; parent_code: string | null; kind: string; km2: number }>`
      select code, name, parent_code, kind, area_km2 as km2 from admin_unit where level = 'district' order by code`.execute(db.kysely)).rows

  it('imports the shipped 铜梁区 outline as a district row, and towns attach to it', async () => {
    const outline = JSON.parse(readFileSync(new URL('../../geodata/data/districts/500151/outline.geojson', import.meta.url), 'utf8'))
    const report = await importBoundaries(db.kysely, 'district', outline)
    expect(report).toMatchObject({ level: 'district', ok: true, inserted: 1, updated: 0, problems: [] })
    const [row] = await districts()
    expect(row).toMatchObject({ code: TONGLIANG, name: '铜梁区', parent_code: null, kind: '区' })
    expect(row!.km2).toBeGreaterThan(1200)
    expect(row!.km2).toBeLessThan(1450)
    const towns = await importBoundaries(db.kysely, 'town', fc(feature('500151001', '巴川街道', square(106.03, 29.84))))
    expect(towns).toMatchObject({ ok: true, inserted: 1 })
    const again = await importBoundaries(db.kysely, 'district', fc(feature(TONGLIANG, '铜梁区', square(105.9, 29.7, 0.3))))
    expect(again).toMatchObject({ ok: true, inserted: 0, updated: 1 })
  })

  it.each([
    ['an invalid (self-intersecting) polygon',
      fc(feature('500152', '潼南区', square(105.8, 30.1)), feature('500109', '北碚区',
        { type: 'Polygon', coordinates: [[[106.4, 29.8], [106.42, 29.82], [106.42, 29.8], [106.4, 29.82], [106.4, 29.8]]] })),
      /invalid geometry/],
    ['a projected CRS', { ...fc(feature('500152', '潼南区', square(105.8, 30.1))), crs: { type: 'name', properties: { name: 'EPSG:3857' } } }, /WGS-84/],
    ['metre coordinates without a CRS', fc(feature('500152', '潼南区', square(11780000, 3510000, 1000))), /out of range/],
    ['a town code where a district code belongs', fc(feature('500152001', '梓潼街道', square(105.8, 30.1))), /6 digits/],
    ['a feature without a name', fc(feature('500152', '', square(105.8, 30.1))), /name is missing/],
  ])('rejects %s with a clear report and writes nothing', async (_what, input, message) => {
    const before = await districts()
    const report = await importBoundaries(db.kysely, 'district', input)
    expect(report.ok).toBe(false)
    expect(report.inserted + report.updated).toBe(0)
    expect(report.problems.map((p) => p.message).join('; ')).toMatch(message)
    expect(await districts()).toEqual(before)
  })
})
