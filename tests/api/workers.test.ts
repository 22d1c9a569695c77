import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '@gridsight/api'
import { addWorkingHours, calendar, type Db } from '@gridsight/db'
import { sql } from 'kysely'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import { backends } from '../support/backends.js'
import { openPrivate } from '../support/bad-input.js'

/**
 * The grid workers as a force (issue 11): the registry, duty and shared positions, the nearest worker to a point,
 * patrol tracks, the desks' tasks on the phone, and the figures. A private database: positions and tasks written here
 * must not move other files' figures.
 */
const HEYANG = '500117001'
const LONGYUAN = '500117001016'

describe.each(backends())('grid workers on $name PostGIS', (backend) => {
  let db: Db
  let app: ReturnType<typeof createApp>
  const tokens: Record<string, string> = {}
  let photo: string
  const call = (user: string | null, method: string, path: string, body?: unknown) =>
    app.request(path, { method, headers: { 'content-type': 'application/json', ...(user ? { authorization: `Bearer ${tokens[user]}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) })
  const login = async (u: string) => {
    const res = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: DEMO_PASSWORD }) })
    expect(res.status, u).toBe(200)
    tokens[u] = ((await res.json()) as { token: string }).token
  }
  const errorOf = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code })
  beforeAll(async () => {
    db = await openPrivate(backend, 'grid_workers')
    app = createApp(db, { basemap: null })
    for (const u of ['gudongmei', 'dispatcher', 'zhen-heyang', 'cun-longyuan', 'leader', 'screen', 'heyang']) await login(u)
    photo = (await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 80, g: 120, b: 70 } } }).jpeg().toBuffer()).toString('base64')
  })
  afterAll(async () => { await db?.close() })

  it('keeps a registry of 1,300–1,600 workers: one or more per grid, 网格长 per village, 网格指导员 per town, accounts by grid code', async () => {
    const r = (await sql<Record<string, number>>`
      select count(*)::int as workers, count(*) filter (where p.employment = 'part_time')::int as part_time,
        count(*) filter (where p.post = 'grid_head')::int as heads, count(*) filter (where p.post = 'instructor')::int as instructors,
        (select count(*)::int from grid g where not exists (select 1 from app_user u where u.grid_code = g.code and u.role = 'grid_worker')) as uncovered,
        count(*) filter (where p.phone_masked !~ '^1[0-9]{2}[*]{4}[0-9]{4}$')::int as unmasked
      from app_user u join worker_profile p on p.user_id = u.id where u.role = 'grid_worker'`.execute(db.kysely)).rows[0]!
    expect(r.workers).toBeGreaterThanOrEqual(1300)
    expect(r.workers).toBeLessThanOrEqual(1600)
    expect(r.part_time).toBeGreaterThan(0)
    expect(r.heads).toBe(419)
    expect(r.instructors).toBe(30)
    expect(r.uncovered).toBe(0)
    expect(r.unmasked).toBe(0)
    const grid = (await sql<{ code: string }>`select min(code) as code from grid where village_code = '500117001017'`.execute(db.kysely)).rows[0]!.code
    await login(`wgy-${grid}`)
    const me = (await (await call(`wgy-${grid}`, 'GET', '/api/auth/me')).json()) as { grid_code: string; role: string }
    expect(me).toMatchObject({ grid_code: grid, role: 'grid_worker' })
    // Each desk sees its unit's registry; the screen sees none.
    const town = (await (await call('zhen-heyang', 'GET', '/api/workers?unit=500117002')).json()) as { grid_code: string; post: string }[]
    expect(town.length).toBeGreaterThan(10)
    expect(town.every((w) => w.grid_code.startsWith(HEYANG))).toBe(true)
    expect(town.some((w) => w.post === 'instructor')).toBe(true)
    const village = (await (await call('cun-longyuan', 'GET', '/api/workers')).json()) as { username: string; grid_code: string; post: string }[]
    expect(village.every((w) => w.grid_code.startsWith(LONGYUAN))).toBe(true)
    expect(village.map((w) => w.username)).toContain('gudongmei')
    expect((await call('screen', 'GET', '/api/workers')).status).toBe(403)
    expect((await call('gudongmei', 'GET', '/api/workers')).status).toBe(403)
  })

  it('draws a day of patrol from the generated tracks (read before a shared position purges those over 30 days old), with its length and coverage, audited', async () => {
    const tracked = (await sql<{ id: number; day: string; grid: string }>`
      select w.user_id as id, to_char(max(w.at) at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, u.grid_code as grid from worker_position w join app_user u on u.id = w.user_id
      where u.username <> 'gudongmei' group by w.user_id, u.grid_code order by w.user_id limit 1`.execute(db.kysely)).rows[0]!
    const res = await call('dispatcher', 'GET', `/api/workers/${tracked.id}/track?day=${tracked.day}`)
    expect(res.status).toBe(200)
    const t = (await res.json()) as { points: { lon: number; lat: number; at: string }[]; metres: number; coverage: number }
    expect(t.points.length).toBeGreaterThan(10)
    expect(t.metres).toBeGreaterThan(100)
    expect(t.coverage).toBeGreaterThan(0)
    expect(t.coverage).toBeLessThanOrEqual(1)
    const audit = (await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'worker.track' and subject = ${`worker:${tracked.id}`}`.execute(db.kysely)).rows[0]!.n
    expect(audit).toBeGreaterThan(0)
    expect((await call('dispatcher', 'GET', `/api/workers/${tracked.id}/track?day=2026-02-30`)).status).toBe(400)
    // Over the test history's June, the sampled workers' tracks cover part of their grids.
    const june = (await (await call('leader', 'GET', '/api/workers/figures?from=2026-06-01&to=2026-07-01')).json()) as { patrol_days: number; coverage: number | null; reports: number }[]
    const walked = june.filter((r) => r.patrol_days > 0)
    expect(walked.length).toBeGreaterThan(0)
    expect(walked.every((r) => r.coverage !== null && r.coverage > 0 && r.coverage <= 1)).toBe(true)
    expect(june.filter((r) => r.patrol_days === 0).every((r) => r.coverage === null)).toBe(true)
    // The history's reports found by grid workers are their grids' full-time workers'.
    expect(june.reduce((n, r) => n + r.reports, 0)).toBeGreaterThan(0)
    const elsewhere = tracked.grid.startsWith(LONGYUAN)
    if (!elsewhere) expect(await errorOf(await call('cun-longyuan', 'GET', `/api/workers/${tracked.id}/track?day=${tracked.day}`))).toEqual({ status: 404, code: 'unknown_worker' })
    expect((await call('gudongmei', 'GET', `/api/workers/${tracked.id}/track?day=${tracked.day}`)).status).toBe(403)
  })

  it('shares a position only on duty and by consent, and finds the nearest worker on duty by real distance', async () => {
    const unit = (await (await call('dispatcher', 'GET', `/api/units/${LONGYUAN}`)).json()) as { label: [number, number] }
    const [lon, lat] = unit.label
    expect(await errorOf(await call('gudongmei', 'PUT', '/api/workers/me/duty', { on_duty: true, share_position: true, lon: 116.4, lat: 39.9 }))).toEqual({ status: 422, code: 'outside_district' })
    expect((await call('gudongmei', 'PUT', '/api/workers/me/duty', { on_duty: true, share_position: true, lon })).status).toBe(400)
    expect((await call('dispatcher', 'PUT', '/api/workers/me/duty', { on_duty: true, share_position: true, lon, lat })).status).toBe(403)
    // On duty without consent: nothing of the position is kept.
    const quiet = await call('gudongmei', 'PUT', '/api/workers/me/duty', { on_duty: true, share_position: false, lon, lat })
    expect(await quiet.json()).toMatchObject({ on_duty: true, shares_position: false, position_at: null })
    const me = (await (await call('gudongmei', 'GET', '/api/auth/me')).json()) as { id: number }
    const count = async () => (await sql<{ n: number }>`select count(*)::int as n from worker_position where user_id = ${me.id}`.execute(db.kysely)).rows[0]!.n
    const before = await count()
    const shared = await call('gudongmei', 'PUT', '/api/workers/me/duty', { on_duty: true, share_position: true, lon, lat })
    expect(shared.status).toBe(200)
    // Positions are kept 30 days: the test history's tracks (June) are gone, the new one stays.
    expect(await count()).toBe(1)
    expect(before).toBeGreaterThanOrEqual(0)
    const old = (await sql<{ n: number }>`select count(*)::int as n from worker_position where at < now() - interval '30 days'`.execute(db.kysely)).rows[0]!.n
    expect(old).toBe(0)
    const near = (await (await call('zhen-heyang', 'GET', `/api/workers/nearest?lon=${lon}&lat=${lat + 0.0005}&limit=5`)).json()) as { id: number; metres: number; fresh: boolean }[]
    expect(near[0]).toMatchObject({ id: me.id, fresh: true })
    expect(near[0]!.metres).toBeGreaterThan(45)
    expect(near[0]!.metres).toBeLessThan(65)
    expect(near.map((w) => w.metres)).toEqual([...near.map((w) => w.metres)].sort((a, b) => a - b))
    expect(await (await call('gudongmei', 'GET', '/api/workers/me/duty')).json()).toMatchObject({ on_duty: true, shares_position: true })
    // Off duty: gone from the map at once.
    await call('gudongmei', 'PUT', '/api/workers/me/duty', { on_duty: false, share_position: true, lon, lat })
    const after = (await (await call('zhen-heyang', 'GET', `/api/workers/nearest?lon=${lon}&lat=${lat}`)).json()) as { id: number }[]
    expect(after.map((w) => w.id)).not.toContain(me.id)
    expect((await call('zhen-heyang', 'GET', `/api/workers/nearest?lon=${lon}`)).status).toBe(400)
  })

  it('gives a worker a task from the desk, due in working hours, closed on the phone with a note and a photo', async () => {
    const me = (await (await call('gudongmei', 'GET', '/api/auth/me')).json()) as { id: number }
    expect((await call('zhen-heyang', 'POST', `/api/workers/${me.id}/tasks`, { kind: 'chat', title: '走访' })).status).toBe(400)
    expect((await call('heyang', 'POST', `/api/workers/${me.id}/tasks`, { kind: 'visit', title: '走访' })).status).toBe(403)
    const created = await call('cun-longyuan', 'POST', `/api/workers/${me.id}/tasks`, { kind: 'visit', title: '走访独居老人张某家', note: '了解冬季取暖情况', hours: 4 })
    expect(created.status).toBe(201)
    const task = (await created.json()) as { id: number; due_at: string; created_at: string; kind: string }
    const cal = await calendar.loadCalendar(db.kysely)
    const due = new Date(task.due_at).getTime()
    expect(due).toBeGreaterThanOrEqual(addWorkingHours(new Date(task.created_at), 4, cal).getTime() - 60_000)
    expect(due).toBeLessThanOrEqual(addWorkingHours(new Date(task.created_at), 4, cal).getTime() + 60_000)
    const mine = (await (await call('gudongmei', 'GET', '/api/tasks?open=true')).json()) as { id: number; title: string }[]
    expect(mine.map((t) => t.id)).toContain(task.id)
    expect(await errorOf(await call('gudongmei', 'POST', `/api/tasks/${task.id}/done`, { result: '已走访' }))).toEqual({ status: 400, code: 'photo_required' })
    const grid = (await sql<{ code: string }>`select min(code) as code from grid where village_code = '500117001017'`.execute(db.kysely)).rows[0]!.code
    await login(`wgy-${grid}`)
    expect(await errorOf(await call(`wgy-${grid}`, 'POST', `/api/tasks/${task.id}/done`, { result: '已走访', photos: [photo] }))).toEqual({ status: 403, code: 'not_your_task' })
    const done = await call('gudongmei', 'POST', `/api/tasks/${task.id}/done`, { result: '已走访，取暖正常', photos: [photo] })
    expect(done.status).toBe(200)
    const closed = (await done.json()) as { done_at: string; result: string; photos: number[] }
    expect(closed).toMatchObject({ result: '已走访，取暖正常' })
    expect(closed.photos).toHaveLength(1)
    expect((await call('gudongmei', 'POST', `/api/tasks/${task.id}/done`, { result: '再次', photos: [photo] })).status).toBe(409)
    // The task's photo: to the worker and the desks of the unit, audited; not to another worker.
    expect((await call('cun-longyuan', 'GET', `/api/attachments/${closed.photos[0]}?size=thumb`)).status).toBe(200)
    expect((await call(`wgy-${grid}`, 'GET', `/api/attachments/${closed.photos[0]}?size=thumb`)).status).toBe(403)
    const desk = (await (await call('cun-longyuan', 'GET', '/api/tasks')).json()) as { id: number }[]
    expect(desk.map((t) => t.id)).toContain(task.id)
    // A task tied to a case outside the desk's unit is refused.
    const elsewhere = (await sql<{ id: number }>`select id::int as id from incident where village_code <> ${LONGYUAN} limit 1`.execute(db.kysely)).rows[0]!.id
    expect(await errorOf(await call('cun-longyuan', 'POST', `/api/workers/${me.id}/tasks`, { kind: 'verify', title: '核查', incident_id: elsewhere }))).toEqual({ status: 400, code: 'unknown_incident' })
  })

  it('gives leaders the figures per worker: reports, verifications in time, tasks in time, patrol days', async () => {
    const res = await call('leader', 'GET', `/api/workers/figures?unit=${LONGYUAN}&from=2026-01-01&to=2026-12-31`)
    expect(res.status).toBe(200)
    const rows = (await res.json()) as { display_name: string; reports: number; tasks: number; tasks_done_in_time: number; patrol_days: number }[]
    const gu = rows.find((r) => r.display_name.includes('古冬梅'))!
    expect(gu.tasks).toBeGreaterThanOrEqual(1)
    expect(gu.tasks_done_in_time).toBeGreaterThanOrEqual(1)
    expect(gu.patrol_days).toBeGreaterThanOrEqual(1)
    expect((await call('screen', 'GET', '/api/workers/figures')).status).toBe(403)
    expect((await call('leader', 'GET', '/api/workers/figures?from=2020-01-01&to=2026-01-01')).status).toBe(400)
  })
})
