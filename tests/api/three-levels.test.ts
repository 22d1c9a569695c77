import { randomUUID } from 'node:crypto'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '@gridsight/api'
import { PrivacyPolicy, viewerOf, viewKey } from '@gridsight/api/privacy'
import { addWorkingHours, calendar, type Db, type IncidentSummary, workingHoursBetween } from '@gridsight/db'
import { sql } from 'kysely'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import { backends } from '../support/backends.js'
import { openPrivate } from '../support/bad-input.js'

/**
 * Three levels of command (issue 11): the district desk (dispatcher), the town desk of 合阳城街道 (zhen-heyang) and
 * the village desk of 龙苑社区 (cun-longyuan), each on its own unit; the grid worker 古冬梅 (gudongmei) of 龙苑社区.
 * A private database: the calendar and office hours written here must not move other files' deadlines.
 */
const HEYANG = '500117001'
const LONGYUAN = '500117001016'

describe.each(backends())('three levels of command on $name PostGIS', (backend) => {
  let db: Db
  let app: ReturnType<typeof createApp>
  const tokens: Record<string, string> = {}
  const at: Record<string, { lon: number; lat: number }> = {}
  let photo: string
  beforeAll(async () => {
    db = await openPrivate(backend, 'three_levels')
    app = createApp(db, { basemap: null })
    for (const u of ['gudongmei', 'dispatcher', 'zhen-heyang', 'cun-longyuan', 'heyang', 'admin', 'screen']) {
      const res = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: DEMO_PASSWORD }) })
      expect(res.status, u).toBe(200)
      tokens[u] = ((await res.json()) as { token: string }).token
    }
    // 龙苑社区, another community of 合阳城街道, and a village of another town.
    const villages = (await (await call('dispatcher', 'GET', `/api/units?parent=${HEYANG}&level=village`)).json()) as { code: string }[]
    const sibling = villages.find((v) => v.code !== LONGYUAN)!.code
    const towns = (await (await call('dispatcher', 'GET', '/api/units?level=town')).json()) as { code: string }[]
    const otherTownVillage = ((await (await call('dispatcher', 'GET', `/api/units?parent=${towns.find((t) => t.code !== HEYANG)!.code}&level=village`)).json()) as { code: string }[])[0]!.code
    for (const [name, code] of [['longyuan', LONGYUAN], ['sibling', sibling], ['elsewhere', otherTownVillage]] as const) {
      const u = (await (await call('dispatcher', 'GET', `/api/units/${code}`)).json()) as { label: [number, number] }
      at[name] = { lon: u.label[0], lat: u.label[1] }
    }
    photo = (await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 90, g: 140, b: 60 } } }).jpeg().toBuffer()).toString('base64')
  })
  afterAll(async () => { await db?.close() })

  function call(user: string | null, method: string, path: string, body?: unknown) {
    return app.request(path, { method, headers: { 'content-type': 'application/json', ...(user ? { authorization: `Bearer ${tokens[user]}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) })
  }
  const file = async (user: string, place: keyof typeof at, over: Record<string, unknown> = {}) => {
    const res = await call(user, 'POST', '/api/incidents', { client_id: randomUUID(), category_code: 'dispute.property', description: '业主与物业因停车费发生纠纷', people_involved: 3, ...at[place], ...over })
    expect(res.status, await res.clone().text()).toBe(201)
    return (await res.json()) as { id: number; level: string; status: string; town_code: string; village_code: string; self_settled: boolean }
  }
  const act = (user: string, id: number, action: string, extra: Record<string, unknown> = {}) => call(user, 'POST', `/api/incidents/${id}/actions`, { action, ...extra })
  const ok = async (user: string, id: number, action: string, extra: Record<string, unknown> = {}) => {
    const res = await act(user, id, action, extra)
    expect(res.status, `${user} ${action}: ${await res.clone().text()}`).toBe(200)
    return (await res.json()) as { level: string; status: string; department_code: string | null }
  }
  const errorOf = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code })

  it('scopes every desk to its unit: lists, details, actions', async () => {
    const mine = await file('dispatcher', 'longyuan')
    const sibling = await file('dispatcher', 'sibling')
    const elsewhere = await file('dispatcher', 'elsewhere')
    const listed = async (user: string) => ((await (await call(user, 'GET', '/api/incidents?pageSize=500')).json()) as { items: { id: number; town_code: string; village_code: string }[] }).items
    const town = await listed('zhen-heyang')
    expect(town.length).toBeGreaterThan(0)
    expect(town.every((i) => i.town_code === HEYANG)).toBe(true)
    expect(town.map((i) => i.id)).toEqual(expect.arrayContaining([mine.id, sibling.id]))
    const village = await listed('cun-longyuan')
    expect(village.every((i) => i.village_code === LONGYUAN)).toBe(true)
    expect(village.map((i) => i.id)).toContain(mine.id)
    expect(village.map((i) => i.id)).not.toContain(sibling.id)
    // Asking for another unit does not widen the scope.
    const asked = ((await (await call('cun-longyuan', 'GET', `/api/incidents?unit=${HEYANG}&pageSize=500`)).json()) as { items: { village_code: string }[] }).items
    expect(asked.every((i) => i.village_code === LONGYUAN)).toBe(true)
    expect((await call('zhen-heyang', 'GET', `/api/incidents/${elsewhere.id}`)).status).toBe(403)
    expect((await call('cun-longyuan', 'GET', `/api/incidents/${sibling.id}`)).status).toBe(403)
    expect((await call('cun-longyuan', 'GET', `/api/incidents/${mine.id}`)).status).toBe(200)
    expect(await errorOf(await act('zhen-heyang', elsewhere.id, 'assign'))).toEqual({ status: 403, code: 'not_your_case' })
    expect(await errorOf(await act('cun-longyuan', sibling.id, 'accept'))).toEqual({ status: 403, code: 'not_your_case' })
    // A desk files cases in its own unit only.
    const outside = await call('cun-longyuan', 'POST', '/api/incidents', { client_id: randomUUID(), category_code: 'dispute.property', description: '外村事件', people_involved: 1, ...at.sibling })
    expect(await errorOf(outside)).toEqual({ status: 422, code: 'outside_unit' })
    const points = await call('zhen-heyang', 'GET', '/api/incidents/points')
    expect(points.status).toBe(200)
  })

  it('carries a grid worker report up from the village to the town, which dispatches, with every level on the timeline', async () => {
    const r = await file('gudongmei', 'longyuan')
    expect(r).toMatchObject({ level: 'village', status: 'reported', village_code: LONGYUAN })
    expect((await ok('cun-longyuan', r.id, 'accept')).level).toBe('village')
    expect((await ok('cun-longyuan', r.id, 'register')).status).toBe('registered')
    expect(await errorOf(await act('cun-longyuan', r.id, 'escalate'))).toEqual({ status: 400, code: 'note_required' })
    expect(await errorOf(await act('cun-longyuan', r.id, 'dispatch', { department_code: `town_${HEYANG}` }))).toEqual({ status: 403, code: 'forbidden' })
    expect((await ok('cun-longyuan', r.id, 'escalate', { note: '涉及多个小区，需街道协调' })).level).toBe('town')
    // Once escalated, the village desk watches but no longer acts on it.
    expect(await errorOf(await act('cun-longyuan', r.id, 'handle'))).toEqual({ status: 403, code: 'not_your_level' })
    const dispatched = await ok('zhen-heyang', r.id, 'dispatch', { department_code: `town_${HEYANG}`, hours: 8 })
    expect(dispatched).toMatchObject({ level: 'town', status: 'dispatched', department_code: `town_${HEYANG}` })
    await ok('heyang', r.id, 'feedback', { note: '已协调物业降低停车费' })
    // 核查 in the field by the grid worker of the case's grid, with a photo.
    expect(await errorOf(await act('gudongmei', r.id, 'verify', { note: '现场核实' }))).toEqual({ status: 400, code: 'photo_required' })
    expect(await errorOf(await act('gudongmei', r.id, 'close', { photos: [photo] }))).toEqual({ status: 403, code: 'forbidden' })
    await ok('gudongmei', r.id, 'verify', { note: '现场核实，停车费已恢复原价', photos: [photo] })
    expect(await ok('zhen-heyang', r.id, 'close')).toMatchObject({ level: 'town', status: 'closed' })
    const detail = (await (await call('dispatcher', 'GET', `/api/incidents/${r.id}`)).json()) as { timeline: { action: string; level: string | null; note: string | null; attachments: unknown[] }[] }
    expect(detail.timeline.map((s) => [s.action, s.level])).toEqual([
      ['report', null], ['accept', 'village'], ['register', 'village'], ['escalate', 'village'], ['dispatch', 'town'], ['feedback', null], ['verify', null], ['close', 'town'],
    ])
    expect(detail.timeline[6]!.attachments).toHaveLength(1)
    expect(detail.timeline[3]!.note).toContain('上报至镇街级')
  })

  it('lets the district assign down to the town and the town to the village, which handles it itself', async () => {
    const r = await file('dispatcher', 'longyuan')
    expect(r.level).toBe('district')
    expect(await errorOf(await act('zhen-heyang', r.id, 'accept'))).toEqual({ status: 403, code: 'not_your_level' })
    expect((await ok('dispatcher', r.id, 'assign', { note: '请街道办理' })).level).toBe('town')
    expect((await ok('zhen-heyang', r.id, 'assign')).level).toBe('village')
    await ok('cun-longyuan', r.id, 'accept')
    await ok('cun-longyuan', r.id, 'register')
    const handled = await ok('cun-longyuan', r.id, 'handle')
    expect(handled).toMatchObject({ status: 'handling', department_code: null, level: 'village' })
    await ok('cun-longyuan', r.id, 'feedback', { note: '已调解' })
    await ok('cun-longyuan', r.id, 'verify')
    await ok('cun-longyuan', r.id, 'close')
    const detail = (await (await call('cun-longyuan', 'GET', `/api/incidents/${r.id}`)).json()) as { timeline: { action: string; note: string | null }[]; actions: string[] }
    expect(detail.timeline.map((s) => s.action)).toEqual(['report', 'assign', 'assign', 'accept', 'register', 'handle', 'feedback', 'verify', 'close'])
    expect(detail.timeline[1]!.note).toContain('交办至合阳城街道')
    expect(detail.actions).toEqual(['evaluate'])
  })

  it("sees its own unit's cases in full in the live feed, and others' only by category and public cell", async () => {
    const policy = await new PrivacyPolicy(db).ready()
    const villageDesk = viewerOf({ id: 1, username: 'cun-longyuan', display_name: '龙苑社区工作站', role: 'village_desk', department_code: null, grid_code: null, unit_code: LONGYUAN })
    const mine = await file('dispatcher', 'longyuan', { title: '本社区的案件' })
    const other = await file('dispatcher', 'sibling', { title: '邻社区的案件' })
    const full = (await (await call('dispatcher', 'GET', `/api/incidents/${mine.id}`)).json()) as { incident: IncidentSummary }
    const outside = (await (await call('dispatcher', 'GET', `/api/incidents/${other.id}`)).json()) as { incident: IncidentSummary }
    expect(policy.incident(villageDesk, full.incident)!.title).toBe('本社区的案件')
    const seen = policy.incident(villageDesk, outside.incident)!
    expect(seen.title).toBe('矛盾纠纷·物业纠纷')
    expect([seen.lon, seen.lat]).not.toEqual([outside.incident.lon, outside.incident.lat])
    expect(viewKey(villageDesk)).not.toBe(viewKey(viewerOf({ id: 2, username: 'dispatcher', display_name: '值班员', role: 'dispatcher', department_code: null, grid_code: null, unit_code: null })))
  })

  it('offers each desk the actions it may take', async () => {
    const r = await file('gudongmei', 'longyuan')
    const offered = async (user: string) => ((await (await call(user, 'GET', `/api/incidents/${r.id}`)).json()) as { actions: string[] }).actions
    expect(await offered('cun-longyuan')).toEqual(expect.arrayContaining(['accept', 'escalate']))
    expect(await offered('cun-longyuan')).not.toContain('dispatch')
    expect(await offered('zhen-heyang')).toEqual(expect.arrayContaining(['accept', 'supervise']))
    expect(await offered('zhen-heyang')).not.toContain('escalate')
    expect(await offered('gudongmei')).toEqual([])
  })

  it('records a matter the grid worker settled on the spot as a closed case, counted as settled in the village', async () => {
    const before = (await (await call('dispatcher', 'GET', `/api/stats/levels?unit=${HEYANG}`)).json()) as { total: { village: number; self_settled: number } }
    const res = await call('gudongmei', 'POST', '/api/incidents', {
      client_id: randomUUID(), category_code: 'urban.parking', description: '车辆堵塞消防通道', people_involved: 0, ...at.longyuan,
      photos: [photo], settled: { result: '已联系车主挪车' },
    })
    expect(res.status).toBe(201)
    const settled = (await res.json()) as { id: number; status: string; level: string; self_settled: boolean }
    expect(settled).toMatchObject({ status: 'closed', level: 'village', self_settled: true })
    const detail = (await (await call('gudongmei', 'GET', `/api/incidents/${settled.id}`)).json()) as { timeline: { action: string; attachments: unknown[] }[] }
    expect(detail.timeline.map((s) => s.action)).toEqual(['report', 'settle'])
    expect(detail.timeline[1]!.attachments).toHaveLength(1)
    const after = (await (await call('dispatcher', 'GET', `/api/stats/levels?unit=${HEYANG}`)).json()) as { total: { village: number; self_settled: number }; children: { code: string; self_settled: number }[] }
    expect(after.total.village).toBe(before.total.village + 1)
    expect(after.total.self_settled).toBe(before.total.self_settled + 1)
    expect(after.children.find((c) => c.code === LONGYUAN)!.self_settled).toBeGreaterThanOrEqual(1)
    // Without a photo, for a category that is not settled on the spot, or by a desk: refused, nothing stored.
    const refused = [
      [{ category_code: 'urban.parking', photos: [] }, 400, 'photo_required'],
      [{ category_code: 'hazard.gas', photos: [photo] }, 422, 'not_self_settled'],
    ] as const
    for (const [over, status, code] of refused) {
      const client_id = randomUUID()
      const r = await call('gudongmei', 'POST', '/api/incidents', { client_id, description: '现场处置', people_involved: 0, ...at.longyuan, settled: { result: '已处置' }, ...over })
      expect(await errorOf(r)).toEqual({ status, code })
      const again = await call('gudongmei', 'POST', '/api/incidents', { client_id, category_code: 'urban.parking', description: '补报', people_involved: 0, ...at.longyuan })
      expect(again.status, 'the refused report was not stored').toBe(201)
    }
    expect((await call('cun-longyuan', 'POST', '/api/incidents', { client_id: randomUUID(), category_code: 'urban.parking', description: '现场', people_involved: 0, ...at.longyuan, photos: [photo], settled: { result: '已处置' } })).status).toBe(403)
    const screen = await call('screen', 'GET', `/api/stats/levels?unit=${HEYANG}`)
    expect(screen.status).toBe(200)
  })

  it('stops the clock for 缓办 and 挂账 and moves the deadline by the paused time; names sources; stores the evaluation', async () => {
    const r = await file('dispatcher', 'longyuan', { source: 'leader' })
    expect((await sql<{ source: string }>`select source from incident where id = ${r.id}`.execute(db.kysely)).rows[0]!.source).toBe('leader')
    await ok('dispatcher', r.id, 'accept')
    await ok('dispatcher', r.id, 'register')
    const dispatched = (await (await act('dispatcher', r.id, 'dispatch', { department_code: `town_${HEYANG}`, hours: 24 })).json()) as { deadline: string }
    expect(await errorOf(await act('dispatcher', r.id, 'defer'))).toEqual({ status: 400, code: 'note_required' })
    await ok('dispatcher', r.id, 'defer', { note: '等待业主委员会改选' })
    // The case stood for two days (written back so the test need not wait).
    const pausedAt = new Date(Date.now() - 48 * 3_600_000)
    await sql`update incident set paused_at = ${pausedAt} where id = ${r.id}`.execute(db.kysely)
    const before = new Date()
    const resumed = (await (await act('dispatcher', r.id, 'resume')).json()) as { deadline: string; status: string }
    const after = new Date()
    // Moved by the working time paused until the resume, which happened between `before` and `after`.
    const cal = await calendar.loadCalendar(db.kysely)
    const movedUntil = (t: Date) => addWorkingHours(new Date(dispatched.deadline), workingHoursBetween(pausedAt, t, cal), cal).getTime()
    expect(new Date(resumed.deadline).getTime()).toBeGreaterThanOrEqual(movedUntil(before) - 60_000) // deadlines are kept to the minute
    expect(new Date(resumed.deadline).getTime()).toBeLessThanOrEqual(movedUntil(after) + 60_000)
    expect(new Date(resumed.deadline).getTime()).toBeGreaterThan(new Date(dispatched.deadline).getTime())
    expect(resumed.status).toBe('handling')
    expect(await errorOf(await act('dispatcher', r.id, 'park'))).toEqual({ status: 400, code: 'note_required' })
    expect((await ok('dispatcher', r.id, 'park', { note: '等待专项资金' })).status).toBe('parked')
    expect((await ok('dispatcher', r.id, 'unpark')).status).toBe('handling')
    await ok('heyang', r.id, 'feedback', { note: '已处理' })
    await ok('dispatcher', r.id, 'verify')
    await ok('dispatcher', r.id, 'close')
    expect(await errorOf(await act('dispatcher', r.id, 'evaluate'))).toEqual({ status: 400, code: 'invalid_parameter' })
    expect((await act('dispatcher', r.id, 'evaluate', { satisfaction: 'great' })).status).toBe(400)
    await ok('dispatcher', r.id, 'evaluate', { satisfaction: 'basically', grade: 'good' })
    const row = (await sql<{ satisfaction: string; grade: string; paused_at: Date | null }>`select satisfaction, grade, paused_at from incident where id = ${r.id}`.execute(db.kysely)).rows[0]!
    expect(row).toEqual({ satisfaction: 'basically', grade: 'good', paused_at: null })
    const timeline = ((await (await call('dispatcher', 'GET', `/api/incidents/${r.id}`)).json()) as { timeline: { action: string; note: string | null }[] }).timeline
    expect(timeline.find((s) => s.action === 'resume')!.note).toMatch(/^时限顺延[\d.]+个工作小时$/)
    expect(timeline.at(-1)!.note).toBe('群众评价：基本满意；办理评定：良')
    // A grid worker's report is always 网格员上报, whatever it says.
    const mine = await file('gudongmei', 'longyuan', { source: 'leader' })
    expect((await sql<{ source: string }>`select source from incident where id = ${mine.id}`.execute(db.kysely)).rows[0]!.source).toBe('grid_worker')
  })

  it('takes a report up (受理) and registers it (立案) as two steps, or refuses it with a reason, counted in no rate', async () => {
    const r = await file('gudongmei', 'longyuan')
    expect(await errorOf(await act('cun-longyuan', r.id, 'handle'))).toEqual({ status: 409, code: 'illegal_transition' })
    expect((await ok('cun-longyuan', r.id, 'accept')).status).toBe('accepted')
    expect(await errorOf(await act('cun-longyuan', r.id, 'handle'))).toEqual({ status: 409, code: 'illegal_transition' })
    expect((await ok('cun-longyuan', r.id, 'register')).status).toBe('registered')
    const times = (await sql<{ accepted_at: Date; registered_at: Date }>`select accepted_at, registered_at from incident where id = ${r.id}`.execute(db.kysely)).rows[0]!
    expect(times.registered_at.getTime()).toBeGreaterThanOrEqual(times.accepted_at.getTime())
    // 不予受理 needs a reason from the list; a registered case is no longer refused.
    expect(await errorOf(await act('cun-longyuan', r.id, 'refuse', { reason: 'duplicate' }))).toEqual({ status: 409, code: 'illegal_transition' })
    const before = (await (await call('dispatcher', 'GET', `/api/stats/kpis?unit=${LONGYUAN}`)).json()) as Record<string, number>
    const bad = await file('gudongmei', 'longyuan')
    expect(await errorOf(await act('cun-longyuan', bad.id, 'refuse'))).toEqual({ status: 400, code: 'invalid_parameter' })
    expect((await act('cun-longyuan', bad.id, 'refuse', { reason: 'whatever' })).status).toBe(400)
    expect((await ok('cun-longyuan', bad.id, 'refuse', { reason: 'out_of_scope', note: '属民事合同纠纷，建议诉讼' })).status).toBe('refused')
    const detail = (await (await call('cun-longyuan', 'GET', `/api/incidents/${bad.id}`)).json()) as { incident: { refused_reason: string; overdue: boolean }; timeline: { action: string; note: string }[]; actions: string[] }
    expect(detail.incident.refused_reason).toBe('out_of_scope')
    expect(detail.timeline.at(-1)).toMatchObject({ action: 'refuse', note: '不予受理（不属受理范围）：属民事合同纠纷，建议诉讼' })
    expect(detail.actions).toEqual([])
    // Reported once more (the report counts), but neither open nor closed: no rate moves.
    const after = (await (await call('dispatcher', 'GET', `/api/stats/kpis?unit=${LONGYUAN}`)).json()) as Record<string, number>
    expect(after.incidents).toBe(before.incidents + 1)
    expect(after.refused).toBe(before.refused + 1)
    expect(after.open).toBe(before.open)
    expect(after.closed).toBe(before.closed)
    expect(after.closure_rate).toBe(before.closure_rate)
  })

  it('lets a department apply for more time or to send a case back, and the desk approve or deny; each counted', async () => {
    const dispatched = async () => {
      const r = await file('zhen-heyang', 'longyuan')
      for (const a of ['accept', 'register']) await ok('zhen-heyang', r.id, a)
      const d = (await (await act('zhen-heyang', r.id, 'dispatch', { department_code: `town_${HEYANG}`, hours: 8 })).json()) as { deadline: string }
      return { id: r.id, deadline: d.deadline }
    }
    const counts = async (id: number) => (await sql<{ request: string | null; return_count: number; extension_count: number; rework_count: number }>`
      select request, return_count, extension_count, rework_count from incident where id = ${id}`.execute(db.kysely)).rows[0]!
    // 申请延期: the department asks with hours and a reason; the deadline moves only when the desk approves.
    const a = await dispatched()
    expect(await errorOf(await act('heyang', a.id, 'request_extension', { hours: 16 }))).toEqual({ status: 400, code: 'note_required' })
    expect(await errorOf(await act('heyang', a.id, 'request_extension', { note: '需协调物业' }))).toEqual({ status: 400, code: 'invalid_parameter' })
    expect(await errorOf(await act('zhen-heyang', a.id, 'approve'))).toEqual({ status: 409, code: 'illegal_transition' })
    const asked = await ok('heyang', a.id, 'request_extension', { hours: 16, note: '需协调物业与业委会' })
    expect((asked as unknown as { deadline: string }).deadline).toBe(a.deadline)
    expect(await errorOf(await act('heyang', a.id, 'request_return', { note: '再申请' }))).toEqual({ status: 409, code: 'illegal_transition' })
    expect(await errorOf(await act('heyang', a.id, 'approve'))).toEqual({ status: 403, code: 'forbidden' })
    expect(await errorOf(await act('cun-longyuan', a.id, 'approve'))).toEqual({ status: 403, code: 'forbidden' })
    const detail = (await (await call('zhen-heyang', 'GET', `/api/incidents/${a.id}`)).json()) as { incident: { request: string; request_hours: number }; actions: string[] }
    expect(detail.incident).toMatchObject({ request: 'extend', request_hours: 16 })
    expect(detail.actions).toEqual(expect.arrayContaining(['approve', 'deny']))
    const approved = (await (await act('zhen-heyang', a.id, 'approve')).json()) as { deadline: string }
    const cal = await calendar.loadCalendar(db.kysely)
    expect(new Date(approved.deadline).toISOString()).toBe(addWorkingHours(new Date(a.deadline), 16, cal).toISOString())
    expect(await counts(a.id)).toEqual({ request: null, return_count: 0, extension_count: 1, rework_count: 0 })
    // Denied: the deadline stays, the reason is on the timeline, nothing is counted.
    await ok('heyang', a.id, 'request_extension', { hours: 8, note: '再延一天' })
    expect(await errorOf(await act('zhen-heyang', a.id, 'deny'))).toEqual({ status: 400, code: 'note_required' })
    const denied = (await (await act('zhen-heyang', a.id, 'deny', { note: '时限充足，请按期办结' })).json()) as { deadline: string }
    expect(denied.deadline).toBe(approved.deadline)
    expect(await counts(a.id)).toEqual({ request: null, return_count: 0, extension_count: 1, rework_count: 0 })
    // 申请回退: approved, the case comes back to the desk without a department, to be dispatched again.
    const b = await dispatched()
    await ok('heyang', b.id, 'request_return', { note: '不属本单位职责，应由住建部门办理' })
    expect((await ok('zhen-heyang', b.id, 'approve'))).toMatchObject({ status: 'returned', department_code: null })
    expect(await counts(b.id)).toEqual({ request: null, return_count: 1, extension_count: 0, rework_count: 0 })
    expect((await ok('zhen-heyang', b.id, 'dispatch', { department_code: 'housing', hours: 8 })).department_code).toBe('housing')
    const timeline = ((await (await call('dispatcher', 'GET', `/api/incidents/${b.id}`)).json()) as { timeline: { action: string; note: string }[] }).timeline
    expect(timeline.slice(-3).map((s) => s.action)).toEqual(['request_return', 'approve', 'dispatch'])
    expect(timeline.at(-2)!.note).toBe('同意回退')
    // 返工: a failed check counts too.
    await ok('zhen-heyang', b.id, 'extend', { hours: 4 })
    expect(await counts(b.id)).toEqual({ request: null, return_count: 1, extension_count: 1, rework_count: 0 })
    const kpis = (await (await call('zhen-heyang', 'GET', `/api/stats/kpis?unit=${LONGYUAN}`)).json()) as Record<string, number>
    // The figures count them once they are due (应结案, metrics.ts; tests/api/metrics.test.ts): a rate never passes 100 %.
    expect(kpis.returned).toBeLessThanOrEqual(kpis.due)
    expect(kpis.extended).toBeLessThanOrEqual(kpis.due)
    const c = await file('gudongmei', 'longyuan')
    for (const a of ['accept', 'register', 'handle']) await ok('cun-longyuan', c.id, a)
    await ok('cun-longyuan', c.id, 'feedback', { note: '已调解' })
    expect((await ok('gudongmei', c.id, 'rework', { note: '现场仍有争议', photos: [photo] })).status).toBe('handling')
    expect(await counts(c.id)).toEqual({ request: null, return_count: 0, extension_count: 0, rework_count: 1 })
  })

  it('answers deadlines by the working calendar, with holidays and make-up days as data', async () => {
    const deadline = async (from: string, hours: number, clock = 'working') =>
      ((await (await call('zhen-heyang', 'GET', `/api/calendar/deadline?from=${encodeURIComponent(from)}&hours=${hours}&clock=${clock}`)).json()) as { deadline: string }).deadline
    // Office hours 09:00–12:00 and 14:00–18:00 (none set: the default).
    expect((await (await call('admin', 'GET', '/api/calendar/office-hours')).json())).toEqual({ seasons: [] })
    expect(await deadline('2026-09-30T16:00:00+08:00', 24)).toBe(new Date('2026-10-12T10:00:00+08:00').toISOString())
    expect(await deadline('2026-02-13T16:00:00+08:00', 24)).toBe(new Date('2026-02-26T10:00:00+08:00').toISOString())
    expect(await deadline('2026-09-18T16:00:00+08:00', 7)).toBe(new Date('2026-09-20T16:00:00+08:00').toISOString())
    expect(await deadline('2026-09-30T16:00:00+08:00', 24, 'natural')).toBe(new Date('2026-10-01T16:00:00+08:00').toISOString())
    for (const bad of ['from=2026-02-30T10:00:00%2B08:00&hours=4', 'from=2026-02-13T16:00:00%2B08:00&hours=0', 'from=2026-02-13T16:00:00%2B08:00&hours=4&clock=lunar', 'hours=4']) {
      expect((await call('dispatcher', 'GET', `/api/calendar/deadline?${bad}`)).status, bad).toBe(400)
    }
    expect((await call(null, 'GET', '/api/calendar/deadline?from=2026-02-13T16:00:00%2B08:00&hours=4')).status).toBe(401)
    const days = (await (await call('dispatcher', 'GET', '/api/calendar/years/2026')).json()) as { days: { day: string; kind: string; name: string }[] }
    expect(days.days).toEqual(expect.arrayContaining([{ day: '2026-10-10', kind: 'workday', name: '国庆节调休上班' }, { day: '2026-10-01', kind: 'holiday', name: '国庆节' }]))

    // An administrator enters next year's notice; a desk may not.
    const year = { days: [{ day: '2027-01-01', kind: 'holiday', name: '元旦' }, { day: '2027-01-04', kind: 'holiday', name: '元旦' }] }
    expect((await call('dispatcher', 'PUT', '/api/calendar/years/2027', year)).status).toBe(403)
    expect(await errorOf(await call('admin', 'PUT', '/api/calendar/years/2027', { days: [{ day: '2028-01-01', kind: 'holiday', name: '元旦' }] })))
      .toEqual({ status: 400, code: 'invalid_parameter' })
    expect((await call('admin', 'PUT', '/api/calendar/years/2027', { days: [{ day: '2027-02-29', kind: 'holiday', name: '假' }] })).status).toBe(400)
    expect((await call('admin', 'PUT', '/api/calendar/years/2027', year)).status).toBe(200)
    expect(await deadline('2026-12-31T17:00:00+08:00', 2)).toBe(new Date('2027-01-05T10:00:00+08:00').toISOString())

    // Winter hours: the afternoon ends at 17:30.
    const winter = { seasons: [{ name: '冬季', from: '11-01', to: '02-28', periods: [['09:00', '12:00'], ['14:00', '17:30']] }] }
    expect((await call('admin', 'PUT', '/api/calendar/office-hours', { seasons: [{ name: '错', from: '11-01', to: '02-28', periods: [['14:00', '12:00']] }] })).status).toBe(400)
    expect((await (await call('admin', 'PUT', '/api/calendar/office-hours', winter)).json())).toEqual(winter)
    expect(await deadline('2026-11-25T17:00:00+08:00', 1)).toBe(new Date('2026-11-26T09:30:00+08:00').toISOString())
    expect((await call('admin', 'PUT', '/api/calendar/office-hours', { seasons: [] })).status).toBe(200)
    expect(await deadline('2026-11-25T17:00:00+08:00', 1)).toBe(new Date('2026-11-25T18:00:00+08:00').toISOString())
  })
})
