import { describe, expect, it } from 'vitest'
import { backends } from '../../support/backends.js'
import { bodySchema, useBadInputApi } from '../../support/bad-input.js'
import { HEIC_BASE64, photo, pngDeclaring } from '../../support/photo-samples.js'

const b64 = (b: Buffer) => b.toString('base64')

/** Photos on every route that takes them (from the API's route list): refused before anything is stored. */
describe.each(backends())('bad photos on $name PostGIS', (backend) => {
  const { ctx, example, send, expectRefused, writes } = useBadInputApi(backend, 'bad_photos')
  const photoRoutes = () => writes().filter((o) => bodySchema(o)?.properties?.photos)

  it('finds the routes that take photos', () => {
    expect(photoRoutes().map((o) => `${o.method} ${o.path}`).sort()).toEqual(['POST /api/incidents', 'POST /api/incidents/{id}/actions', 'POST /api/tasks/{id}/done'])
  })

  it.each<[string, () => Promise<string>, number, string]>([
    ['an empty string', async () => '', 400, 'invalid_photo'],
    ['an empty data: URL', async () => 'data:image/jpeg;base64,', 400, 'invalid_photo'],
    ['characters outside base64', async () => '###', 400, 'invalid_photo'],
    ['padding in the middle', async () => 'QU=JD', 400, 'invalid_photo'],
    ['base64 of a length no encoder writes', async () => 'QUJDR', 400, 'invalid_photo'],
    ['base64 of text', async () => b64(Buffer.from('not an image at all')), 415, 'unsupported_photo_type'],
    ['a PNG header with a junk body', async () => b64(Buffer.concat([(await photo('png')).subarray(0, 33), Buffer.alloc(600, 7)])), 400, 'invalid_photo'],
    ['a JPEG header with a junk body', async () => b64(Buffer.concat([(await photo('jpeg')).subarray(0, 200), Buffer.alloc(5000, 9)])), 400, 'invalid_photo'],
    ['half a JPEG', async () => { const j = await photo('jpeg'); return b64(j.subarray(0, j.length >> 1)) }, 400, 'invalid_photo'],
    ['a WebP header with a junk body', async () => b64(Buffer.concat([(await photo('webp')).subarray(0, 30), Buffer.alloc(300, 1)])), 400, 'invalid_photo'],
    ['a PNG declaring 100,000 × 100,000 pixels', async () => b64(pngDeclaring(100_000, 100_000)), 413, 'photo_too_large'],
    ['a PNG declaring 8,000 × 8,000 pixels (64 megapixels)', async () => b64(pngDeclaring(8000, 8000)), 413, 'photo_too_large'],
    ['an HEIC photo (HEVC cannot be decoded here)', async () => HEIC_BASE64, 415, 'unsupported_photo_type'],
    ['a GIF', async () => b64(Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')), 415, 'unsupported_photo_type'],
  ])('refuses %s, with a good photo beside it, and stores nothing', async (_what, make, status, code) => {
    const good = `data:image/jpeg;base64,${b64(await photo('jpeg'))}`
    const bad = await make()
    for (const o of photoRoutes()) {
      const e = example(o)!
      await expectRefused(`${o.method} ${o.path}`, () => send(e, { body: { ...e.body, photos: [good, bad] } }), [status], code)
    }
  })

  it('takes JPEG, PNG, WebP and AVIF, re-encoded as JPEG', async () => {
    const e = example({ method: 'POST', path: '/api/incidents' })!
    const photos = await Promise.all((['jpeg', 'png', 'webp'] as const).map(async (f) => b64(await photo(f))))
    const res = await send(e, { body: { ...e.body, photos } })
    expect(res.status).toBe(201)
    const avif = await send(e, { body: { ...e.body, client_id: crypto.randomUUID(), photos: [b64(await photo('avif'))] } })
    expect(avif.status).toBe(201)
    const id = ((await avif.json()) as { id: number }).id
    const detail = (await (await ctx.app.request(`/api/incidents/${id}`, { headers: { authorization: `Bearer ${ctx.tokens.admin}` } })).json()) as { timeline: { attachments: { id: number; width: number }[] }[] }
    expect(detail.timeline[0]!.attachments).toMatchObject([{ width: 640 }])
  })
})
