import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createApp } from '@gridsight/api'
import { compositeScore, METRIC_GROUP_LABELS, METRIC_GROUPS, METRIC_LABELS, SCORE_FIGURES, SCORE_WEIGHTS, type ScoreWeights, sortLeague } from '@gridsight/contract'
import { type Db, metrics, privacy } from '@gridsight/db'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import { backends } from '../support/backends.js'
import { openPrivate } from '../support/bad-input.js'

/**
 * The standard figures (issue 12, DOMAIN.md "Metrics") on hand-made cases at the edges: a window in March 2020, long
 * before the generated year, holds only the cases written here (a private database: they must not move other files'
 * figures). Each case names what it is and which figures it is in.
 */
const FROM = new Date('2020-02-29T16:00:00Z') // 2020-03-01 Beijing
const TO = new Date('2020-03-31T16:00:00Z') // 2020-04-01 Beijing
const at = (day: number, hour = 10) => new Date(Date.UTC(2020, 2, day, hour - 8))

interface Case {
  name: string
  status: string
  registered?: Date | null
  deadline?: Date | null
  closed?: Date | null
  reported?: Date
  merged?: boolean
  refused?: boolean
  selfSettled?: boolean
  rework?: number
  extension?: number
  returns?: number
  satisfaction?: string
  department?: boolean
  /** Minutes on the category's clock: report → 受理, feedback → 核查, 立案 → 结案 (as the workflow keeps them). */
  accept?: number
  verify?: number
  handling?: number
}

const CASES: Case[] = [
  { name: 'closed on time', status: 'closed', registered: at(2), deadline: at(5), closed: at(4), satisfaction: 'satisfied', accept: 20, verify: 100, handling: 120 },
  { name: 'closed late', status: 'closed', registered: at(2), deadline: at(5), closed: at(7), satisfaction: 'dissatisfied', accept: 90, verify: 600, handling: 300 },
  { name: 'open past its deadline', status: 'handling', registered: at(3), deadline: at(6) },
  { name: 'open, deadline after the window', status: 'handling', registered: at(30), deadline: new Date('2020-04-05T02:00:00Z') },
  { name: '缓办 past its deadline', status: 'deferred', registered: at(3), deadline: at(6) },
  { name: '挂账 past its deadline', status: 'parked', registered: at(3), deadline: at(6) },
  { name: 'merged duplicate', status: 'closed', registered: at(4), deadline: at(8), closed: at(4, 11), merged: true, accept: 10, handling: 5 },
  { name: 'refused', status: 'refused', registered: null, refused: true },
  { name: 'extended, then closed on time', status: 'closed', registered: at(5), deadline: at(12), closed: at(11), extension: 1, accept: 30, verify: 480, handling: 600 },
  { name: 'reworked twice, closed late', status: 'closed', registered: at(5), deadline: at(8), closed: at(10), rework: 2, verify: 200, handling: 900 },
  { name: 'returned once, closed on time', status: 'closed', registered: at(6), deadline: at(9), closed: at(8), returns: 1, handling: 60 },
  { name: 'settled on the spot', status: 'closed', registered: null, selfSettled: true, reported: at(9), deadline: null, closed: at(9, 11), handling: 30 },
  { name: 'registered after the window', status: 'handling', reported: at(31, 20), registered: new Date('2020-04-01T02:00:00Z'), deadline: new Date('2020-04-03T02:00:00Z') },
]

