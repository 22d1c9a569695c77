import { randomUUID } from 'node:crypto'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import { openPage, screenshot, signIn } from '../support/browser.js'
import { useWebApp } from '../support/web.js'

// The test history ends 2026-06-30: the wall looks at its last month.
const JUNE = 'window=custom&from=2026-06-01&to=2026-06-30'

/**
 * Three levels of command in Chromium: a grid worker's report reaches the village desk (龙苑社区), which escalates it;
 * the town desk (合阳城街道) dispatches it; the department feeds back; the grid worker checks it on the phone; the town
 * closes it — and the district desk watches it all live on its own console. The wall shows where cases are settled (村/镇/区).
 */
describe('three levels of command in Chromium', { timeout: 240_000 }, () => {
  const app = useWebApp()

  const token = async (username: string) => ((await (await fetch(`${app.url}api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }) })).json()) as { token: string }).token
  const as = (t: string) => (path: string, body?: unknown) => fetch(`${app.url}${path.slice(1)}`, {
    method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` }, body: body === undefined ? undefined : JSON.stringify(body) })
  async function takeAction(page: Page, label: string, note?: string) {
    if (note) await page.locator('input[name=note]').fill(note)
    await page.getByTestId('case').getByRole('button', { name: label, exact: true }).click()
    await page.getByRole('status').filter({ hasText: label }).waitFor()
  }

  it('escalates from the village to the town, which dispatches; the district sees every step live', async () => {
    const district = await openPage(app.browser, `${app.url}dispatch`, { width: 1920, height: 1080 })
    await signIn(district.page, 'dispatcher')

    const worker = as(await token('gudongmei'))
    const unit = (await (await app.api('/api/units/500117001016')).json()) as { label: [number, number] }
    const title = `龙苑社区 物业纠纷 ${Date.now() % 100000}`
    const filed = await worker('/api/incidents', { client_id: randomUUID(), category_code: 'dispute.property', description: '多个小区业主与物业因停车费争执',
      title, people_involved: 12, lon: unit.label[0], lat: unit.label[1] })
    expect(filed.status).toBe(201)
    const id = ((await filed.json()) as { id: number }).id
    // The district's queue shows it without a reload; its desk keeps it open and watches.
    await district.page.getByTestId('queue').getByText(title).click({ timeout: 60_000 })

    const village = await openPage(app.browser, `${app.url}dispatch`, { width: 1920, height: 1080 })
    await signIn(village.page, 'cun-longyuan')
    await expect(village.page.locator('header h1').textContent()).resolves.toBe('龙苑社区工作站 · 调度台')
    await village.page.getByTestId('queue').getByText(title).click()
    await takeAction(village.page, '受理')
    await takeAction(village.page, '立案')
    await expect(village.page.getByTestId('case').getByRole('button', { name: '派遣', exact: true }).count()).resolves.toBe(0)
    await takeAction(village.page, '上报上级', '涉及多个小区，需街道协调')
    await village.page.getByTestId('timeline').getByText('上报至镇街级', { exact: false }).waitFor()
    await screenshot(village.page, 'village-desk')

    const town = await openPage(app.browser, `${app.url}dispatch`, { width: 1920, height: 1080 })
    await signIn(town.page, 'zhen-heyang')
    await town.page.getByTestId('queue').getByText(title).click()
    await town.page.locator('select[name=department]').selectOption({ label: '合阳城街道办事处' })
    // The deadline it will set, by the working calendar, before the desk confirms.
    await town.page.locator('input[name=hours]').fill('8')
    await town.page.getByTestId('deadline-preview').getByText('派遣后时限至', { exact: false }).waitFor()
    await takeAction(town.page, '派遣')
    await town.page.getByTestId('timeline').getByText('派遣至合阳城街道办事处', { exact: false }).waitFor()

    // The department asks for more time; the town desk sees the application and approves it.
    const department = as(await token('heyang'))
    expect((await department(`/api/incidents/${id}/actions`, { action: 'request_extension', hours: 8, note: '需与业委会共同协商' })).status).toBe(200)
    await town.page.getByTestId('case-request').getByText('申请延期', { exact: false }).waitFor({ timeout: 60_000 })
    await screenshot(town.page, 'town-desk')
    await takeAction(town.page, '批准申请')
    await town.page.getByTestId('timeline').getByText('同意延期8个工作小时', { exact: false }).waitFor()
    expect((await department(`/api/incidents/${id}/actions`, { action: 'feedback', note: '已约谈物业，停车费按原价执行' })).status).toBe(200)

    // The grid worker checks it in the field, on the phone, with a photo.
    const phone = await openPage(app.browser, `${app.url}report`, { width: 390, height: 844 })
    await signIn(phone.page, 'gudongmei', null)
    const task = phone.page.getByTestId('my-grid').locator('li').filter({ hasText: title })
    await task.getByText('待核查').waitFor()
    await task.locator('input[name=verify-note]').fill('现场核实，停车费已恢复原价')
    await task.locator('input[name=verify-photos]').setInputFiles({ name: 'check.jpg', mimeType: 'image/jpeg', buffer: await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 70, g: 130, b: 90 } } }).jpeg().toBuffer() })
    await task.getByRole('button', { name: '核查通过' }).click()
    await phone.page.getByRole('status').filter({ hasText: '已核查通过' }).waitFor()
    await task.getByText('已核查').waitFor()
    await task.scrollIntoViewIfNeeded()
    await screenshot(phone.page, 'report-task')
    expect(phone.problems).toEqual([])
    await phone.page.close()

    await town.page.getByTestId('queue').getByText(title).click()
    await town.page.getByTestId('case').getByText('已核查', { exact: false }).waitFor()
    await takeAction(town.page, '结案')

    // The district's console followed the whole path live, with the level of each step.
    const timeline = district.page.getByTestId('timeline')
    await timeline.locator('li').filter({ hasText: '结案 ·' }).waitFor({ timeout: 60_000 })
    const levels = await timeline.locator('.level').allTextContents()
    expect(levels).toEqual(['村（社区）', '村（社区）', '村（社区）', '镇街', '镇街', '镇街'])
    await expect(district.page.getByTestId('case').locator('.meta').first().textContent()).resolves.toContain('镇街级办结')
    await screenshot(district.page, 'district-desk-levels')
    expect([...district.problems, ...village.problems, ...town.problems]).toEqual([])
    for (const p of [district, village, town]) await p.page.close()
  })

  it('gives the nearest grid worker on duty a task from the town console, closed on the phone with a photo', async () => {
    const unit = (await (await app.api('/api/units/500117001016')).json()) as { label: [number, number] }
    const [lon, lat] = unit.label
    // On duty, sharing the phone's position (it asks the browser for it).
    const phone = await openPage(app.browser, `${app.url}report`, { width: 390, height: 844 }, { geolocation: { latitude: lat + 0.0004, longitude: lon } })
    await signIn(phone.page, 'gudongmei', null)
    await phone.page.locator('input[name=on-duty]').check()
    await phone.page.locator('input[name=share-position]').check()
    await phone.page.getByTestId('duty').getByText('最近发送', { exact: false }).waitFor()

    const title = `龙苑社区 困难救助 ${Date.now() % 100000}`
    const filed = await as(await token('zhen-heyang'))('/api/incidents', { client_id: randomUUID(), category_code: 'livelihood.relief', description: '独居老人家中无人应答',
      title, people_involved: 1, lon, lat })
    expect(filed.status, await filed.clone().text()).toBe(201)
    for (const size of [{ width: 1920, height: 1080 }, { width: 3840, height: 2160 }]) {
      const town = await openPage(app.browser, `${app.url}dispatch`, size)
      await signIn(town.page, 'zhen-heyang')
      await town.page.getByTestId('queue').getByText(title).click()
      const duty = town.page.getByTestId('on-duty').locator('li').filter({ hasText: '古冬梅' })
      await duty.waitFor()
      await expect(duty.textContent()).resolves.toMatch(/古冬梅.* · \d+ 米 · 位置(刚刚|\d+ 分钟前)/)
      await screenshot(town.page, size.width === 1920 ? 'town-desk-workers' : 'town-desk-3840x2160')
      if (size.width === 1920) {
        await duty.getByRole('button', { name: '派任务' }).click()
        await town.page.getByRole('status').filter({ hasText: '已派走访任务' }).waitFor()
      }
      expect(town.problems).toEqual([])
      await town.page.close()
    }

    await phone.page.reload()
    // The phone carries on as it was: on duty, sharing.
    await phone.page.getByTestId('duty').getByText('位置共享中', { exact: false }).waitFor()
    await expect(phone.page.locator('input[name=on-duty]').isChecked()).resolves.toBe(true)
    const task = phone.page.getByTestId('my-tasks').locator('li').filter({ hasText: title })
    await task.getByRole('button', { name: '办理' }).click()
    await task.locator('input[name=task-result]').fill('已上门，老人身体不适已联系家属')
    await task.locator('input[name=task-photos]').setInputFiles({ name: 'visit.jpg', mimeType: 'image/jpeg', buffer: await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 90, g: 110, b: 140 } } }).jpeg().toBuffer() })
    await screenshot(phone.page, 'report-duty-task')
    await task.getByRole('button', { name: '完成任务' }).click()
    await phone.page.getByRole('status').filter({ hasText: '已完成任务' }).waitFor()
    // The list reloads after the message: the finished task leaves it.
    await expect.poll(() => phone.page.getByTestId('my-tasks').locator('li').filter({ hasText: title }).count(), { timeout: 15_000 }).toBe(0)
    expect(phone.problems).toEqual([])
    await phone.page.close()
  })

  it('offers the grid worker 自行处置 for a small matter, with its result', async () => {
    const phone = await openPage(app.browser, `${app.url}report`, { width: 390, height: 844 })
    await signIn(phone.page, 'gudongmei', null)
    await phone.page.locator('select[name=top]').selectOption({ label: '城市管理' })
    await phone.page.locator('select[name=category]').selectOption({ label: '乱停乱放' })
    await phone.page.locator('input[name=settled]').check()
    await phone.page.locator('textarea[name=description]').fill('车辆堵塞消防通道')
    await phone.page.locator('textarea[name=settled-result]').fill('已联系车主挪车，通道恢复畅通')
    await expect(phone.page.getByRole('button', { name: '上报处置结果' }).isDisabled()).resolves.toBe(true) // no photo yet
    await screenshot(phone.page, 'report-settle')
    await phone.page.locator('select[name=category]').selectOption({ label: '占道经营' })
    await phone.page.locator('select[name=top]').selectOption({ label: '安全隐患' })
    await phone.page.locator('select[name=category]').selectOption({ label: '燃气隐患' })
    await expect(phone.page.locator('input[name=settled]').count()).resolves.toBe(0)
    expect(phone.problems).toEqual([])
    await phone.page.close()
  })

  it.each([[1920, 1080], [3840, 2160]])('shows on the wall where cases are settled (村/镇/区) at %i×%i', async (width, height) => {
    const { page, problems } = await openPage(app.browser, `${app.url}?${JUNE}`, { width, height }, { session: app.screen })
    await page.getByTestId('first-render').waitFor({ state: 'attached', timeout: 90_000 })
    const panel = page.getByTestId('levels-panel')
    await expect(panel.locator('.panel-title').textContent()).resolves.toMatch(/^三级处置 · 村级办结 \d+% · 网格员自行处置 \d+%$/)
    await page.waitForTimeout(1000)
    const box = (await panel.boundingBox())!
    expect(box.y + box.height).toBeLessThanOrEqual(height + 1)
    await screenshot(page, width === 1920 ? 'big-screen-levels' : `big-screen-levels-${width}x${height}`)
    expect(problems).toEqual([])
    await page.close()
  })
})
