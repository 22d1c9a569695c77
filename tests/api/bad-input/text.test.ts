import { describe, expect, it } from 'vitest'
import { backends } from '../../support/backends.js'
import { bodySchema, operations, textFields, useBadInputApi } from '../../support/bad-input.js'

/** Text the contract refuses anywhere (db/contract/src/text.ts): controls, bidi controls, lone surrogates. */
const BAD_TEXT: [string, string][] = [
  ['a NUL byte', 'a\u0000b'], ['a C0 control', 'a\u0001b'], ['an escape sequence', '\u001b[31mred'], ['DEL', 'a\u007fb'],
  ['a C1 control', 'a\u0085b'], ['a right-to-left override', '工单\u202Efdp.exe'], ['a left-to-right embedding', '\u202Aabc'],
  ['a first-strong isolate', 'a\u2068b\u2069'], ['a lone surrogate', 'a\uD800b'],
]

/**
 * Every free-text field of every JSON body and every query-string and path value of every route, from the API's own
 * route list: bad characters and over-long text are refused with 400 and nothing is stored.
 */
describe.each(backends())('bad text on $name PostGIS', (backend) => {
  const { ctx, call, example, send, expectRefused, writes } = useBadInputApi(backend, 'bad_text')

  it('finds the free text of the write routes, each with a length limit', () => {
    const fields = writes().flatMap((o) => textFields(bodySchema(o)).map((f) => ({ route: `${o.method} ${o.path}`, ...f })))
    expect(fields.map((f) => `${f.route} ${f.name}`)).toEqual(expect.arrayContaining(['POST /api/incidents description', 'POST /api/incidents title',
      'POST /api/incidents/{id}/actions note', 'POST /api/auth/login username', 'POST /api/auth/login password', 'POST /api/sensors name', 'POST /api/alerts/{id}/close note']))
    expect(fields.filter((f) => !f.maxLength).map((f) => `${f.route} ${f.name}`), 'free text without a maxLength').toEqual([])
  })

  it.each(BAD_TEXT)('refuses %s in any free-text field of any body', async (_what, bad) => {
    for (const o of writes()) {
      for (const f of textFields(bodySchema(o))) {
        const e = example(o)!
        await expectRefused(`${o.method} ${o.path} ${f.name}`, () => send(e, { body: { ...e.body, [f.name]: `${String(e.body?.[f.name] ?? '正文')}${bad}` } }), [400], 'invalid_body')
      }
    }
  })

  it('refuses a line break or a tab in one-line text (a title, a name, a username)', async () => {
    for (const [route, field] of [['POST /api/incidents', 'title'], ['POST /api/sensors', 'name'], ['POST /api/auth/login', 'username']] as const) {
      const [method, path] = route.split(' ') as [string, string]
      for (const bad of ['a\nb', 'a\tb', 'a\u2028b']) {
        const e = example({ method, path })!
        await expectRefused(`${route} ${field} ${JSON.stringify(bad)}`, () => send(e, { body: { ...e.body, [field]: bad } }), [400], 'invalid_body')
      }
    }
    // Notes and descriptions keep their line breaks and tabs.
    const e = example({ method: 'POST', path: '/api/incidents' })!
    expect((await send(e, { body: { ...e.body, description: '第一行\n第二行\t完' } })).status).toBe(201)
  })

  it('refuses text one character over its limit in every free-text field', async () => {
    for (const o of writes()) {
      for (const f of textFields(bodySchema(o))) {
        const e = example(o)!
        await expectRefused(`${o.method} ${o.path} ${f.name} × ${f.maxLength! + 1}`, () => send(e, { body: { ...e.body, [f.name]: '字'.repeat(f.maxLength! + 1) } }), [400], 'invalid_body')
      }
    }
  })

  it.each(BAD_TEXT.slice(0, 6))('refuses %s in every query-string and path value of every route', async (_what, bad) => {
    for (const o of operations(ctx.doc)) {
      const names = (o.op.parameters ?? []).filter((p) => p.in === 'query' || p.in === 'path')
      for (const p of names) {
        const path = o.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(name === p.name && p.in === 'path' ? `1${bad}` : '1'))
        const url = p.in === 'query' ? `${path}?${p.name}=${encodeURIComponent(`1${bad}`)}` : path
        const e = example(o)
        const request = () => (e ? send(e, { path: url }) : call('admin', o.method, url))
        const error = await expectRefused(`${o.method} ${url}`, request, [400], 'invalid_parameter')
        expect(error.message).toContain(p.name)
      }
    }
  })
})
