import { MAX_WINDOW_DAYS } from '@gridsight/contract'
import { describe, expect, it } from 'vitest'
import { backends } from '../../support/backends.js'
import { bodySchema, operations, useBadInputApi } from '../../support/bad-input.js'

/** Dates PostgreSQL cannot hold, dates that do not exist, and forms the API does not take. */
const BAD_DATES = ['0000-01-01', '1969-12-31', '2101-01-01', '10000-01-01', '2026-02-30', '2025-02-29', '2026-13-01', '2026-06-00', '1',
  '2026', 'yesterday', '2026-06-01T25:00:00Z', '2026-06-01T12:60:00Z', '2026-06-01T08:00:00', '2026-06-01T08:00:00+24:00', '2026-06-01 08:00:00Z', '']

/** Every date of every route, from the API's own route list: not real or not holdable → 400; windows checked. */
describe.each(backends())('bad dates on $name PostGIS', (backend) => {
  const { ctx, call, example, send, expectRefused } = useBadInputApi(backend, 'bad_dates')
  const dateParams = () => operations(ctx.doc).flatMap((o) => (o.op.parameters ?? [])
    .filter((p) => p.in === 'query' && p.schema.format === 'date-time').map((p) => ({ o, name: p.name })))

  it('finds the date parameters of the statistics and the incident lists', () => {
    expect(dateParams().map(({ o, name }) => `${o.path} ${name}`)).toEqual(expect.arrayContaining(['/api/stats/kpis from', '/api/stats/trend to', '/api/incidents from', '/api/incidents/points to']))
  })

  it.each(BAD_DATES)('refuses %j in every date parameter with 400', async (bad) => {
    for (const { o, name } of dateParams()) {
      const url = `${o.path}?${name}=${encodeURIComponent(bad)}`
      const error = await expectRefused(url, () => call('admin', o.method, url), [400], 'invalid_parameter')
      expect(error.message).toContain(name)
    }
  })

  it('takes a leap day, a date-time with its offset, and a window of the longest length allowed', async () => {
    for (const q of ['from=2024-02-29&to=2024-03-01', 'from=2026-06-01T00:00:00%2B08:00&to=2026-06-30T12:00:00Z', 'from=2025-06-01&to=2026-07-06']) {
      expect((await call('admin', 'GET', `/api/stats/kpis?${q}`)).status, q).toBe(200)
    }
  })

  it.each([
    ['from after to', 'from=2026-06-10&to=2026-06-01'],
    ['an empty window', 'from=2026-06-01&to=2026-06-01'],
    [`a window longer than ${MAX_WINDOW_DAYS} days`, 'from=2025-01-01&to=2026-06-30'],
    ['from in the future without to', `from=${new Date().getUTCFullYear() + 1}-01-01`],
  ])('refuses %s on every route that takes a window', async (_what, q) => {
    const windowed = operations(ctx.doc).filter((o) => ['from', 'to'].every((n) => o.op.parameters?.some((p) => p.name === n)))
    expect(windowed.length).toBeGreaterThanOrEqual(7)
    for (const o of windowed) {
      // Lists take an open-ended past (no to): only statistics default to now.
      if (!q.includes('to=') && !o.path.startsWith('/api/stats')) continue
      await expectRefused(`${o.path}?${q}`, () => call('admin', o.method, `${o.path}?${q}`), [400], 'invalid_parameter')
    }
  })

  it.each(['2026-02-30T00:00:00Z', '0000-01-01T00:00:00Z', '1', '2026-06-01T08:00:00', '1970-01-01T00:00:00Z'])('refuses %j in every date of a body and writes nothing', async (bad) => {
    const dated = operations(ctx.doc).flatMap((o) => Object.entries(bodySchema(o)?.properties ?? {}).filter(([, p]) => p.format === 'date-time').map(([name]) => ({ o, name })))
    expect(dated.map(({ o, name }) => `${o.path} ${name}`)).toContain('/api/sensors/{id}/events at')
    for (const { o, name } of dated) {
      const e = example(o)!
      await expectRefused(`${o.path} ${name}=${bad}`, () => send(e, { body: { ...e.body, [name]: bad } }), [400])
    }
  })
})
