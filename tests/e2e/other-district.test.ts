import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { type RunningServer, startHttpServer } from '@gridsight/api/http'
import { loginToken } from '../support/api.js'
import { type Db, repoRoot } from '@gridsight/db'
import { defaultOptions, generateAll } from '@gridsight/geodata'
import { backends } from '../support/backends.js'
import { distinctColours, launchBrowser, openPage, screenshot } from '../support/browser.js'
import { TEST_END_DATE } from '../support/constants.js'

/**
 * A second real district, 铜梁区 (500151), generated from its data set into a database of its own: the API and the
 * wall serve it with no code change and no setting — the district is what the database holds.
 */
const TONGLIANG = '500151'

describe.each(backends())('another district (铜梁区) on $name PostGIS', { timeout: 180_000 }, (backend) => {
  let db: Db
  let server: RunningServer
  let browser: Browser | undefined
  let screen: string
  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path.slice(1)}`, { headers: { authorization: `Bearer ${screen}` } })
    expect(res.status, path).toBe(200)
    return res.json() as Promise<any>
  }

  beforeAll(async () => {
    db = await backend.openEmpty('other_district')
    await generateAll(db.kysely, defaultOptions({ district: TONGLIANG, scale: 0.02, endDate: TEST_END_DATE }))
    server = await startHttpServer({ db, port: 0, host: '127.0.0.1', webDist: join(repoRoot, 'web/dist') })
    screen = await loginToken({ request: (p, i) => fetch(`${server.url}${p.slice(1)}`, i) }, 'screen')
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await db?.close()
  })

  it('serves the district, its towns, figures and tiles', async () => {
    const config = await get('/api/config')
    expect(config.district).toMatchObject({ code: TONGLIANG, name: '铜梁区' })
    const [root] = await get('/api/units/tree')
    expect(root).toMatchObject({ code: TONGLIANG, name: '铜梁区', level: 'district' })
    expect(root.children).toHaveLength(28)
    expect(root.children.map((t: { name: string }) => t.name)).toContain('巴川街道')
    // Statistics default to the district in the database; a town of it filters like any other unit.
    const window = 'from=2026-06-01T00:00:00%2B08:00&to=2026-07-01T00:00:00%2B08:00'
    const kpis = await get(`/api/stats/kpis?${window}`)
    const district = await get(`/api/stats/kpis?unit=${TONGLIANG}&${window}`)
    expect(kpis).toEqual(district)
    expect(kpis.incidents).toBeGreaterThan(0)
    const ranking = await get(`/api/stats/ranking?${window}`)
    expect(ranking).toHaveLength(28)
    const town = ranking[0].code
    const list = await get(`/api/incidents?unit=${town}&${window}&pageSize=5`)
    expect(list.items.every((i: { town_code: string }) => i.town_code === town)).toBe(true)
    const [lon, lat] = root.label
    const z = 12
    const x = Math.floor(((lon + 180) / 360) * 2 ** z)
    const y = Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z)
    const tile = await fetch(`${server.url}api/tiles/villages/${z}/${x}/${y}.mvt`, { headers: { authorization: `Bearer ${screen}` } })
    expect(tile.status).toBe(200)
  })

  it.runIf(backend.name === 'embedded')('opens the wall on the district, in Chromium', async () => {
    browser = await launchBrowser()
    const { page, problems } = await openPage(browser, `${server.url}?window=custom&from=2026-06-01&to=2026-06-30`, { width: 1920, height: 1080 }, { session: screen })
    await page.getByTestId('first-render').waitFor({ state: 'attached', timeout: 60_000 })
    await page.waitForTimeout(1500)
    await expect(page.getByTestId('breadcrumb').textContent()).resolves.toBe('铜梁区')
    await expect(page.locator('.panel-title').allTextContents()).resolves.toEqual(expect.arrayContaining(['铜梁区 · 核心指标']))
    const shot = await screenshot(page, 'big-screen-other-district')
    expect(distinctColours(shot, { x: 576, y: 216, width: 768, height: 648 })).toBeGreaterThan(50)
    expect(problems).toEqual([])
    await page.close()
  })
})
