import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import { openPage, screenshot, signIn } from '../support/browser.js'
import { useWebApp } from '../support/web.js'

/** A report reaches the dispatcher, who dispatches it; the department's queue then shows it. */
describe('dispatch console in Chromium', { timeout: 150_000 }, () => {
  const app = useWebApp()


  it('dispatches a new report to 合阳城街道, whose queue then shows it', async () => {
    const login = await fetch(`${app.url}api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'gudongmei', password: DEMO_PASSWORD }) })
    const { token } = (await login.json()) as { token: string }
    const unit = (await (await app.api('/api/units/500117001016')).json()) as { label: [number, number] }
    const title = `龙苑社区 物业纠纷 ${Date.now() % 100000}`
    const res = await fetch(`${app.url}api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ client_id: randomUUID(), category_code: 'dispute.property', description: '业主与物业因停车费争执', title, people_involved: 6, lon: unit.label[0], lat: unit.label[1] }) })
    expect(res.status).toBe(201)

    const desk = await openPage(app.browser, `${app.url}dispatch`, { width: 1920, height: 1080 })
    await signIn(desk.page, 'dispatcher')
    await desk.page.getByTestId('queue').getByText(title).click()
    await desk.page.getByTestId('case').getByRole('button', { name: '受理', exact: true }).click()
    await desk.page.getByRole('status').filter({ hasText: '已受理' }).waitFor()
    await desk.page.getByTestId('case').getByRole('button', { name: '立案', exact: true }).click()
    await desk.page.getByRole('status').filter({ hasText: '已立案' }).waitFor()
    await desk.page.locator('select[name=department]').selectOption({ label: '合阳城街道办事处' })
    await desk.page.getByTestId('case').getByRole('button', { name: '派遣' }).click()
    await desk.page.getByRole('status').filter({ hasText: '已派遣' }).waitFor()
    await desk.page.getByTestId('timeline').getByText('派遣至合阳城街道办事处', { exact: false }).waitFor()
    await desk.page.getByTestId('case').getByText('附近视频', { exact: false }).waitFor()
    await screenshot(desk.page, 'dispatch-console')

    const dept = await openPage(app.browser, `${app.url}dispatch`, { width: 1920, height: 1080 })
    await signIn(dept.page, 'heyang')
    await dept.page.getByTestId('queue').getByText(title).waitFor()
    const police = await openPage(app.browser, `${app.url}dispatch`, { width: 1920, height: 1080 })
    await signIn(police.page, 'police')
    await expect(police.page.getByTestId('queue').getByText(title).count()).resolves.toBe(0)
    expect([...desk.problems, ...dept.problems, ...police.problems]).toEqual([])
  })
})
