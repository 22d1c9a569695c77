import { randomUUID } from 'node:crypto'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import { backends } from '../support/backends.js'
import { useApi } from '../support/api.js'

/** Photos on reports and feedback: limits, re-encoding, sizes served, and who may see them. */
describe.each(backends())('case photos on $name PostGIS', (backend) => {
  const { ctx } = useApi(backend)
  const tokens: Record<string, string> = {}
  let at: { lon: number; lat: number }
  let png: string
  beforeAll(async () => {
    for (const u of ['gudongmei', 'dispatcher', 'heyang', 'police', 'screen']) {
      const res = await ctx.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: DEMO_PASSWORD }) })
      tokens[u] = ((await res.json()) as any).token
    }
    const unit = (await (await ctx.app.request('/api/units/500117001016', { headers: { authorization: `Bearer ${tokens.dispatcher}` } })).json()) as any
    at = { lon: unit.label[0], lat: unit.label[1] }
    png = (await sharp({ create: { width: 2400, height: 1800, channels: 3, background: { r: 200, g: 80, b: 40 } } }).png().toBuffer()).toString('base64')
  })
  const call = (user: string | null, method: string, path: string, body?: unknown) =>
    ctx.app.request(path, { method, headers: { 'content-type': 'application/json', ...(user ? { authorization: `Bearer ${tokens[user]}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) })
  const report = (photos: string[], client_id = randomUUID()) => call('gudongmei', 'POST', '/api/incidents',
    { client_id, category_code: 'hazard.fire', description: '楼道堆放杂物', people_involved: 0, ...at, photos })

  it('stores up to three photos re-encoded, and serves them at two sizes to those who may read the case', async () => {
    const res = await report([png, `data:image/png;base64,${png}`])
    expect(res.status).toBe(201)
    const inc = (await res.json()) as any
    const detail = (await (await call('gudongmei', 'GET', `/api/incidents/${inc.id}`)).json()) as any
    const photos = detail.timeline[0].attachments
    expect(photos).toHaveLength(2)
    expect(photos[0]).toMatchObject({ width: 1600, height: 1200 })
    for (const [size, max] of [['thumb', 320], ['full', 1600]] as const) {
      const img = await call('gudongmei', 'GET', `/api/attachments/${photos[0].id}?size=${size}`)
      expect(img.status).toBe(200)
      expect(img.headers.get('content-type')).toBe('image/jpeg')
      const meta = await sharp(Buffer.from(await img.arrayBuffer())).metadata()
      expect(meta.format).toBe('jpeg')
      expect(Math.max(meta.width!, meta.height!)).toBe(max)
      expect(meta.exif).toBeUndefined()
    }
    expect((await call(null, 'GET', `/api/attachments/${photos[0].id}`)).status).toBe(401)
    expect((await call('screen', 'GET', `/api/attachments/${photos[0].id}`)).status).toBe(403)
    expect((await call('police', 'GET', `/api/attachments/${photos[0].id}`)).status).toBe(403)
    expect((await call('dispatcher', 'GET', `/api/attachments/${photos[0].id}?size=huge`)).status).toBe(400)
    expect((await call('dispatcher', 'GET', '/api/attachments/999999999')).status).toBe(404)
  })

  it.each([
    ['a text file', () => [Buffer.from('not an image at all').toString('base64')], 415, 'unsupported_photo_type'],
    ['four photos', () => [png, png, png, png], 400, 'invalid_body'],
    ['a 6 MB photo', () => [Buffer.alloc(6 * 1024 * 1024, 7).toString('base64')], 413, 'photo_too_large'],
    ['a 25 MB request', () => ['A'.repeat(8_400_000), 'A'.repeat(8_400_000), 'A'.repeat(8_400_000)], 413, 'too_large'],
    ['not base64', () => ['###'], 400, 'invalid_photo'],
  ])('refuses %s and stores nothing', async (_what, photos, status, code) => {
    const clientId = randomUUID()
    const res = await report(photos(), clientId)
    expect(res.status).toBe(status)
    expect(((await res.json()) as any).error.code).toBe(code)
    // Nothing was stored under that client id: the same report without photos is new.
    expect((await report([], clientId)).status).toBe(201)
  })

  it("takes a department's feedback with a photo onto its timeline row", async () => {
    const inc = (await (await report([])).json()) as any
    const act = (user: string, action: string, extra: Record<string, unknown> = {}) => call(user, 'POST', `/api/incidents/${inc.id}/actions`, { action, ...extra })
    await act('dispatcher', 'accept')
    await act('dispatcher', 'register')
    await act('dispatcher', 'dispatch', { department_code: 'town_500117001' })
    expect((await act('heyang', 'feedback', { note: '已清理', photos: [png] })).status).toBe(200)
    const detail = (await (await call('heyang', 'GET', `/api/incidents/${inc.id}`)).json()) as any
    const feedback = detail.timeline.find((s: any) => s.action === 'feedback')
    expect(feedback.attachments).toHaveLength(1)
    expect((await call('heyang', 'GET', `/api/attachments/${feedback.attachments[0].id}?size=thumb`)).status).toBe(200)
  })
})
