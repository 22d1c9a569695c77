import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { openPage, screenshot, signIn } from '../support/browser.js'
import { useWebApp } from '../support/web.js'

/**
 * 考核排名 in Chromium: a leader sees the league tables of departments and towns over the test history's June ranked by
 * the composite score, with 环比/同比 on the totals and the towns on a map, sorts by a figure, opens a town's cases and
 * one of them on the dispatch console, and downloads the XLSX, which exceljs reads back with the same figure the page
 * shows; makes June's bulletin, downloads its PDF and workbook, and finds it announced on the desk. A department's staff
 * see their own figures and place.
 */
describe('the leader page in Chromium', { timeout: 180_000 }, () => {
  const app = useWebApp()

  it.each([[1920, 1080], [3840, 2160], [1024, 768]])('shows the league tables at %i×%i', async (width, height) => {
    const { page, problems } = await openPage(app.browser, `${app.url}leader?from=2026-06-01&to=2026-07-01`, { width, height })
    await signIn(page, 'leader', 'league-units')
    const towns = page.getByTestId('league-units').locator('tbody tr')
    await expect.poll(() => towns.count(), { timeout: 30_000 }).toBe(30)
    const departments = page.getByTestId('league-departments').locator('tbody tr')
    await expect.poll(() => departments.count()).toBeGreaterThan(5)
    // Ranked best first by 综合指标值 (the third column); by 按期结案率 and by 返工率 (lowest first) when asked.
    const rates = async (col: number) => (await towns.locator(`td:nth-child(${col})`).allTextContents()).map((t) => parseFloat(t))
    const score = await rates(3)
    expect(score.every((x) => x > 0 && x <= 100)).toBe(true)
    expect(score).toEqual([...score].sort((a, b) => b - a))
    await page.getByTestId('league-units').getByRole('columnheader', { name: '按期结案率' }).click()
    await expect.poll(async () => { const r = await rates(8); return r.join() === [...r].sort((a, b) => b - a).join() }).toBe(true)
    await page.getByTestId('league-units').getByRole('columnheader', { name: '返工率' }).click()
    await expect.poll(async () => { const r = await rates(10); return r.join() === [...r].sort((a, b) => a - b).join() }).toBe(true)
    // The weights are published on the page; the totals compare with May (环比); the towns are on the map.
    await expect.poll(() => page.getByTestId('score-weights').textContent()).toMatch(/按期结案率 35/)
    await expect.poll(() => page.getByTestId('delta-环比').first().textContent()).toMatch(/环比 [↑↓→]/)
    await page.getByTestId('town-map').locator('canvas').waitFor()
    if (width === 1920) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()])
      expect(download.suggestedFilename()).toMatch(/考核指标-2026-06-01-2026-06-30\.xlsx$/)
      const book = new ExcelJS.Workbook()
      await book.xlsx.readFile((await download.path())!)
      const sheet = book.getWorksheet('下级单位')!
      // The page's first town: its 立案数 (fourth column) is the sheet's (its fourth: name, 上报数, 受理数, 立案数), its score too.
      const first = await towns.first().locator('td').allTextContents()
      const row = [...Array(sheet.rowCount).keys()].map((i) => sheet.getRow(i + 1)).find((r) => r.getCell(1).value === first[1])!
      expect(sheet.getRow(2).getCell(4).value).toBe('立案数')
      expect(row.getCell(4).value).toBe(Number(first[3]!.replace(/,/g, '')))
      const scoreCol = (sheet.getRow(2).values as unknown[]).indexOf('综合指标值')
      expect(row.getCell(scoreCol).value).toBeCloseTo(Number(first[2]), 1)
      // 钻取: the town's cases of the month, and one of them on the dispatch console.
      await towns.first().getByRole('link').click()
      const drill = page.getByTestId('drill')
      await expect.poll(() => drill.locator('h2').textContent()).toContain(`${first[1]} · `)
      const link = drill.locator('tbody a').first()
      const href = (await link.getAttribute('href'))!
      const caseTitle = (await drill.locator('tbody tr').first().locator('td').nth(1).textContent())!
      expect(href).toMatch(/^\/dispatch\?case=\d+$/)
      await screenshot(page, 'leader-drill-1920x1080')
      // The month's bulletin, made from the page, downloaded as PDF and as Excel.
      await page.getByTestId('make-bulletin').click()
      const item = page.getByTestId('bulletins').locator('li', { hasText: '2026年6月 社会治理月度通报' })
      await expect.poll(() => item.count(), { timeout: 60_000 }).toBeGreaterThan(0)
      const [pdf] = await Promise.all([page.waitForEvent('download'), item.first().getByTestId('bulletin-pdf').click()])
      expect(pdf.suggestedFilename()).toMatch(/2026年6月 社会治理月度通报\.pdf$/)
      expect(readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe('%PDF-')
      const [xlsx] = await Promise.all([page.waitForEvent('download'), item.first().getByTestId('bulletin-xlsx').click()])
      const bulletin = new ExcelJS.Workbook()
      await bulletin.xlsx.readFile((await xlsx.path())!)
      expect(bulletin.getWorksheet('镇街排名')!.rowCount).toBeGreaterThan(2)
      // The case from the drill opens on the dispatch console, where the new bulletin is announced.
      await page.goto(`${app.url}${href.slice(1)}`)
      await expect.poll(() => page.getByTestId('case').textContent(), { timeout: 30_000 }).toContain(caseTitle)
      await expect.poll(() => page.getByTestId('bulletin-notice').textContent()).toContain('2026年6月 社会治理月度通报')
      await screenshot(page, 'dispatch-drilled-1920x1080')
      await page.goto(`${app.url}leader?from=2026-06-01&to=2026-07-01`)
      await expect.poll(() => towns.count(), { timeout: 30_000 }).toBe(30)
      await page.getByTestId('town-map').locator('canvas').waitFor()
    }
    await screenshot(page, width === 1920 ? 'leader-1920x1080' : `leader-${width}x${height}`)
    expect(problems).toEqual([])
    await page.close()
  })

  it.each([[1920, 1080], [390, 844]])("shows department staff their own department's figures and place at %i×%i", async (width, height) => {
    const { page, problems } = await openPage(app.browser, `${app.url}leader?from=2026-06-01&to=2026-07-01`, { width, height })
    await signIn(page, 'police', 'league-departments')
    await expect.poll(() => page.getByTestId('own-place').textContent(), { timeout: 30_000 }).toMatch(/个承办部门中排第 \d+ 名/)
    await expect.poll(() => page.locator('h1').textContent()).toContain('公安')
    expect(await page.getByTestId('league-units').count()).toBe(0) // the towns' table is the leaders'
    await expect.poll(() => page.getByTestId('league-departments').locator('tr.mine').count()).toBe(1)
    await screenshot(page, `leader-department-${width}x${height}`)
    expect(problems).toEqual([])
    await page.close()
  })
})
