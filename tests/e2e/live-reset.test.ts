import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { startHttpServer } from '@gridsight/api/http'
import { repoRoot } from '@gridsight/db'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import { openPage } from '../support/browser.js'
import { useWebApp } from '../support/web.js'

/**
 * The wall after its database's event log was re-created under it (a restore, a rebuilt server): the ids it resumes
 * from no longer exist. The stream answers with a reset, and the wall re-reads its data and goes on live — no frozen
 * wall that looks live, and no page reload.
 */
describe('the wall after the event log was re-created', { timeout: 150_000 }, () => {
  const app = useWebApp()

  /** The screen sees a report's category and place, never its title: a report is told by its category's count. */
  const file = async (category: string) => {
    const login = await fetch(`${app.url}api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'gudongmei', password: DEMO_PASSWORD }) })
    const { token } = (await login.json()) as { token: string }
    const unit = (await (await app.api('/api/units/500117001016')).json()) as { label: [number, number] }
    const res = await fetch(`${app.url}api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ client_id: randomUUID(), category_code: category, description: '现场核实', people_involved: 0, lon: unit.label[0], lat: unit.label[1] }) })
    expect(res.status).toBe(201)
  }

  it('resets, re-reads its data and shows the next report live, without reloading the page', async () => {
    const { page, problems } = await openPage(app.browser, `${app.url}?window=today`, { width: 1920, height: 1080 }, { session: app.screen })
    await page.getByTestId('first-render').waitFor({ state: 'attached', timeout: 45_000 })
    await page.getByText('实时').waitFor({ timeout: 15_000 })
    const shown = (name: string) => page.getByTestId('latest').getByText(name).count()
    const gas = await shown('燃气隐患')
    await file('hazard.gas')
    await expect.poll(() => shown('燃气隐患'), { timeout: 10_000 }).toBeGreaterThan(gas) // the wall now resumes from that event's id
    await page.evaluate(() => { (window as unknown as { sameWall: boolean }).sameWall = true })

    expect(problems).toEqual([])
    // The API stops, the log starts again from id 1, the API comes back on the same address.
    const port = app.server.port
    await app.server.close()
    await sql`truncate live_event restart identity`.execute(app.db.kysely)
    app.server = await startHttpServer({ db: app.db, port, host: '127.0.0.1', webDist: join(repoRoot, 'web/dist') })
    const reread = page.waitForRequest((r) => r.url().includes('/api/alerts?'), { timeout: 30_000 })
    await page.getByText('实时').waitFor({ timeout: 30_000 })
    await reread // the reset made the wall re-read its alerts (read once otherwise)
    problems.length = 0 // what failed while the API was down (the stream, reads cut off by the stop) is the outage's

    const manholes = await shown('井盖缺失')
    await file('urban.manhole')
    await expect.poll(() => shown('井盖缺失'), { timeout: 10_000 }).toBeGreaterThan(manholes)
    expect(await page.evaluate(() => (window as unknown as { sameWall?: boolean }).sameWall)).toBe(true)
    expect(problems).toEqual([])
    await page.close()
  })
})
