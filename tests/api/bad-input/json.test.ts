import { describe, expect, it } from 'vitest'
import { backends } from '../../support/backends.js'
import { bodySchema, useBadInputApi } from '../../support/bad-input.js'

/**
 * Every write of the API, from its own route list: a body that is not JSON is 400, one sent as another type 415, one
 * over the route's limit 413, prototype and unknown keys 400 — and nothing is written. Devices alone may send JSON
 * without a Content-Type. Last, each route's valid example is accepted (so the refusals above are the input's fault).
 */
describe.each(backends())('bad JSON bodies on $name PostGIS', (backend) => {
  const { ctx, example, send, expectRefused, writes } = useBadInputApi(backend, 'bad_json')
  const withBody = () => writes().filter((o) => bodySchema(o))

  it('has a valid example for every write route (a new route joins the table here)', () => {
    expect(writes().length).toBeGreaterThan(10)
    expect(writes().filter((o) => !example(o)).map((o) => `${o.method} ${o.path}`)).toEqual([])
  })

  it.each([
    ['not JSON', '{"note": "unterminated'],
    ['two JSON documents', '{} {}'],
    ['a JSON array', '[1, 2]'],
    ['JSON null', 'null'],
    ['a JSON string', '"text"'],
  ])('refuses %s with 400 on every JSON endpoint', async (_what, raw) => {
    for (const o of withBody()) {
      const e = example(o)!
      await expectRefused(`${o.method} ${o.path}`, () => send(e, { raw, headers: { 'content-type': 'application/json' } }), [400], 'invalid_body')
    }
  })

  it.each([
    ['text/plain', 'text/plain;charset=UTF-8'],
    ['a form post', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['XML', 'application/xml'],
  ])('refuses valid JSON sent as %s with 415 on every JSON endpoint', async (_what, type) => {
    for (const o of withBody()) {
      const e = example(o)!
      await expectRefused(`${o.method} ${o.path} as ${type}`, () => send(e, { raw: JSON.stringify(e.body), headers: { 'content-type': type } }), [415], 'json_required')
    }
  })

  it('refuses a JSON body without a Content-Type with 415, except from devices', async () => {
    for (const o of withBody()) {
      const e = example(o)!
      const raw = new TextEncoder().encode(JSON.stringify(e.body)) // a byte body: no Content-Type of its own
      if (e.caller && 'device' in e.caller) continue // accepted: checked with the valid examples below
      await expectRefused(`${o.method} ${o.path} untyped`, () => send(e, { raw }), [415], 'json_required')
    }
  })

  it('refuses a body one byte over the route\'s declared limit with 413, on every write', async () => {
    for (const o of writes()) {
      const limit = o.op['x-body-limit']
      expect(limit, `${o.method} ${o.path} declares its body limit`).toBeGreaterThan(0)
      const e = example(o)!
      // Valid JSON padded to limit + 1 bytes: too large is the only thing wrong with it.
      const base = JSON.stringify({ ...e.body, pad: '' })
      const raw = base.replace('"pad":""', `"pad":"${'x'.repeat(limit! + 1 - Buffer.byteLength(base))}"`)
      expect(Buffer.byteLength(raw)).toBe(limit! + 1)
      await expectRefused(`${o.method} ${o.path} ${limit! + 1} bytes`, () => send(e, { raw, headers: { 'content-type': 'application/json' } }), [413], 'too_large')
    }
  })

  it.each([
    ['__proto__', { __proto__: { admin: true } }],
    ['constructor', { constructor: { prototype: { admin: true } } }],
    ['prototype', { prototype: 1 }],
    ['an unknown key', { zz_unknown: 1 }],
  ])('refuses a body with %s at its top with 400 on every JSON endpoint', async (_what, extra) => {
    for (const o of withBody()) {
      const e = example(o)!
      // JSON.stringify drops a literal __proto__: the key is written into the text.
      const raw = JSON.stringify(e.body).replace(/^\{/, `{${JSON.stringify(extra).slice(1, -1)},`)
      await expectRefused(`${o.method} ${o.path} with ${raw.slice(0, 40)}`, () => send(e, { raw, headers: { 'content-type': 'application/json' } }), [400], 'invalid_body')
    }
  })

  it.each([
    ['__proto__', '{"params": {"__proto__": {"min_people": 2}}}'],
    ['constructor', '{"params": {"constructor": 5}}'],
    ['toString', '{"params": {"toString": 5}}'],
    ['a parameter the rule does not have', '{"params": {"min_count": 5}}'],
    ['a parameter that is not a number', '{"params": {"min_people": "31"}}'],
    ['a nested object', '{"params": {"min_people": {"value": 31}}}'],
  ])("refuses %s in a rule's parameters with 400", async (_what, raw) => {
    const e = example({ method: 'PATCH', path: '/api/alert-rules/{code}' })!
    await expectRefused(`rule params ${raw}`, () => send(e, { raw, headers: { 'content-type': 'application/json' } }), [400])
  })

  it('accepts each write route\'s valid example as its caller (devices without a Content-Type too)', async () => {
    const order = (p: string) => (p.endsWith('/close') ? 2 : p.endsWith('/logout') ? 3 : p.endsWith('/case') ? 1 : 0)
    for (const o of writes().sort((a, b) => order(a.path) - order(b.path))) {
      const e = example(o)!
      const untyped = e.caller && 'device' in e.caller
      const res = await send(e, untyped ? { raw: new TextEncoder().encode(JSON.stringify(e.body)) } : {})
      expect(res.status, `${o.method} ${o.path}: ${await res.clone().text()}`).toBeLessThan(300)
    }
    expect(ctx.incident).toBeGreaterThan(0)
  })
})
