import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import { openPage, screenshot } from '../support/browser.js'
import { useWebApp } from '../support/web.js'

/** The administrator tunes an early-warning rule and a category's default deadline on /admin. */
describe('settings page in Chromium', { timeout: 120_000 }, () => {
  const app = useWebApp()

  it('saves a rule threshold and a category deadline; a wrong value is refused with the reason', async () => {
    const { page, problems } = await openPage(app.browser, `${app.url}admin`, { width: 1920, height: 1080 })
    await page.locator('input[name=username]').fill('admin')
    await page.locator('input[name=password]').fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: '登录' }).click()
    const rule = page.locator('tr[data-rule="collective.people"]')
    await rule.locator('input[name="collective.people.min_people"]').fill('35')
    await rule.getByRole('button', { name: '保存' }).click()
    await page.getByRole('status').filter({ hasText: '已保存' }).waitFor()
    await rule.locator('input[name="collective.people.min_people"]').fill('1')
    await rule.getByRole('button', { name: '保存' }).click()
    await page.getByRole('status').filter({ hasText: 'min_people must be within' }).waitFor()
    const cat = page.locator('tr[data-category="hazard.gas"]')
    await cat.locator('input[type=number]').fill('6')
    await cat.getByRole('button', { name: '保存' }).click()
    await page.getByRole('status').filter({ hasText: '已保存：燃气隐患' }).waitFor()
    await screenshot(page, 'admin-settings')

    const rules = await app.db.kysely.selectFrom('alert_rule').select(['code', 'params']).where('code', '=', 'collective.people').executeTakeFirstOrThrow()
    const params = typeof rules.params === 'string' ? JSON.parse(rules.params) : rules.params
    expect(params.min_people).toBe(35)
    const gas = await app.db.kysely.selectFrom('incident_category').select('deadline_hours').where('code', '=', 'hazard.gas').executeTakeFirstOrThrow()
    expect(gas.deadline_hours).toBe(6)
    expect(problems.filter((p) => !p.includes('400'))).toEqual([])
  })
})
