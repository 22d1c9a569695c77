import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { type RunningServer, startHttpServer } from '@gridsight/api/http'
import { type Db, repoRoot } from '@gridsight/db'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import { backends } from '../support/backends.js'
import { launchBrowser, openPage, screenshot } from '../support/browser.js'

/** A report reaches the dispatcher, who dispatches it; the department's queue then shows it. */
describe('dispatch console in Chromium', { timeout: 150_000 }, () => {
  let db: Db
  let server: RunningServer
  let browser: Browser
  beforeAll(async () => {
    db = await backends()[0]!.open()
    server = await startHttpServer({ db, port: 0, host: '127.0.0.1', webDist: join(repoRoot, 'web/dist') })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await db?.close()
  })

  async function signIn(page: Page, username: string) {
    await page.locator('input[name=username]').fill(username)
    await page.locator('input[name=password]').fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByTestId('queue').waitFor()
  }

  it('dispatches a new report to 合阳城街道, whose queue then shows it', async () => {
    const login = await fetch(`${server.url}api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'gudongmei', password: DEMO_PASSWORD }) })
    const { token } = (await login.json()) as { token: string }
    const unit = (await (await fetch(`${server.url}api/units/500117001016`)).json()) as { label: [number, number] }
    const title = `龙苑社区 物业纠纷 ${Date.now() % 100000}`
    const res = await fetch(`${server.url}api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ client_id: randomUUID(), category_code: 'dispute.property', description: '业主与物业因停车费争执', title, people_involved: 6, lon: unit.label[0], lat: unit.label[1] }) })
    expect(res.status).toBe(201)

    const desk = await openPage(browser, `${server.url}dispatch`, { width: 1920, height: 1080 })
    await signIn(desk.page, 'dispatcher')
    await desk.page.getByTestId('queue').getByText(title).click()
    await desk.page.getByTestId('case').getByRole('button', { name: '立案' }).click()
    await desk.page.getByRole('status').filter({ hasText: '已立案' }).waitFor()
    await desk.page.locator('select[name=department]').selectOption({ label: '合阳城街道办事处' })
    await desk.page.getByTestId('case').getByRole('button', { name: '派遣' }).click()
    await desk.page.getByRole('status').filter({ hasText: '已派遣' }).waitFor()
    await desk.page.getByTestId('timeline').getByText('派遣至合阳城街道办事处', { exact: false }).waitFor()
    await desk.page.getByTestId('case').getByText('附近视频', { exact: false }).waitFor()
    await screenshot(desk.page, 'dispatch-console')

    const dept = await openPage(browser, `${server.url}dispatch`, { width: 1920, height: 1080 })
    await signIn(dept.page, 'heyang')
    await dept.page.getByTestId('queue').getByText(title).waitFor()
    const police = await openPage(browser, `${server.url}dispatch`, { width: 1920, height: 1080 })
    await signIn(police.page, 'police')
    await expect(police.page.getByTestId('queue').getByText(title).count()).resolves.toBe(0)
    expect([...desk.problems, ...dept.problems, ...police.problems]).toEqual([])
  })
})
