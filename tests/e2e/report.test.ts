import sharp from 'sharp'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openPage, screenshot, signIn } from '../support/browser.js'
import { useWebApp } from '../support/web.js'

/** A grid worker's phone files a report on /report; the wall shows it. */
describe('field report page in Chromium', { timeout: 150_000 }, () => {
  const app = useWebApp()

  async function fill(page: Page, text: string) {
    await page.locator('select[name=top]').selectOption({ label: '矛盾纠纷' })
    await page.locator('select[name=category]').selectOption({ label: '物业纠纷' })
    await page.locator('textarea[name=description]').fill(text)
    await page.locator('input[name=people]').fill('3')
    const map = page.getByTestId('report-map')
    await page.waitForTimeout(1500)
    const box = (await map.boundingBox())!
    // The middle of the district view lies inside the district.
    await map.click({ position: { x: box.width * 0.5, y: box.height * 0.55 } })
  }

  it('files a report from a phone, keeps it through a dropped network, and the wall shows it', async () => {
    const wall = await openPage(app.browser, `${app.url}?window=today`, { width: 1920, height: 1080 }, { session: app.screen })
    await wall.page.getByTestId('first-render').waitFor({ state: 'attached', timeout: 45_000 })
    await wall.page.getByText('实时').waitFor({ timeout: 15_000 })

    const phone = await openPage(app.browser, `${app.url}report`, { width: 390, height: 844 })
    await signIn(phone.page, 'gudongmei', null)
    await phone.page.getByText('古冬梅（龙苑社区网格员）').waitFor()

    await fill(phone.page, '小区业主与物业因停车费发生纠纷')
    await phone.page.getByRole('button', { name: '上报' }).click()
    await phone.page.getByText('已上报 1 条').waitFor({ timeout: 5_000 })
    await wall.page.getByTestId('latest').getByText('物业纠纷').first().waitFor({ timeout: 10_000 }) // pushed live; how fast is P2's question
    await screenshot(phone.page, 'report-phone')

    // Offline: the report waits on the phone, then goes exactly once when the network returns.
    await phone.page.context().setOffline(true)
    await fill(phone.page, '断网时上报的第二条')
    const png = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: { r: 90, g: 140, b: 60 } } }).png().toBuffer()
    await phone.page.locator('input[name=photos]').setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: png })
    await phone.page.locator('.thumbs img').waitFor()
    await screenshot(phone.page, 'report-phone-photo')
    await phone.page.getByRole('button', { name: '上报' }).click()
    await phone.page.getByTestId('outbox').getByText('待发送 1 条').waitFor()
    await phone.page.context().setOffline(false)
    await phone.page.evaluate("window.dispatchEvent(new Event('online'))")
    await phone.page.getByTestId('outbox').waitFor({ state: 'detached', timeout: 15_000 })
    const list = (await (await app.api('/api/incidents?unit=500117001016&status=reported&pageSize=50')).json()) as { items: { title: string }[] }
    const mine = await app.db.kysely.selectFrom('incident').select('description').where('description', '=', '断网时上报的第二条').execute()
    expect(mine).toHaveLength(1)
    // Its photo came along, shrunk on the phone and re-encoded by the server.
    const photos = await sql<{ width: number; height: number }>`select a.width, a.height from attachment a join incident i on i.id = a.incident_id
      where i.description = '断网时上报的第二条'`.execute(app.db.kysely)
    expect(photos.rows).toEqual([{ width: 1600, height: 1067 }])
    await phone.page.getByTestId('my-grid').getByText('物业纠纷').first().waitFor()
    expect(list.items.length).toBeGreaterThanOrEqual(2)
    expect(phone.problems.filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([])
    expect(wall.problems).toEqual([])
  })
})
