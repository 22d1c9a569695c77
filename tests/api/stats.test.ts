import { describe, expect, it } from 'vitest'
import { useApi } from '../support/api.js'
import { backends } from '../support/backends.js'

// The test history ends 2026-06-30; this window holds its last 30 days.
const WINDOW = 'from=2026-06-01T00:00:00%2B08:00&to=2026-07-01T00:00:00%2B08:00'

describe.each(backends())('statistics on $name PostGIS', (backend) => {
  const { get, json } = useApi(backend)

  it.each(['500117', '500117001'])('agrees with the incident list for unit %s', async (unit) => {
    const k = await json(`/api/stats/kpis?unit=${unit}&${WINDOW}`)
    const list = await json(`/api/incidents?unit=${unit}&${WINDOW}&pageSize=1`)
    expect(k.incidents).toBe(list.total)
    expect(k.incidents).toBeGreaterThan(0)
    const categories = await json(`/api/stats/categories?unit=${unit}&${WINDOW}`)
    expect(categories.reduce((n: number, c: any) => n + c.count, 0)).toBe(k.incidents)
    const trend = await json(`/api/stats/trend?unit=${unit}&${WINDOW}`)
    expect(trend).toHaveLength(30)
    expect(trend[0].day).toBe('2026-06-01')
    const oneDay = await json(`/api/stats/trend?unit=${unit}&from=2026-06-30T00:00:00%2B08:00&to=2026-07-01T00:00:00%2B08:00`)
    expect(oneDay).toHaveLength(30) // a short window still shows the 30-day trend
    expect(oneDay.at(-1).day).toBe('2026-06-30')
    expect(trend.reduce((n: number, d: any) => n + d.reported, 0)).toBe(k.incidents)
    const ranking = await json(`/api/stats/ranking?unit=${unit}&${WINDOW}`)
    expect(ranking.reduce((n: number, r: any) => n + r.incidents, 0)).toBe(k.incidents)
    const funnel = await json(`/api/stats/funnel?unit=${unit}&${WINDOW}`)
    expect(funnel.map((f: any) => f.step)).toEqual(['reported', 'accepted', 'registered', 'dispatched', 'fed_back', 'closed'])
    expect(funnel[0].count).toBe(k.incidents)
    // The funnel follows the window's reports; 结案数 in the KPIs is of the window's 立案 (metrics.ts).
    expect(funnel[5].count).toBeGreaterThan(0)
    expect(funnel[5].count).toBeLessThanOrEqual(funnel[0].count)
  })

  it('computes the closure and on-time rates as DOMAIN.md defines them', async () => {
    const k = await json(`/api/stats/kpis?${WINDOW}`)
    // 应结案 already leaves out what is paused (缓办/挂账) and what was refused (不予受理): the history has both.
    expect(k.deferred).toBeGreaterThan(0)
    expect(k.refused).toBeGreaterThan(0)
    expect(k.closure_rate).toBeCloseTo(k.closed / k.due, 10)
    expect(k.on_time_rate).toBeCloseTo(k.closed_on_time / k.due, 10)
    expect(k.on_time_rate).toBeGreaterThan(0.7)
    expect(k.on_time_rate).toBeLessThanOrEqual(k.closure_rate)
    expect(k.camera_online_rate).toBeGreaterThan(0.85)
    expect(k.grids).toBe(1275)
  })

  it('ranks the 30 towns of the district and the villages of a town', async () => {
    const towns = await json(`/api/stats/ranking?${WINDOW}`)
    expect(towns).toHaveLength(30)
    const rates = towns.map((t: any) => t.per_1000_households)
    expect(rates).toEqual([...rates].sort((a: number, b: number) => b - a))
    const villages = await json(`/api/stats/ranking?unit=500117102&${WINDOW}`)
    expect(villages.map((v: any) => v.name)).toContain('水寺村')
  })

  it('sends incident points as binary columns matching the list', async () => {
    const res = await get(`/api/incidents/points?unit=500117001&${WINDOW}`)
    const n = Number(res.headers.get('x-count'))
    const buf = await res.arrayBuffer()
    expect(buf.byteLength).toBe(n * 14)
    const list = await json(`/api/incidents?unit=500117001&${WINDOW}&pageSize=1`)
    expect(n).toBe(list.total)
    const cls = new Uint8Array(buf, n * 12, n)
    expect(cls.every((c) => c <= 2)).toBe(true)
    expect(new Uint32Array(buf, 0, n)[0]).toBe(list.items[0].id)
  })

  it.each([
    ['/api/stats/kpis?from=2026-06-10&to=2026-06-01', 'before'],
    ['/api/stats/kpis?from=2020-01-01&to=2026-06-01', 'at most'],
    ['/api/stats/ranking?unit=500117999', 'no admin unit'],
    ['/api/stats/trend?to=later', 'date'],
  ])('rejects %s', async (path, words) => {
    const res = await get(path)
    expect([400, 404]).toContain(res.status)
    expect(((await res.json()) as any).error.message).toContain(words)
  })
})
