import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '@gridsight/api'
import { addWorkingHours, calendar, type Db } from '@gridsight/db'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import { backends } from '../support/backends.js'
import { openStream } from '../support/sse.js'
import { useHttpServer } from '../support/web.js'

const LONGYUAN = { lon: 0, lat: 0 } // filled from the API: the label point of 龙苑社区

describe.each(backends())('case workflow on $name PostGIS', (backend) => {
  let db: Db
  let app: ReturnType<typeof createApp>
  const tokens: Record<string, string> = {}
  beforeAll(async () => {
    db = await backend.open()
    app = createApp(db)
    for (const u of ['gudongmei', 'dispatcher', 'heyang', 'police', 'screen', 'leader']) {
      const res = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: DEMO_PASSWORD }) })
      expect(res.status, u).toBe(200)
      expect(res.headers.get('set-cookie')).toMatch(/gs_session=.*HttpOnly.*SameSite=Lax/i)
      tokens[u] = ((await res.json()) as any).token
    }
    const unit = (await (await app.request('/api/units/500117001016', { headers: { authorization: `Bearer ${tokens.dispatcher}` } })).json()) as any
    ;[LONGYUAN.lon, LONGYUAN.lat] = unit.label
  })
  afterAll(async () => { await db?.close() })

  const call = (user: string | null, method: string, path: string, body?: unknown) =>
    app.request(path, { method, headers: { 'content-type': 'application/json', ...(user ? { authorization: `Bearer ${tokens[user]}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) })
  const report = (over: Record<string, unknown> = {}) => ({
    client_id: randomUUID(), category_code: 'dispute.property', description: '小区业主与物业因停车费发生纠纷',
    people_involved: 3, ...LONGYUAN, ...over,
  })
  const act = (user: string, id: number, action: string, extra: Record<string, unknown> = {}) => call(user, 'POST', `/api/incidents/${id}/actions`, { action, ...extra })

  it('refuses wrong passwords and anonymous writes', async () => {
    const bad = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password: 'nope' }) })
    expect(bad.status).toBe(401)
    expect((await call(null, 'POST', '/api/incidents', report())).status).toBe(401)
    expect((await call('screen', 'POST', '/api/incidents', report())).status).toBe(403)
    expect(((await (await call('gudongmei', 'GET', '/api/auth/me')).json()) as any).role).toBe('grid_worker')
    expect(await (await call(null, 'GET', '/api/auth/me')).json()).toBeNull()
  })

  it('carries a report through the whole workflow with a timed timeline', async () => {
    const body = report()
    const created = await call('gudongmei', 'POST', '/api/incidents', body)
    expect(created.status).toBe(201)
    const inc = (await created.json()) as any
    expect(inc).toMatchObject({ status: 'reported', priority: 1, town_code: '500117001', village_code: '500117001016' })
    expect(inc.grid_code).toMatch(/^500117001016\d{3}$/)
    // The same report sent again (a phone retrying) is stored once.
    const again = await call('gudongmei', 'POST', '/api/incidents', body)
    expect(again.status).toBe(200)
    expect(((await again.json()) as any).id).toBe(inc.id)

    const steps: [string, string, Record<string, unknown>?][] = [
      ['dispatcher', 'accept'], ['dispatcher', 'register'], ['dispatcher', 'dispatch', { department_code: 'town_500117001', hours: 4 }],
      ['heyang', 'start'], ['heyang', 'feedback', { note: '已与组织者沟通' }], ['dispatcher', 'verify'],
      ['dispatcher', 'close'], ['leader', 'evaluate', { satisfaction: 'satisfied', grade: 'good', note: '回访群众' }],
    ]
    let last: any
    for (const [user, action, extra] of steps) {
      const res = await act(user, inc.id, action, extra)
      expect(res.status, `${user} ${action}`).toBe(200)
      last = await res.json()
    }
    expect(last.status).toBe('evaluated')
    expect(last.department_code).toBe('town_500117001')
    const detail = (await (await call('dispatcher', 'GET', `/api/incidents/${inc.id}`)).json()) as any
    expect(detail.timeline.map((s: any) => s.action)).toEqual(['report', 'accept', 'register', 'dispatch', 'start', 'feedback', 'verify', 'close', 'evaluate'])
    expect(detail.timeline[0].elapsed_minutes).toBeNull()
    expect(detail.timeline[1].elapsed_minutes).toBeGreaterThanOrEqual(0)
    expect(detail.timeline[3].note).toContain('限4个工作小时')
  })

  it.each([
    ['closing an unverified case', 'dispatcher', 'close', 409, 'illegal_transition'],
    ['another department acting on the case', 'police', 'feedback', 403, 'not_your_case'],
    ['a grid worker dispatching', 'gudongmei', 'dispatch', 403, 'forbidden'],
    ['the screen acting at all', 'screen', 'accept', 403, 'forbidden'],
  ])('refuses %s and changes nothing', async (_what, user, action, status, code) => {
    const inc = (await (await call('gudongmei', 'POST', '/api/incidents', report())).json()) as any
    await act('dispatcher', inc.id, 'accept')
    await act('dispatcher', inc.id, 'register')
    await act('dispatcher', inc.id, 'dispatch', { department_code: 'town_500117001' })
    const before = (await (await call('dispatcher', 'GET', `/api/incidents/${inc.id}`)).json()) as any
    const res = await act(user, inc.id, action)
    expect(res.status).toBe(status)
    expect(((await res.json()) as any).error.code).toBe(code)
    const after = (await (await call('dispatcher', 'GET', `/api/incidents/${inc.id}`)).json()) as any
    expect(after).toEqual(before)
  })

  it('refuses acting on a closed case and a stale version', async () => {
    const inc = (await (await call('gudongmei', 'POST', '/api/incidents', report())).json()) as any
    await act('dispatcher', inc.id, 'accept')
    const accepted = (await (await act('dispatcher', inc.id, 'register')).json()) as any
    const stale = await act('dispatcher', inc.id, 'dispatch', { version: inc.version, department_code: 'town_500117001' })
    expect(stale.status).toBe(409)
    expect(((await stale.json()) as any).error.code).toBe('stale_version')
    expect((await act('dispatcher', inc.id, 'dispatch', { version: accepted.version, department_code: 'town_500117001' })).status).toBe(200)
    for (const [u, a] of [['heyang', 'feedback'], ['dispatcher', 'verify'], ['dispatcher', 'close']]) expect((await act(u!, inc.id, a!)).status).toBe(200)
    const res = await act('dispatcher', inc.id, 'supervise', { level: 'red' })
    expect(res.status).toBe(409)
  })

  it('lists cameras within the radius by distance, the grid workers, and possible duplicates', async () => {
    const a = (await (await call('gudongmei', 'POST', '/api/incidents', report({ category_code: 'urban.parking', people_involved: 1 }))).json()) as any
    const b = (await (await call('gudongmei', 'POST', '/api/incidents', report({ category_code: 'urban.parking', people_involved: 1 }))).json()) as any
    expect((await call('gudongmei', 'GET', `/api/incidents/${a.id}/nearby`)).status).toBe(403)
    const near = (await (await call('dispatcher', 'GET', `/api/incidents/${a.id}/nearby?radius=1500`)).json()) as any
    expect(near.cameras.length).toBeGreaterThan(0)
    const metres = near.cameras.map((c: any) => c.metres)
    expect(metres).toEqual([...metres].sort((x: number, y: number) => x - y))
    expect(Math.max(...metres)).toBeLessThanOrEqual(1500)
    expect(near.workers.find((w: any) => w.own_grid)?.display_name).toContain('古冬梅')
    expect(near.duplicates.map((d: any) => d.id)).toContain(b.id)
    expect((await call('dispatcher', 'GET', `/api/incidents/${a.id}/nearby?radius=1`)).status).toBe(400)
  })

  it('lets an administrator change a category\'s default department and deadline, and dispatch follows it', async () => {
    expect((await call('dispatcher', 'PATCH', '/api/categories/urban.streetlight', { deadline_hours: 12 })).status).toBe(403)
    const token = ((await (await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }) })).json()) as any).token
    tokens.admin = token
    expect((await call('admin', 'PATCH', '/api/categories/urban.streetlight', { department_code: 'nowhere' })).status).toBe(400)
    expect((await call('admin', 'PATCH', '/api/categories/urban', { deadline_hours: 5 })).status).toBe(404)
    expect((await call('admin', 'PATCH', '/api/categories/urban.streetlight', {})).status).toBe(400)
    expect((await call('admin', 'PATCH', '/api/categories/urban.streetlight', { deadline_clock: 'sometimes' })).status).toBe(400)
    const res = await call('admin', 'PATCH', '/api/categories/urban.streetlight', { department_code: 'power', deadline_hours: 12, deadline_clock: 'natural' })
    expect(res.status).toBe(200)
    expect(((await res.json()) as any).deadline_clock).toBe('natural')
    const inc = (await (await call('gudongmei', 'POST', '/api/incidents', report({ category_code: 'urban.streetlight', people_involved: 0 }))).json()) as any
    await act('dispatcher', inc.id, 'accept')
    await act('dispatcher', inc.id, 'register')
    const dispatched = (await (await act('dispatcher', inc.id, 'dispatch')).json()) as any
    expect(dispatched.department_code).toBe('power')
    expect(new Date(dispatched.deadline).getTime() - Date.now()).toBeGreaterThan(11.9 * 3_600_000)
    expect(new Date(dispatched.deadline).getTime() - Date.now()).toBeLessThan(12.1 * 3_600_000)
  })

  it('lists only their own cases to department staff and grid workers', async () => {
    const heyang = (await (await call('heyang', 'GET', '/api/incidents?pageSize=500&department=police')).json()) as any
    expect(heyang.items.length).toBeGreaterThan(0)
    expect(heyang.items.every((i: any) => i.department_code === 'town_500117001')).toBe(true)
    const worker = (await (await call('gudongmei', 'GET', '/api/incidents?pageSize=500&unit=500117')).json()) as any
    const me = (await (await call('gudongmei', 'GET', '/api/auth/me')).json()) as any
    expect(worker.items.length).toBeGreaterThan(0)
    expect(worker.items.every((i: any) => i.grid_code === me.grid_code)).toBe(true)
  })

  it('shows a case in full only to those who may see it', async () => {
    const inc = (await (await call('gudongmei', 'POST', '/api/incidents', report({ description: '张三 13800000000 反映' }))).json()) as any
    expect((await call(null, 'GET', `/api/incidents/${inc.id}`)).status).toBe(401)
    expect((await call('screen', 'GET', `/api/incidents/${inc.id}`)).status).toBe(403)
    expect((await call('gudongmei', 'GET', `/api/incidents/${inc.id}`)).status).toBe(200)
    expect((await call('police', 'GET', `/api/incidents/${inc.id}`)).status).toBe(403)
    expect((await call('heyang', 'GET', `/api/incidents/${inc.id}`)).status).toBe(403)
    await act('dispatcher', inc.id, 'accept')
    await act('dispatcher', inc.id, 'register')
    await act('dispatcher', inc.id, 'dispatch', { department_code: 'town_500117001' })
    const heyang = await call('heyang', 'GET', `/api/incidents/${inc.id}`)
    expect(heyang.status).toBe(200)
    expect(((await heyang.json()) as any).incident.description).toContain('张三')
    expect((await call('police', 'GET', `/api/incidents/${inc.id}`)).status).toBe(403)
  })

  it('merges a duplicate report into the case it repeats, and refuses what makes no sense', async () => {
    const a = (await (await call('gudongmei', 'POST', '/api/incidents', report({ category_code: 'dispute.neighbour', people_involved: 2 }))).json()) as any
    const b = (await (await call('gudongmei', 'POST', '/api/incidents', report({ category_code: 'dispute.neighbour', people_involved: 2 }))).json()) as any
    const near = (await (await call('dispatcher', 'GET', `/api/incidents/${a.id}/nearby`)).json()) as any
    expect(near.duplicates.map((d: any) => d.id)).toContain(b.id)
    expect((await act('dispatcher', b.id, 'merge')).status).toBe(400)
    expect((await act('dispatcher', b.id, 'merge', { into: b.id })).status).toBe(400)
    expect((await act('police', b.id, 'merge', { into: a.id })).status).toBe(403)
    const merged = await act('dispatcher', b.id, 'merge', { into: a.id })
    expect(merged.status).toBe(200)
    expect(((await merged.json()) as any).status).toBe('closed')
    const bd = (await (await call('dispatcher', 'GET', `/api/incidents/${b.id}`)).json()) as any
    expect(bd.incident.merged_into).toBe(a.id)
    const ad = (await (await call('dispatcher', 'GET', `/api/incidents/${a.id}`)).json()) as any
    expect(ad.timeline.at(-1)).toMatchObject({ action: 'merge', note: `并入重复上报 #${b.id}` })
    expect((await act('dispatcher', b.id, 'merge', { into: a.id })).status).toBe(409)
    const after = (await (await call('dispatcher', 'GET', `/api/incidents/${a.id}/nearby`)).json()) as any
    expect(after.duplicates.map((d: any) => d.id)).not.toContain(b.id)
    // Nothing merges into a case that is itself merged.
    const c = (await (await call('gudongmei', 'POST', '/api/incidents', report({ category_code: 'dispute.neighbour', people_involved: 2 }))).json()) as any
    expect((await act('dispatcher', c.id, 'merge', { into: b.id })).status).toBe(409)
  })

  it('runs deadlines on working time, and emergencies on natural hours', async () => {
    const rubbish = (await (await call('gudongmei', 'POST', '/api/incidents', report({ category_code: 'urban.rubbish', people_involved: 0 }))).json()) as any
    await act('dispatcher', rubbish.id, 'accept')
    await act('dispatcher', rubbish.id, 'register')
    const d = (await (await act('dispatcher', rubbish.id, 'dispatch', { hours: 4 })).json()) as any
    const detail = (await (await call('dispatcher', 'GET', `/api/incidents/${rubbish.id}`)).json()) as any
    const at = new Date(detail.timeline.find((s: any) => s.action === 'dispatch').at)
    // By the database's calendar (statutory holidays and make-up days as data).
    const cal = await calendar.loadCalendar(db.kysely)
    expect(new Date(d.deadline).toISOString()).toBe(addWorkingHours(at, 4, cal).toISOString())
    expect(detail.timeline.at(-1).note).toContain('限4个工作小时')
    const extended = (await (await act('dispatcher', rubbish.id, 'extend', { hours: 7 })).json()) as any
    expect(new Date(extended.deadline).toISOString()).toBe(addWorkingHours(new Date(d.deadline), 7, cal).toISOString())
    const missing = (await (await call('gudongmei', 'POST', '/api/incidents', report({ category_code: 'order.missing', people_involved: 1 }))).json()) as any
    await act('dispatcher', missing.id, 'accept')
    await act('dispatcher', missing.id, 'register')
    const m = (await (await act('dispatcher', missing.id, 'dispatch', { hours: 4 })).json()) as any
    const md = (await (await call('dispatcher', 'GET', `/api/incidents/${missing.id}`)).json()) as any
    const mat = new Date(md.timeline.find((s: any) => s.action === 'dispatch').at)
    expect(new Date(m.deadline).getTime() - mat.getTime()).toBe(4 * 3_600_000)
  })

  it('stores a report sent twice at once (a retry racing its first try) once', async () => {
    const body = report({ category_code: 'dispute.neighbour', people_involved: 2 })
    const results = await Promise.all([0, 1, 2].map(() => call('gudongmei', 'POST', '/api/incidents', body)))
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201])
    const ids = await Promise.all(results.map(async (r) => ((await r.json()) as any).id))
    expect(new Set(ids).size).toBe(1)
    const detail = (await (await call('dispatcher', 'GET', `/api/incidents/${ids[0]}`)).json()) as any
    expect(detail.timeline.filter((s: any) => s.action === 'report')).toHaveLength(1)
  })

  it('lets only one of two concurrent actions win', async () => {
    const inc = (await (await call('gudongmei', 'POST', '/api/incidents', report())).json()) as any
    const results = await Promise.all([act('dispatcher', inc.id, 'accept'), act('dispatcher', inc.id, 'accept')])
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
    const detail = (await (await call('dispatcher', 'GET', `/api/incidents/${inc.id}`)).json()) as any
    expect(detail.timeline.filter((s: any) => s.action === 'accept')).toHaveLength(1)
  })

  it.each([
    [{ lon: 116.4, lat: 39.9 }, 422, 'outside the district'],
    [{ lon: 200 }, 400, 'lon'],
    [{ lat: 'north' }, 400, 'lat'],
    [{ category_code: 'dispute' }, 400, 'second-level'],
    [{ category_code: 'dispute.unknown' }, 400, 'no incident category'],
    [{ client_id: 'abc' }, 400, 'client_id'],
    [{ description: '' }, 400, 'description'],
    [{ description: 'x'.repeat(70_000) }, 400, 'description'],
  ])('rejects a report with %j', async (over, status, words) => {
    const res = await call('gudongmei', 'POST', '/api/incidents', report(over))
    expect(res.status).toBe(status)
    expect(((await res.json()) as any).error.message).toContain(words)
  })
})

