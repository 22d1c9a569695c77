import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '@gridsight/api'
import { issueMonthlyBulletins, lastMonth } from '@gridsight/api/bulletin'
import { METRIC_COUNTS, METRIC_LABELS } from '@gridsight/contract'
import { bulletins, type Db, type metrics } from '@gridsight/db'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import { backends } from '../support/backends.js'
import { openPrivate } from '../support/bad-input.js'
import { TEST_END_DATE } from '../support/constants.js'

/**
 * The monthly bulletin (月度通报, issue 12), checked by programs: the workbook read back with exceljs equals the API's
 * figures (counts as numbers, rates as formulas); the PDF's pages rendered by poppler's pdftoppm (the first kept as
 * tests/artifacts/bulletin-page-1.png); made on the first working day of a month, once.
 */
const ARTIFACTS = join(import.meta.dirname, '../artifacts')

describe.each(backends())('the monthly bulletin on $name PostGIS', (backend) => {
  let db: Db
  let app: ReturnType<typeof createApp>
  const tokens: Record<string, string> = {}
  const { from, to } = lastMonth(TEST_END_DATE) // June 2026: the last whole month of the test history
  beforeAll(async () => {
    db = await openPrivate(backend, 'bulletin')
    app = createApp(db, { basemap: null })
    for (const u of ['leader', 'gudongmei']) {
      const res = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: DEMO_PASSWORD }) })
      tokens[u] = ((await res.json()) as { token: string }).token
    }
  })
  afterAll(async () => { await db?.close() })
  const call = (user: string, path: string, body?: unknown) => app.request(path, {
    method: body === undefined ? 'GET' : 'POST', headers: { authorization: `Bearer ${tokens[user]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })

  it("makes a month's bulletin whose workbook holds the API's figures and whose PDF has its pages", async () => {
    const res = await call('leader', '/api/bulletins', { from: from.toISOString(), to: to.toISOString() })
    expect(res.status).toBe(201)
    const made = (await res.json()) as bulletins.BulletinSummary
    expect(made).toMatchObject({ kind: 'on_demand', created_by: 'leader', title: expect.stringMatching(/2026年6月 社会治理月度通报$/) })
    expect(((await (await call('leader', '/api/bulletins')).json()) as bulletins.BulletinSummary[]).map((b) => b.id)).toContain(made.id)

    // The workbook against the API.
    const api = (await (await call('leader', `/api/stats/metrics?unit=${made.unit_code}&from=${from.toISOString()}&to=${to.toISOString()}&group=unit`)).json()) as
      { unit: metrics.Metrics; groups: metrics.MetricRow[] }
    const xlsx = await call('leader', `/api/bulletins/${made.id}/xlsx`)
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers.get('content-disposition')).toContain('.xlsx')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await xlsx.arrayBuffer())
    expect(book.worksheets.map((s) => s.name)).toEqual(['概况', '镇街排名', '部门排名', '红牌部门', '事件类别', '超期案件', '每日趋势'])
    const header = (sheet: ExcelJS.Worksheet) => (sheet.getRow(2).values as unknown[]).slice(1)
    const overview = book.getWorksheet('概况')!
    const cols = header(overview)
    const thisMonth = overview.getRow(3)
    expect(thisMonth.getCell(1).value).toBe('本月')
    for (const c of METRIC_COUNTS) expect(thisMonth.getCell(cols.indexOf(METRIC_LABELS[c]) + 1).value, c).toBe(api.unit[c])
    const onTime = thisMonth.getCell(cols.indexOf(METRIC_LABELS.on_time_rate) + 1).value as ExcelJS.CellFormulaValue
    expect(onTime.formula).toMatch(/^IF\(/)
    expect(onTime.result).toBeCloseTo(api.unit.on_time_rate!, 10)
    const league = book.getWorksheet('镇街排名')!
    const byName = new Map(api.groups.map((g) => [g.name, g]))
    let rows = 0
    league.eachRow((row, n) => {
      if (n < 3) return
      const g = byName.get(String(row.getCell(1).value))!
      expect(row.getCell(header(league).indexOf(METRIC_LABELS.due) + 1).value, g.name).toBe(g.due)
      expect(row.getCell(header(league).indexOf(METRIC_LABELS.closed_on_time) + 1).value, g.name).toBe(g.closed_on_time)
      rows++
    })
    expect(rows).toBe(api.groups.filter((g) => g.registered > 0).length)

    // The PDF: poppler renders every page.
    const pdf = await call('leader', `/api/bulletins/${made.id}/pdf`)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    const dir = mkdtempSync(join(tmpdir(), 'gridsight-bulletin-'))
    try {
      writeFileSync(join(dir, 'b.pdf'), new Uint8Array(await pdf.arrayBuffer()))
      const info = execFileSync('pdfinfo', [join(dir, 'b.pdf')], { encoding: 'utf8' })
      expect(info).toMatch(new RegExp(`Pages:\\s+${made.pages}\\n`))
      expect(info).toContain(made.title)
      execFileSync('pdftoppm', ['-png', '-r', '80', join(dir, 'b.pdf'), join(dir, 'page')])
      const pages = readdirSync(dir).filter((f) => f.startsWith('page')).sort()
      expect(pages.length).toBe(made.pages)
      expect(made.pages).toBeGreaterThanOrEqual(3)
      if (backend.name === 'embedded') {
        mkdirSync(ARTIFACTS, { recursive: true })
        copyFileSync(join(dir, pages[0]!), join(ARTIFACTS, 'bulletin-page-1.png'))
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('makes the monthly one on the first working day of the month, once, and not on the holidays before it', async () => {
    // October 2026 begins with the National Day holiday (10/1–7): its first working day is 8 October.
    expect(await issueMonthlyBulletins(db, new Date('2026-10-05T02:00:00Z'))).toEqual([])
    const made = await issueMonthlyBulletins(db, new Date('2026-10-08T01:00:00Z'))
    expect(made.map((b) => [b.kind, b.title.endsWith('2026年9月 社会治理月度通报'), b.created_by])).toEqual([['monthly', true, null]])
    expect(await issueMonthlyBulletins(db, new Date('2026-10-09T01:00:00Z'))).toEqual([])
  })

  it('refuses what it cannot make or show: a clear 4xx, nothing kept', async () => {
    const before = (await bulletins.list(db.kysely)).length
    expect((await call('leader', '/api/bulletins', { from: to.toISOString(), to: from.toISOString() })).status).toBe(400)
    expect((await call('leader', '/api/bulletins', { from: from.toISOString() })).status).toBe(400)
    expect((await call('leader', '/api/bulletins', { from: from.toISOString(), to: to.toISOString(), extra: 1 })).status).toBe(400)
    expect((await call('gudongmei', '/api/bulletins', { from: from.toISOString(), to: to.toISOString() })).status).toBe(403)
    expect((await bulletins.list(db.kysely)).length).toBe(before)
    expect((await call('leader', '/api/bulletins/999999/pdf')).status).toBe(404)
    expect((await call('leader', '/api/bulletins/1/doc')).status).toBe(400)
    expect((await call('gudongmei', '/api/bulletins')).status).toBe(403)
  })
})
