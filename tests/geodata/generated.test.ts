import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { Db } from '@gridsight/db'
import { STORIES } from '@gridsight/geodata'
import { backends } from '../support/backends.js'
import { oneRow } from '../support/geojson.js'

/** The generated Hechuan geography, checked in PostGIS on every available engine. */
describe.each(backends())('generated Hechuan on $name PostGIS', (backend) => {
  let db: Db
  beforeAll(async () => { db = await backend.open() })
  afterAll(async () => { await db?.close() })
  const one = <T>(q: ReturnType<typeof sql<T>>) => oneRow(db.kysely, q)

  it('has the real 30 towns and 419 villages with their official codes', async () => {
    const r = await one(sql<{ towns: number; villages: number; laitan: string; longyuan: string }>`
      select (select count(*)::int from admin_unit where level = 'town') as towns,
        (select count(*)::int from admin_unit where level = 'village') as villages,
        (select name from admin_unit where code = '500117102') as laitan,
        (select name from admin_unit where code = '500117001016') as longyuan`)
    expect(r).toEqual({ towns: 30, villages: 419, laitan: '涞滩镇', longyuan: '龙苑社区' })
  })

  it('stores only valid polygons', async () => {
    const r = await one(sql<{ bad: number }>`
      select (select count(*)::int from admin_unit where not ST_IsValid(geom) or ST_IsEmpty(geom))
        + (select count(*)::int from grid where not ST_IsValid(geom) or ST_IsEmpty(geom)) as bad`)
    expect(r.bad).toBe(0)
  })

  it.each([
    { name: 'towns tile the district', pairs: `select p.geom as parent, (select ST_Union(c.geom) from admin_unit c where c.parent_code = p.code) as children,
        (select sum(ST_Area(c.geom)) from admin_unit c where c.parent_code = p.code) as child_sum from admin_unit p where p.level = 'district'` },
    { name: 'villages tile each town', pairs: `select p.geom as parent, (select ST_Union(c.geom) from admin_unit c where c.parent_code = p.code) as children,
        (select sum(ST_Area(c.geom)) from admin_unit c where c.parent_code = p.code) as child_sum from admin_unit p where p.level = 'town'` },
    { name: 'grids tile each village', pairs: `select p.geom as parent, (select ST_Union(c.geom) from grid c where c.village_code = p.code) as children,
        (select sum(ST_Area(c.geom)) from grid c where c.village_code = p.code) as child_sum from admin_unit p where p.level = 'village'` },
  ])('$name: no gaps and no overlaps beyond 0.01 %', async ({ pairs }) => {
    // Gap: parent area the union of children misses; overlap: children's summed area beyond their union;
    // outside: children not covered by (a hair's buffer of) the parent. Area arithmetic rather than overlay
    // ops: in the embedded build ST_Difference/ST_Intersection of some valid inputs drop the row.
    const r = await one(sql<{ worst_gap: number; worst_overlap: number; n: number; outside: number }>`
      select count(*)::int as n,
        max(abs(ST_Area(parent) - ST_Area(children)) / ST_Area(parent)) as worst_gap,
        max((child_sum - ST_Area(children)) / ST_Area(parent)) as worst_overlap,
        count(*) filter (where not ST_Covers(ST_Buffer(parent, 1e-6), children))::int as outside
      from (${sql.raw(pairs)}) q`)
    expect(r.n).toBeGreaterThan(0)
    expect(r.worst_gap).toBeLessThan(1e-4)
    expect(r.worst_overlap).toBeLessThan(1e-4)
    expect(r.outside).toBe(0)
  })

  it('puts every household inside its own grid', async () => {
    const r = await one(sql<{ outside: number; total: number }>`
      select count(*) filter (where not ST_Intersects(h.geom, g.geom))::int as outside, count(*)::int as total
      from household h join grid g on g.code = h.grid_code`)
    expect(r.total).toBeGreaterThan(5000)
    expect(r.outside).toBe(0)
  })

  it('uses 15-digit grid codes under their village and rolls household figures up the tree', async () => {
    const r = await one(sql<{ bad_codes: number; district_households: number; households: number }>`
      select (select count(*)::int from grid where left(code, 12) <> village_code) as bad_codes,
        (select households from admin_unit where level = 'district') as district_households,
        (select count(*)::int from household) as households`)
    expect(r.bad_codes).toBe(0)
    expect(r.district_households).toBe(r.households)
  })

  it('gives cameras valid 20-digit GB/T 28181 ids of Hechuan', async () => {
    const r = await one(sql<{ n: number; bad: number; online: number }>`
      select count(*)::int as n, count(*) filter (where id !~ '^50011700(0[0-7]|08|11)(131|132)[0-9]{7}$')::int as bad,
        avg((status = 'ON')::int)::float8 as online from camera`)
    expect(r.n).toBeGreaterThan(2500)
    expect(r.bad).toBe(0)
    expect(r.online).toBeGreaterThan(0.85)
  })

  it('has a year of incidents with a day rhythm, a share overdue and timelines', async () => {
    const r = await one(sql<{ n: number; night: number; day: number; overdue: number; unlogged: number }>`
      select count(*)::int as n,
        count(*) filter (where extract(hour from reported_at at time zone 'UTC') between 18 and 21)::int as night,
        count(*) filter (where extract(hour from reported_at at time zone 'UTC') between 1 and 4)::int as day,
        avg((deadline < coalesce(closed_at, now()))::int)::float8 as overdue,
        (select count(*)::int from incident i where not exists (select 1 from incident_log l where l.incident_id = i.id)) as unlogged
      from incident`)
    expect(r.n).toBeGreaterThan(3000)
    // Beijing 09–12 h (UTC 1–4) is busier than 02–05 h (UTC 18–21).
    expect(r.day).toBeGreaterThan(r.night * 5)
    expect(r.overdue).toBeGreaterThan(0.03)
    expect(r.overdue).toBeLessThan(0.2)
    expect(r.unlogged).toBe(0)
  })

  it('runs the history as live cases run: shares of each path, desk steps in office hours, deadlines in working time', async () => {
    const r = await one(sql<Record<string, number>>`
      select avg((status = 'refused')::int)::float8 as refused, avg((return_count > 0)::int)::float8 as returned,
        avg((rework_count > 0)::int)::float8 as reworked, avg((extension_count > 0)::int)::float8 as extended,
        avg((exists (select 1 from incident_log l where l.incident_id = i.id and l.action = 'defer'))::int)::float8 as deferred,
        avg((level = 'village')::int) filter (where status in ('closed', 'evaluated'))::float8 as village,
        avg((level = 'town')::int) filter (where status in ('closed', 'evaluated'))::float8 as town,
        count(*) filter (where registered_at < accepted_at or dispatched_at < registered_at)::int as disordered
      from incident i where i.client_id is null`)
    expect(r.refused).toBeGreaterThanOrEqual(0.02)
    expect(r.refused).toBeLessThanOrEqual(0.05)
    expect(r.returned).toBeGreaterThanOrEqual(0.02)
    expect(r.returned).toBeLessThanOrEqual(0.04)
    expect(r.reworked).toBeGreaterThanOrEqual(0.01)
    expect(r.reworked).toBeLessThanOrEqual(0.05)
    expect(r.extended).toBeGreaterThanOrEqual(0.01)
    expect(r.extended).toBeLessThanOrEqual(0.03)
    expect(r.deferred).toBeGreaterThan(0)
    expect(r.deferred).toBeLessThan(0.01)
    expect(r.village).toBeGreaterThanOrEqual(0.4)
    expect(r.village).toBeLessThanOrEqual(0.6)
    expect(r.town).toBeGreaterThanOrEqual(0.25)
    expect(r.town).toBeLessThanOrEqual(0.4)
    expect(r.disordered).toBe(0)
    // On the working clock: the desks' steps and the deadlines fall in office hours on working days (the calendar's
    // holidays excluded, its make-up days included). Generated cases only: the seed stories keep their own times, and
    // cases other files file through the API on the shared server database run on the real clock.
    const off = await one(sql<{ steps: number; offSteps: number; deadlines: number; offDeadlines: number }>`
      with t as (
        select l.at as at, 'step' as what from incident_log l join incident i on i.id = l.incident_id join incident_category c on c.code = i.category_code
        where c.deadline_clock = 'working' and l.action in ('accept', 'register', 'dispatch', 'close') and i.client_id is null and i.title not in (${sql.join(STORIES.map((s) => s.title))})
        union all
        select i.deadline, 'deadline' from incident i join incident_category c on c.code = i.category_code
        where c.deadline_clock = 'working' and i.deadline is not null and i.client_id is null and i.title not in (${sql.join(STORIES.map((s) => s.title))})),
      local as (select what, (at at time zone 'Asia/Shanghai') as l from t)
      select count(*) filter (where what = 'step')::int as steps, count(*) filter (where what = 'deadline')::int as deadlines,
        count(*) filter (where what = 'step' and not ok)::int as "offSteps", count(*) filter (where what = 'deadline' and not ok)::int as "offDeadlines"
      from (select what, (l::time between '09:00' and '12:00' or l::time between '14:00' and '18:00')
        and ((extract(isodow from l) < 6 and not exists (select 1 from calendar_day d where d.day = l::date and d.kind = 'holiday'))
          or exists (select 1 from calendar_day d where d.day = l::date and d.kind = 'workday')) as ok from local) x`)
    expect(off.steps).toBeGreaterThan(1000)
    expect(off.deadlines).toBeGreaterThan(1000)
    expect(off.offSteps).toBe(0)
    expect(off.offDeadlines).toBe(0)
  })

  it('replays the seed stories, including the 120 owners of 龙苑社区 at 08:02 → 08:23 → 10:38', async () => {
    const story = await one(sql<{ people: number; village: string; steps: string[] }>`
      select i.people_involved as people, i.village_code as village,
        array_agg(to_char(l.at at time zone 'Asia/Shanghai', 'HH24:MI') order by l.at) as steps
      from incident i join incident_log l on l.incident_id = i.id
      where i.title = ${STORIES[0]!.title} group by i.id`)
    expect(story.people).toBe(120)
    expect(story.village).toBe('500117001016')
    expect(story.steps).toEqual(expect.arrayContaining(['08:02', '08:23', '10:38']))
    const n = await one(sql<{ n: number }>`select count(*)::int as n from incident where title in (${sql.join(STORIES.map((s) => s.title))})`)
    expect(n.n).toBe(STORIES.length)
  })
})
