import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import { openPage, screenshot, signIn } from '../support/browser.js'
import { useWebApp } from '../support/web.js'

/** The administrator tunes an early-warning rule and a category's default deadline on /admin. */
describe('settings page in Chromium', { timeout: 120_000 }, () => {
  const app = useWebApp()

  it('saves a rule threshold and a category deadline; a wrong value is refused with the reason', async () => {
    const { page, problems } = await openPage(app.browser, `${app.url}admin`, { width: 1920, height: 1080 })
    await signIn(page, 'admin', null)
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
    // Next year's holidays, as the State Council's notice lists them; a malformed line is named, nothing saved.
    const calendar = page.getByTestId('calendar')
    await calendar.locator('select[name=calendar-year]').selectOption('2027')
    await calendar.locator('textarea[name=calendar-days]').fill('2027-01-01 holiday 元旦\n2027-01-02 假日')
    await calendar.getByRole('button', { name: '保存' }).click()
    await calendar.getByRole('alert').filter({ hasText: '第 2 行' }).waitFor()
    await calendar.locator('textarea[name=calendar-days]').fill('2027-01-01 holiday 元旦\n2027-02-07 workday 春节调休上班')
    await calendar.getByRole('button', { name: '保存' }).click()
    await page.getByRole('status').filter({ hasText: '已保存 2027 年节假日' }).waitFor()
    const days = await app.db.kysely.selectFrom('calendar_day').select(['kind', 'name']).where('day', '>=', '2027-01-01').where('day', '<', '2028-01-01').orderBy('day').execute()
    expect(days).toEqual([{ kind: 'holiday', name: '元旦' }, { kind: 'workday', name: '春节调休上班' }])
    // The composite score's weights: all 0 is refused with the reason; the published ones saved again (other files rank by them).
    const weights = page.getByTestId('score-weights-admin')
    await expect.poll(() => weights.locator('input[name="weight.on_time_rate"]').inputValue()).toBe('35')
    const inputs = weights.locator('input')
    const before = await inputs.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))
    for (let i = 0; i < before.length; i++) await inputs.nth(i).fill('0')
    await weights.getByRole('button', { name: '发布权重' }).click()
    await page.getByRole('status').filter({ hasText: '未能发布综合指标值权重' }).waitFor()
    for (let i = 0; i < before.length; i++) await inputs.nth(i).fill(before[i]!)
    await weights.getByRole('button', { name: '发布权重' }).click()
    await page.getByRole('status').filter({ hasText: '已发布综合指标值权重' }).waitFor()
    expect((await app.db.kysely.selectFrom('score_weight').select(['figure', 'weight']).where('figure', '=', 'on_time_rate').execute())[0]!.weight).toBe(35)
    await screenshot(page, 'admin-settings')

    const rules = await app.db.kysely.selectFrom('alert_rule').select(['code', 'params']).where('code', '=', 'collective.people').executeTakeFirstOrThrow()
    const params = typeof rules.params === 'string' ? JSON.parse(rules.params) : rules.params
    expect(params.min_people).toBe(35)
    const gas = await app.db.kysely.selectFrom('incident_category').select('deadline_hours').where('code', '=', 'hazard.gas').executeTakeFirstOrThrow()
    expect(gas.deadline_hours).toBe(6)
    expect(problems.filter((p) => !p.includes('400'))).toEqual([])
  })

  it('edits the sensitive list, lifts a locked account name, and shows who read which case and why', async () => {
    // A desk reads a case (audited); a name is locked by failed logins.
    const { items } = (await (await app.api('/api/incidents?pageSize=1&category=urban')).json()) as { items: { id: number }[] }
    expect((await app.api(`/api/incidents/${items[0]!.id}`)).status).toBe(200)
    const badLogin = () => fetch(`${app.url}api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'leader', password: 'wrong' }) })
    for (let i = 0; i < 5; i++) await badLogin()
    expect((await badLogin()).status).toBe(429)

    const { page, problems } = await openPage(app.browser, `${app.url}admin`, { width: 1920, height: 1080 })
    await signIn(page, 'admin', null)
    const sensitive = page.getByTestId('sensitive')
    // The seeded list: family disputes are on it; a whole top category covers its children.
    await sensitive.locator('input[name="sensitive.dispute.family"]:checked').waitFor()
    expect(await sensitive.locator('input[name="sensitive.environment.burning"]').isChecked()).toBe(false)
    await sensitive.locator('input[name="sensitive.environment.burning"]').check()
    await sensitive.getByRole('button', { name: '保存敏感类别' }).click()
    await page.getByRole('status').filter({ hasText: '已保存敏感类别' }).waitFor()
    const listed = await app.db.kysely.selectFrom('sensitive_subject').select('code').where('code', '=', 'environment.burning').execute()
    expect(listed).toHaveLength(1)

    const signIns = page.getByTestId('sign-in')
    await signIns.getByText('账号 leader').waitFor()
    await signIns.locator('tr', { hasText: '账号 leader' }).getByRole('button', { name: '解除锁定' }).click()
    await page.getByRole('status').filter({ hasText: '已解除 leader 的锁定' }).waitFor()
    const again = await fetch(`${app.url}api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'leader', password: DEMO_PASSWORD }) })
    expect(again.status).toBe(200)

    const audit = page.getByTestId('audit')
    await audit.locator('input[name="audit.username"]').fill('dispatcher')
    await audit.locator('select[name="audit.action"]').selectOption('case.read')
    await audit.getByRole('button', { name: '查询' }).click()
    await audit.locator('tbody tr', { hasText: `incident:${items[0]!.id}` }).first().waitFor()
    await screenshot(page, 'admin-trust')
    await page.setViewportSize({ width: 3840, height: 2160 })
    await screenshot(page, 'admin-trust-4k')

    // Back as it was: the list other tests in this file's database rely on.
    await sensitive.locator('input[name="sensitive.environment.burning"]').uncheck()
    await sensitive.getByRole('button', { name: '保存敏感类别' }).click()
    await page.getByRole('status').filter({ hasText: '已保存敏感类别' }).waitFor()
    expect(problems).toEqual([])
  })
})
