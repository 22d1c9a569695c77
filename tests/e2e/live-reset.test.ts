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

  const file = async (title: string) => {
    const login = await fetch(`${app.url}api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'gudongmei', password: DEMO_PASSWORD }) })
    const { token } = (await login.json()) as { token: string }
    const unit = (await (await app.api('/api/units/500117001016')).json()) as { label: [number, number] }
    const res = await fetch(`${app.url}api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ client_id: randomUUID(), category_code: 'dispute.neighbour', description: '邻里纠纷', title, people_involved: 2, lon: unit.label[0], lat: unit.label[1] }) })
    expect(res.status).toBe(201)
  }

  it('resets, re-reads its data and shows the next report live, without reloading the page', async () => {
    const { page, problems } = await openPage(app.browser, `${app.url}?window=today`, { width: 1920, height: 1080 }, { session: app.screen })
    await page.getByTestId('first-render').waitFor({ state: 'attached', timeout: 45_000 })
    await page.getByText('实时').waitFor({ timeout: 15_000 })
    const before = `重建前 ${Date.now() % 100000}`
    await file(before)
    await page.getByTestId('latest').getByText(before).first().waitFor({ timeout: 10_000 }) // the wall now resumes from that event's id
    await page.evaluate(() => { (window as unknown as { sameWall: boolean }).sameWall = true })

    // The API stops, the log starts again from id 1, the API comes back on the same address.
    const port = app.server.port
    await app.server.close()
    await sql`truncate live_event restart identity`.execute(app.db.kysely)
    app.server = await startHttpServer({ db: app.db, port, host: '127.0.0.1', webDist: join(repoRoot, 'web/dist') })
    const reread = page.waitForRequest((r) => r.url().includes('/api/alerts?'), { timeout: 30_000 })
    await page.getByText('实时').waitFor({ timeout: 30_000 })
    await reread // the reset made the wall re-read its alerts (read once otherwise)

    const after = `重建后 ${Date.now() % 100000}`
    await file(after)
    await page.getByTestId('latest').getByText(after).first().waitFor({ timeout: 10_000 })
    expect(await page.evaluate(() => (window as unknown as { sameWall?: boolean }).sameWall)).toBe(true)
    // The reconnect itself fails while the API is down: those are the only problems allowed.
    expect(problems.filter((p) => !/api\/stream|ERR_CONNECTION_REFUSED|EventSource/.test(p))).toEqual([])
    await page.close()
  })
})
