import { describe, expect, it } from 'vitest'
import { useApi } from '../support/api.js'
import { backends } from '../support/backends.js'

/** Every route of the API is described (summary, tag) and every input it takes is validated by a schema. */
describe('the API contract (OpenAPI)', () => {
  const { ctx, get, json } = useApi(backends()[0]!)

  const routes = () => {
    const seen = new Set<string>()
    for (const r of ctx.app.routes) if (r.method !== 'ALL' && r.path.startsWith('/api/')) seen.add(`${r.method} ${r.path}`)
    return [...seen].map((k) => k.split(' ') as [string, string])
  }
  const openApiPath = (path: string) => path.replace(/:([A-Za-z_]+)(\{[^}]*\})?/g, '{$1}')

  it('describes every route, with a summary and a tag', async () => {
    const doc = await json('/api/openapi.json')
    expect(doc.openapi).toBe('3.1.0')
    const missing = routes().filter(([m, p]) => !doc.paths[openApiPath(p)]?.[m.toLowerCase()]?.summary)
    expect(missing, 'routes without describe(): add one, and validators for their inputs').toEqual([])
    expect(routes().length).toBeGreaterThan(35)
    for (const [m, p] of routes()) expect(doc.paths[openApiPath(p)][m.toLowerCase()].tags?.length, `${m} ${p}`).toBeGreaterThan(0)
  })

  it('validates every path parameter and every write body with a schema', async () => {
    const doc = await json('/api/openapi.json')
    for (const [m, p] of routes()) {
      const op = doc.paths[openApiPath(p)][m.toLowerCase()]
      const names = [...p.matchAll(/:([A-Za-z_]+)/g)].map((x) => x[1])
      const declared = (op.parameters ?? []).filter((x: { in: string }) => x.in === 'path').map((x: { name: string }) => x.name)
      expect(declared.sort(), `${m} ${p}: path parameters`).toEqual(names.sort())
      if ((m === 'POST' || m === 'PATCH') && p !== '/api/auth/logout') expect(op.requestBody, `${m} ${p}: body schema`).toBeTruthy()
    }
  })

  it.each([
    ['GET', '/api/incidents?pageSize=0', 'invalid_parameter'],
    ['GET', '/api/units/geojson?bbox=1,2,3', 'invalid_parameter'],
    ['GET', '/api/alerts?limit=9999', 'invalid_parameter'],
    ['GET', '/api/tiles/roads/1/0/0.mvt', 'invalid_parameter'],
    ['GET', '/api/alerts/abc', 'invalid_parameter'],
    ['POST', '/api/auth/login', 'invalid_body'],
  ])('%s %s is refused as bad input in the one error shape', async (method, path, code) => {
    const res = await get(path, method === 'POST' ? { method, headers: { 'content-type': 'application/json' }, body: '[1,2]' } : { method })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: { code, message: expect.any(String) } })
  })
})