describe.each(backends())('the standard figures on $name PostGIS', (backend) => {
  let db: Db
  let village: string
  let town: string
  let department: string
  let app: ReturnType<typeof createApp>
  let token: string
  let admin: string
  beforeAll(async () => {
    db = await openPrivate(backend, 'metrics')
    const v = (await sql<{ code: string; parent: string; lon: number; lat: number }>`
      select code, parent_code as parent, ST_X(ST_PointOnSurface(geom)) as lon, ST_Y(ST_PointOnSurface(geom)) as lat
      from admin_unit where level = 'village' order by code limit 1`.execute(db.kysely)).rows[0]!
    village = v.code
    town = v.parent
    department = (await sql<{ code: string }>`select code from department order by code limit 1`.execute(db.kysely)).rows[0]!.code
    for (const c of CASES) {
      const reported = c.reported ?? new Date((c.registered ?? at(2)).getTime() - 3_600_000)
      await sql`insert into incident (title, category_code, source, status, geom, village_code, town_code, department_code, reported_at,
          accepted_at, registered_at, deadline, closed_at, merged_into, refused_reason, self_settled, rework_count, extension_count, return_count,
          satisfaction, level, accept_minutes, verify_minutes, handling_minutes)
        values (${c.name}, 'urban.road', 'grid_worker', ${c.status}, ST_SetSRID(ST_MakePoint(${v.lon}, ${v.lat}), 4326), ${village}, ${town},
          ${c.selfSettled || c.refused ? null : department}, ${reported}, ${c.selfSettled ? null : reported}, ${c.registered ?? null},
          ${c.deadline ?? null}, ${c.closed ?? null}, null, ${c.refused ? 'invalid' : null}, ${c.selfSettled ?? false}, ${c.rework ?? 0},
          ${c.extension ?? 0}, ${c.returns ?? 0}, ${c.satisfaction ?? null}, ${c.selfSettled ? 'village' : 'town'},
          ${c.accept ?? null}, ${c.verify ?? null}, ${c.handling ?? null})`.execute(db.kysely)
    }
    // A merged duplicate points at the case it duplicates.
    await sql`update incident set merged_into = (select id from incident where title = 'closed on time' and reported_at < ${TO} and reported_at >= ${FROM})
      where title = 'merged duplicate' and reported_at >= ${FROM} and reported_at < ${TO}`.execute(db.kysely)
    app = createApp(db, { basemap: null })
    const res = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'leader', password: DEMO_PASSWORD }) })
    token = ((await res.json()) as { token: string }).token
    const a = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }) })
    admin = ((await a.json()) as { token: string }).token
  })
  afterAll(async () => { await db?.close() })

  it('counts each case where the definitions put it', async () => {
    const m = await metrics.unitMetrics(db.kysely, { scope: { level: 'village', code: village }, from: FROM, to: TO })
    expect(m).toMatchObject({
      reported: 13, // every report, the last at 20:00 on 31 March (Beijing)
      refused: 1,
      merged: 1,
      // 立案 in the window: every case but the refused, the merged and the one registered after the window.
      registered: 10,
      // 应结案: closed (6, of which the spot settlement), or past the deadline and not paused (the open one); not the
      // open one due after the window, not 缓办 or 挂账.
      due: 7,
      closed: 6,
      closed_on_time: 4,
      overdue: 3,
      reworked: 1,
      extended: 1,
      returned: 1,
      self_settled: 1,
      evaluated: 2,
      satisfied: 1,
    })
    expect(m.closure_rate).toBeCloseTo(6 / 7)
    expect(m.on_time_rate).toBeCloseTo(4 / 7)
    expect(m.rework_rate).toBeCloseTo(1 / 7)
    expect(m.self_settled_share).toBeCloseTo(1 / 6)
    expect(m.satisfaction_rate).toBeCloseTo(1 / 2)
  })

  it("counts the centre's own timeliness and the handling time: 及时受理率, 派遣准确率, 及时核查率, average and median", async () => {
    const m = await metrics.unitMetrics(db.kysely, { scope: { level: 'village', code: village }, from: FROM, to: TO })
    expect(m).toMatchObject({
      // 受理 in the window: every report but the spot settlement and the merged duplicate; within the hour: 20 and 30 minutes, not 90.
      accepted: 11, accepted_timely: 2,
      // Of the window's 10 立案, 9 went to a department (the spot settlement did not); one came back.
      dispatched: 9, dispatch_ok: 8,
      // 办结 in the window (closed, not merged): six; four verified, of which in a working day (≤ 480 min) 100, 480 and 200, not 600.
      verified: 4, verified_timely: 3,
      // Handling times of the six: 120, 300, 600, 900, 60 and 30 minutes (the merged duplicate's 5 is in none).
      timed: 6, handling_minutes: 2010,
      avg_handling_hours: 5.6, // 2010 / 6 / 60 = 5.58
      // The grouped median: the third of six is in the class [120, 180) alone, 120 + (3 − 2) / 1 × 60 = 180 minutes.
      median_handling_hours: 3,
    })
    expect(m.timely_accept_rate).toBeCloseTo(2 / 11)
    expect(m.dispatch_accuracy).toBeCloseTo(8 / 9)
    expect(m.timely_verify_rate).toBeCloseTo(3 / 4)
  })

  it('scores units and departments by the published weights, ranks by the score, and lets only administrators publish them', async () => {
    const q = `unit=${town}&from=${FROM.toISOString()}&to=${TO.toISOString()}&group=department`
    const get = async () => (await (await app.request(`/api/stats/metrics?${q}`, { headers: { authorization: `Bearer ${token}` } })).json()) as
      { unit: metrics.ScoredRow; groups: metrics.ScoredRow[]; weights: Record<string, number> }
    const before = await get()
    expect(before.weights).toEqual(SCORE_WEIGHTS)
    // By hand: 100 × Σ weight × value / Σ weight, less-is-better rates as 1 − rate.
    const r = { on_time: 4 / 7, closure: 6 / 7, rework: 1 / 7, extension: 1 / 7, return: 1 / 7, satisfaction: 1 / 2, accept: 2 / 11, verify: 3 / 4 }
    const w = SCORE_WEIGHTS
    const byHand = (100 * (w.on_time_rate * r.on_time + w.closure_rate * r.closure + w.rework_rate * (1 - r.rework) + w.extension_rate * (1 - r.extension)
      + w.return_rate * (1 - r.return) + w.satisfaction_rate * r.satisfaction + w.timely_accept_rate * r.accept + w.timely_verify_rate * r.verify)) /
      Object.values(w).reduce((a, b) => a + b, 0)
    expect(before.unit.score).toBeCloseTo(byHand, 1)
    // The department's own cases (not the spot settlement) by the same formula; one with nothing due has no score, and ranks last.
    const mine = before.groups.find((g) => g.key === department)!
    expect(mine.score).not.toBeNull()
    expect(mine.score).toBe(compositeScore(mine, SCORE_WEIGHTS))
    expect(before.groups.filter((g) => g.key !== department).every((g) => g.score === null)).toBe(true)
    expect(sortLeague(before.groups, 'score')[0]!.key).toBe(department)

    const put = (body: unknown, as = admin) => app.request('/api/stats/weights', {
      method: 'PUT', headers: { authorization: `Bearer ${as}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    })
    const onlyOnTime = Object.fromEntries(SCORE_FIGURES.map((f) => [f, f === 'on_time_rate' ? 100 : 0]))
    expect((await put(onlyOnTime, token)).status).toBe(403) // a leader reads the weights; administrators publish them
    for (const bad of [{ ...onlyOnTime, on_time_rate: 101 }, { ...onlyOnTime, on_time_rate: 0 }, { ...onlyOnTime, on_time_rate: 1.5 }, { ...onlyOnTime, person: 3 },
      { on_time_rate: 100 }, 'x']) {
      const res = await put(bad)
      expect(res.status, JSON.stringify(bad)).toBe(400)
    }
    expect((await get()).weights).toEqual(SCORE_WEIGHTS) // nothing refused changed anything
    const saved = await put(onlyOnTime)
    expect(saved.status).toBe(200)
    expect(await saved.json()).toEqual(onlyOnTime)
    const after = await get()
    expect(after.unit.score).toBeCloseTo(100 * (4 / 7), 1)
    expect(compositeScore(after.unit, after.weights as ScoreWeights)).toBe(after.unit.score)
    expect((await put(SCORE_WEIGHTS)).status).toBe(200)
  })

  it('gives every group the same definitions, and the groups add up to the unit', async () => {
    const scope = { scope: { level: 'town' as const, code: town }, from: FROM, to: TO }
    const unit = await metrics.unitMetrics(db.kysely, scope)
    const byLevel = await metrics.groupMetrics(db.kysely, scope, 'level')
    expect(byLevel.map((r) => r.key)).toEqual(['district', 'town', 'village'])
    for (const k of ['reported', 'registered', 'due', 'closed', 'closed_on_time', 'overdue'] as const) {
      expect(byLevel.reduce((n, r) => n + r[k], 0), k).toBe(unit[k])
    }
    expect(byLevel.find((r) => r.key === 'village')).toMatchObject({ name: '村（社区）', registered: 1, closed: 1, self_settled: 1, self_settled_share: 1 })
    const byDepartment = await metrics.groupMetrics(db.kysely, scope, 'department')
    expect(byDepartment.find((r) => r.key === department)).toMatchObject({ registered: 9, due: 6, closed: 5 })
    // Every department is listed, with zeros when it had nothing.
    expect(byDepartment.filter((r) => r.registered === 0).length).toBe(byDepartment.length - 1)
    const byUnit = await metrics.groupMetrics(db.kysely, scope, 'unit')
    expect(byUnit.find((r) => r.key === village)).toMatchObject({ due: unit.due, closed: unit.closed })
  })

  it('answers over HTTP, per group, and refuses what it does not know with a clear 400', async () => {
    const get = (q: string) => app.request(`/api/stats/metrics?${q}`, { headers: { authorization: `Bearer ${token}` } })
    for (const group of METRIC_GROUPS) {
      const res = await get(`unit=${town}&from=${FROM.toISOString()}&to=${TO.toISOString()}&group=${group}`)
      expect(res.status, group).toBe(200)
      const body = (await res.json()) as { unit: metrics.Metrics; groups: metrics.MetricRow[] }
      expect(body.unit.due).toBe(7)
      expect(body.groups.length, group).toBeGreaterThan(0)
    }
    const bad = await get(`unit=${town}&group=person`)
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/group must be one of/)
  })

  it('exports the figures as XLSX that Excel reads back equal to the API: counts as numbers, rates as formulas; and as CSV with a BOM', async () => {
    const window = `unit=${town}&from=${FROM.toISOString()}&to=${TO.toISOString()}`
    const res = await app.request(`/api/stats/metrics/export?${window}`, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/spreadsheetml/)
    expect(res.headers.get('content-disposition')).toMatch(/filename\*=UTF-8''.*\.xlsx/)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await res.arrayBuffer())
    expect(book.worksheets.map((w) => w.name)).toEqual(['合计', ...METRIC_GROUPS.map((g) => METRIC_GROUP_LABELS[g])])
    const api = (await (await app.request(`/api/stats/metrics?${window}&group=department`, { headers: { authorization: `Bearer ${token}` } })).json()) as
      { unit: metrics.Metrics; groups: metrics.MetricRow[] }
    const sheet = book.getWorksheet('承办部门')!
    const header = (sheet.getRow(2).values as unknown[]).slice(1)
    const col = (label: string) => header.indexOf(label) + 1
    const row = [...Array(sheet.rowCount).keys()].map((i) => sheet.getRow(i + 1)).find((r) => r.getCell(1).value === api.groups.find((g) => g.key === department)!.name)!
    const mine = api.groups.find((g) => g.key === department)!
    for (const k of ['registered', 'due', 'closed', 'closed_on_time', 'overdue'] as const) expect(row.getCell(col(METRIC_LABELS[k])).value, k).toBe(mine[k])
    const rate = row.getCell(col(METRIC_LABELS.on_time_rate)).value as { formula: string; result: number }
    expect(rate.formula).toMatch(/^IF\([A-Z]+\d+>0,[A-Z]+\d+\/[A-Z]+\d+,""\)$/)
    expect(rate.result).toBeCloseTo(mine.on_time_rate!)
    const total = book.getWorksheet('合计')!.getRow(3)
    expect(total.getCell(col(METRIC_LABELS.due)).value).toBe(api.unit.due)
    const csv = await app.request(`/api/stats/metrics/export?${window}&format=csv&group=level`, { headers: { authorization: `Bearer ${token}` } })
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/)
    const bytes = new Uint8Array(await csv.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // the BOM Excel needs for UTF-8
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    const lines = text.slice(1).trim().split('\r\n')
    expect(lines[0]!.split(',').slice(0, 3)).toEqual(['处置层级', '上报数', '受理数'])
    expect(lines.map((l) => l.split(',')[0])).toEqual(['处置层级', '区', '镇街', '村（社区）'])
    expect((await app.request(`/api/stats/metrics/export?${window}&format=pdf`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(400)
  })

  it('exports the case ledger (台账) of a filter as the list shows it, XLSX and CSV', async () => {
    const filter = `unit=${village}&from=${FROM.toISOString()}&to=${TO.toISOString()}`
    const list = (await (await app.request(`/api/incidents?${filter}&pageSize=500`, { headers: { authorization: `Bearer ${token}` } })).json()) as { total: number; items: { id: number; title: string }[] }
    expect(list.total).toBe(CASES.length)
    const res = await app.request(`/api/incidents/export?${filter}`, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await res.arrayBuffer())
    const sheet = book.getWorksheet('案件台账')!
    expect(sheet.getRow(1).getCell(1).value).toBe(`案件台账 · ${CASES.length} 件`)
    expect(sheet.getRow(3).getCell(1).value).toBe(list.items[0]!.id) // newest first, as the list
    expect(sheet.rowCount).toBe(2 + CASES.length)
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await app.request(`/api/incidents/export?${filter}&format=csv&status=refused`,
      { headers: { authorization: `Bearer ${token}` } })).arrayBuffer())
    const lines = csv.slice(1).trim().split('\r\n')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain('不予受理')
    expect((await app.request(`/api/incidents/export?${filter}&format=doc`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(400)
    // Each export is in the audit log: who, which filter, how many rows.
    const log = await privacy.auditLog(db.kysely, { action: 'case.export', page: 1, pageSize: 10 })
    expect(log.items.slice(0, 2).map((r) => [r.username, r.subject, r.reason])).toEqual([
      ['leader', `incidents:${filter}&format=csv&status=refused`, '1 件 CSV'],
      ['leader', `incidents:${filter}`, `${CASES.length} 件 XLSX`],
    ])
  })
})