describe.each(backends())('live stream on $name PostGIS (real HTTP)', (backend) => {
  let token: string
  const server = useHttpServer(backend, {
    extra: async () => {
      const res = await fetch(`${server.url}api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'gudongmei', password: DEMO_PASSWORD }) })
      token = ((await res.json()) as any).token
    },
  })

  const post = async () => {
    const unit = (await (await fetch(`${server.url}api/units/500117001016`, { headers: { authorization: `Bearer ${token}` } })).json()) as any
    const res = await fetch(`${server.url}api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ client_id: randomUUID(), category_code: 'dispute.neighbour', description: '邻里纠纷', lon: unit.label[0], lat: unit.label[1], people_involved: 2 }) })
    expect(res.status).toBe(201)
    return ((await res.json()) as any).id as number
  }

  /** Opens the stream, runs whileOpen once it is ready, and collects events until `count` incident events arrived. */
  async function collect(count: number, lastEventId?: string, whileOpen?: () => Promise<unknown>, until?: (events: { data: any }[]) => boolean) {
    const events: { id: string; event: string; data: any }[] = []
    let got: () => void = () => {}
    const enough = new Promise<void>((r) => { got = r })
    const stream = openStream(`${server.url}api/stream`, (e) => {
      if (!e.event.startsWith('incident.')) return
      events.push({ ...e, data: JSON.parse(e.data) })
      if (until ? until(events) : events.length >= count) got()
    }, lastEventId, token)
    await stream.ready
    await whileOpen?.()
    if (until?.(events)) got()
    await Promise.race([enough, new Promise((r) => setTimeout(r, 15_000))])
    await stream.close()
    return events
  }

  it('pushes a new report to an open stream, and resumes after a reconnect with nothing lost or repeated', async () => {
    let firstId = 0
    // Other test files may write to the same server meanwhile: look for our event.
    const all = await collect(1, undefined, async () => { firstId = await post() }, (got) => got.some((e) => e.data.id === firstId))
    const live = all.filter((e) => e.data.id === firstId)
    expect(live).toHaveLength(1)
    expect(live[0]!.event).toBe('incident.created')
    expect(live[0]!.data.id).toBe(firstId)
    expect(live[0]!.data).not.toHaveProperty('description')
    // While disconnected, two more reports arrive; the reconnect gets exactly those.
    const missed = [await post(), await post()]
    const resumed = (await collect(2, live[0]!.id, undefined, (got) => missed.every((id) => got.some((e) => e.data.id === id))))
      .filter((e) => missed.includes(e.data.id))
    expect(resumed.map((e) => e.data.id)).toEqual(missed)
    expect(Number(resumed[0]!.id)).toBeGreaterThan(Number(live[0]!.id))
  })

  it('loses nothing when reports arrive while a reconnect replays what it missed', async () => {
    // The replay must go out before any newer batch the stream receives meanwhile (CI once lost the replay).
    let last = (await collect(1, undefined, async () => { await post() }))[0]!.id
    for (let round = 0; round < 8; round++) {
      const expected = [await post(), await post()]
      const events: { id: string; data: any }[] = []
      let done: () => void = () => {}
      const all = new Promise<void>((r) => { done = r })
      const check = () => { if (expected.length === 4 && expected.every((id) => events.some((e) => e.data.id === id))) done() }
      const stream = openStream(`${server.url}api/stream`, (e) => {
        if (e.event.startsWith('incident.')) { events.push({ id: e.id, data: JSON.parse(e.data) }); check() }
      }, last, token)
      // Not waiting for the stream to be ready: these race its replay.
      expected.push(...await Promise.all([post(), post()]))
      check()
      await Promise.race([all, new Promise((r) => setTimeout(r, 10_000))])
      await stream.close()
      const ours = events.filter((e) => expected.includes(e.data.id)).map((e) => e.data.id)
      expect(ours.sort((a, b) => a - b), `round ${round}`).toEqual([...expected].sort((a, b) => a - b))
      last = events[events.length - 1]!.id
    }
  })

  it('delivers every one of many concurrent reports, in id order', async () => {
    let ids: number[] = []
    // A stream opened without Last-Event-ID may also carry events committed just before it: look for ours.
    const events = await collect(20, undefined, async () => { ids = await Promise.all(Array.from({ length: 20 }, () => post())) },
      (got) => ids.length === 20 && ids.every((id) => got.some((e) => e.data.id === id)))
    const ours = events.filter((e) => ids.includes(e.data.id))
    expect(ours.map((e) => e.data.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b))
    const eventIds = ours.map((e) => Number(e.id))
    expect(eventIds).toEqual([...eventIds].sort((a, b) => a - b))
  })
})
