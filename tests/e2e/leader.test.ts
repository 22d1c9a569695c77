import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { openPage, screenshot, signIn } from '../support/browser.js'
import { useWebApp } from '../support/web.js'

/**
 * 考核排名 in Chromium: a leader sees the league tables of departments and towns over the test history's June, sorts by
 * a figure, and downloads the XLSX, which exceljs reads back with the same figure the page shows; makes June's bulletin
 * and downloads its PDF and workbook.
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
    // Sorted best first by 按期结案率 (the seventh column), then by 返工率 lowest first.
    const rates = async (col: number) => (await towns.locator(`td:nth-child(${col})`).allTextContents()).map((t) => parseFloat(t))
    const onTime = await rates(7)
    expect(onTime).toEqual([...onTime].sort((a, b) => b - a))
    await page.getByTestId('league-units').getByRole('columnheader', { name: '返工率' }).click()
    await expect.poll(async () => { const r = await rates(9); return r.join() === [...r].sort((a, b) => a - b).join() }).toBe(true)
    if (width === 1920) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()])
      expect(download.suggestedFilename()).toMatch(/考核指标-2026-06-01-2026-06-30\.xlsx$/)
      const book = new ExcelJS.Workbook()
      await book.xlsx.readFile((await download.path())!)
      const sheet = book.getWorksheet('下级单位')!
      // The page's first town: its 立案数 (third column) is the sheet's (its fourth: name, 上报数, 受理数, 立案数).
      const first = await towns.first().locator('td').allTextContents()
      const row = [...Array(sheet.rowCount).keys()].map((i) => sheet.getRow(i + 1)).find((r) => r.getCell(1).value === first[1])!
      expect(sheet.getRow(2).getCell(4).value).toBe('立案数')
      expect(row.getCell(4).value).toBe(Number(first[2]!.replace(/,/g, '')))
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
    }
    await screenshot(page, width === 1920 ? 'leader-1920x1080' : `leader-${width}x${height}`)
    expect(problems).toEqual([])
    await page.close()
  })
})
