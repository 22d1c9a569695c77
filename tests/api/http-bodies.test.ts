import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_BODY_BYTES } from '@gridsight/contract'
import { type RunningServer, startHttpServer } from '@gridsight/api/http'
import type { Db } from '@gridsight/db'
import { createAccount, type TestAccount } from '../support/accounts.js'
import { backends } from '../support/backends.js'

/** A POST over real HTTP, the body sent with its Content-Length or chunked (no length known beforehand). */
function post(base: string, path: string, body: Buffer, o: { chunked?: boolean } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json' }
    if (!o.chunked) headers['content-length'] = body.length
    const req = request(`${base}${path.slice(1)}`, { method: 'POST', headers }, (res) => {
      let text = ''
      res.setEncoding('utf8').on('data', (d: string) => { text += d }).on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
    })
    req.on('error', reject)
    if (o.chunked) {
      // Two writes: the body goes out chunked, split inside a multi-byte character.
      req.write(body.subarray(0, body.length - 2))
      req.end(body.subarray(body.length - 2))
    } else req.end(body)
  })
}

/**
 * Bodies over real HTTP (limitBody and readJson, api/src/validate.ts): a request with a Content-Length is judged and
 * read from the Node request itself, a chunked one through hono's bodyLimit; both as Request.text() would read them.
 */
describe.each(backends())('request bodies over real HTTP on $name PostGIS', (backend) => {
  let db: Db
  let server: RunningServer
  let account: TestAccount
  beforeAll(async () => {
    db = await backend.open()
    account = await createAccount(db, 'dispatcher')
    server = await startHttpServer({ db, port: 0, host: '127.0.0.1', webDist: '/nonexistent' })
  })
  afterAll(async () => {
    await server?.close()
    await db?.close()
  })

  const login = () => Buffer.from(`{"username": ${JSON.stringify(account.username)}, "password": ${JSON.stringify(account.password)}}`)
  /** The login, padded with white space to a size. */
  const padded = (bytes: number) => Buffer.concat([login(), Buffer.alloc(bytes - login().length, ' ')])

  it('reads a body by its Content-Length or chunked, a BOM dropped and UTF-8 decoded across chunks', async () => {
    for (const chunked of [false, true]) {
      const plain = await post(server.url, '/api/auth/login', login(), { chunked })
      expect(plain.status, `chunked ${chunked}`).toBe(200)
      expect(JSON.parse(plain.body)).toMatchObject({ user: { username: account.username } })
      const bom = await post(server.url, '/api/auth/login', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), login()]), { chunked })
      expect(bom.status, `BOM, chunked ${chunked}`).toBe(200)
      // A wrong password that ends in a Chinese character: read whole, it is a wrong password (401), not bad JSON (400).
      const wrong = await post(server.url, '/api/auth/login', Buffer.from(`{"username": ${JSON.stringify(account.username)}, "password": "错误的密码"}`), { chunked })
      expect(wrong.status, `wrong password, chunked ${chunked}`).toBe(401)
    }
  })

  it('takes a body up to the route\'s limit and refuses one byte more with 413, with or without a Content-Length', async () => {
    for (const chunked of [false, true]) {
      expect((await post(server.url, '/api/auth/login', padded(DEFAULT_BODY_BYTES), { chunked })).status, `at the limit, chunked ${chunked}`).toBe(200)
      const over = await post(server.url, '/api/auth/login', padded(DEFAULT_BODY_BYTES + 1), { chunked })
      expect(over.status, `over the limit, chunked ${chunked}`).toBe(413)
      expect(JSON.parse(over.body)).toMatchObject({ error: { code: 'too_large' } })
    }
  })

  it('answers a write without a body as one without (a missing body is no JSON object)', async () => {
    const none = await post(server.url, '/api/auth/login', Buffer.alloc(0))
    expect(none.status).toBe(400)
  })
})
