import { describe, expect, it } from 'vitest'
import { openPage, screenshot, signIn } from '../support/browser.js'
import { useWebApp } from '../support/web.js'

/**
 * 网格员队伍 in Chromium: a leader sees the district's grid workers with their figures over the test history's June,
 * picks one with a patrol track and sees the day's track on the map with its length and the share of the grid passed.
 */
describe('the grid workers page in Chromium', { timeout: 180_000 }, () => {
  const app = useWebApp()

  it.each([[1920, 1080], [3840, 2160]])('shows the figures and a patrol track at %i×%i', async (width, height) => {
    const { page, problems } = await openPage(app.browser, `${app.url}workers?from=2026-06-01&to=2026-07-01`, { width, height })
    await signIn(page, 'leader', 'worker-figures')
    const rows = page.getByTestId('worker-figures').locator('tbody tr')
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(1000)
    // A worker who patrolled in June (the eighth column: days on patrol; the ninth, the share of the grid covered).
    const patrolled = rows.filter({ has: page.locator('td:nth-child(8)', { hasNotText: /^0$/ }) }).first()
    await expect(patrolled.locator('td:nth-child(9)').textContent()).resolves.toMatch(/^\d+%$/)
    await patrolled.click()
    await page.locator('input[name=day]').fill('2026-06-30')
    const summary = page.getByTestId('track-summary')
    await summary.getByText(/\d+ 个定位 · [\d,]+ 米 · 覆盖网格 \d+%/).waitFor()
    await expect(summary.textContent()).resolves.not.toMatch(/^0 个定位/)
    await page.waitForTimeout(1500) // the map's flight to the track
    await screenshot(page, width === 1920 ? 'workers' : `workers-${width}x${height}`)
    expect(problems).toEqual([])
    await page.close()
  })
})
