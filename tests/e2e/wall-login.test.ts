import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import { openPage } from '../support/browser.js'
import { useWebApp } from '../support/web.js'

/** GRIDSIGHT_PUBLIC_WALL=off: nothing reads without a session; the wall runs under the screen account's token. */
describe('a wall that is not public, in Chromium', { timeout: 120_000 }, () => {
  const app = useWebApp({ basemap: null, publicWall: false })
  const api = (path: string, init: RequestInit = {}) => fetch(`${app.url}${path.slice(1)}`, init)

  it('refuses anonymous reads, keeps device feeds and login open, and takes a token into a cookie', async () => {
    expect((await api('/api/stats/kpis')).status).toBe(401)
    expect(((await (await api('/api/alerts')).json()) as any).error.code).toBe('login_required')
    expect((await api('/api/stream')).status).toBe(401)
    expect((await api('/api/health')).status).toBe(200)
    expect(((await (await api('/api/config')).json()) as any).publicWall).toBe(false)
    expect((await api('/api/sensors/SMK-00001/events', { method: 'POST', headers: { 'content-type': 'application/json', 'x-device-key': 'x' }, body: '{"type":"alarm"}' })).status).toBe(401)
    const login = await api('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'screen', password: DEMO_PASSWORD }) })
    const { token } = (await login.json()) as { token: string }
    expect((await api('/api/stats/kpis', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
    const bad = await api('/api/auth/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: 'not-a-real-token' }) })
    expect(bad.status).toBe(401)
    const adopted = await api('/api/auth/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) })
    expect(adopted.status).toBe(200)
    expect(adopted.headers.get('set-cookie')).toMatch(/gs_session=.*HttpOnly/i)

    // The wall opened once with the token: it draws, and the token is gone from the address bar.
    const { page, problems } = await openPage(app.browser, `${app.url}?token=${encodeURIComponent(token)}`, { width: 1920, height: 1080 })
    await page.getByTestId('first-render').waitFor({ state: 'attached', timeout: 60_000 })
    await page.getByTestId('freshness').getByText('实时').waitFor()
    expect(new URL(page.url()).searchParams.get('token')).toBeNull()
    // Without a session it asks for the screen account instead.
    const other = await app.browser.newContext({ viewport: { width: 1280, height: 800 } })
    const anon = await other.newPage()
    await anon.goto(app.url)
    await anon.getByTestId('wall-login').waitFor()
    await other.close()
    expect(problems).toEqual([])
  })
})
