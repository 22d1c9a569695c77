import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createApp } from '@gridsight/api'
import { coarsen, decodeColumns, INCIDENT_POINTS_LAYOUT, PUBLIC_CELL_DEGREES } from '@gridsight/contract'
import { backends } from '../support/backends.js'
import { loginToken, useApi } from '../support/api.js'
import { openStream } from '../support/sse.js'
import { useHttpServer } from '../support/web.js'

/** README "Who sees what": what each audience gets from the same data. */
describe.each(backends())('who sees what on $name PostGIS', (backend) => {
  const { ctx } = useApi(backend, { as: null })
  const tokens: Record<string, string> = {}
  const as = async (user: string | null, path: string, init: RequestInit = {}) => {
    if (user && !tokens[user]) tokens[user] = await loginToken(ctx.app, user)
    return ctx.app.request(path, { ...init, headers: { 'content-type': 'application/json', ...(user ? { authorization: `Bearer ${tokens[user]}` } : {}), ...(init.headers as Record<string, string> | undefined) } })
  }
  const json = async (user: string | null, path: string, init?: RequestInit) => {
    const res = await as(user, path, init)
    expect(res.status, `${user} ${path}`).toBeLessThan(300)
    return res.json() as Promise<any>
  }
  /** A case of our own at 龙苑社区's label point, by the dispatcher. */
  const file = async (category: string) => {
    const unit = await json('dispatcher', '/api/units/500117001016')
    return json('dispatcher', '/api/incidents', { method: 'POST', body: JSON.stringify({
      client_id: randomUUID(), category_code: category, title: `测试 ${category} 张三家`, description: '张三，电话 13800000000', lon: unit.label[0] + 0.00031, lat: unit.label[1] + 0.00017, people_involved: 2,
    }) })
  }

  it('needs a session for every read unless the wall is made public', async () => {
    for (const path of ['/api/incidents', '/api/incidents/points', '/api/alerts', '/api/stats/kpis', '/api/cameras', '/api/households/density', '/api/stream']) {
      expect((await as(null, path)).status, path).toBe(401)
    }
    const open = createApp(ctx.db, { basemap: null, publicWall: true })
    expect((await open.request('/api/stats/kpis')).status).toBe(200)
  })

  it('gives the screen category, status and a public cell; no title, no description; sensitive cases never', async () => {
    const plain = await file('urban.rubbish')
    const family = await file('dispute.family')
    const list = await json('screen', '/api/incidents?unit=500117001016&pageSize=200')
    const mine = list.items.find((i: any) => i.id === plain.id)
    expect(mine.title).toBe('城市管理·暴露垃圾')
    expect([mine.lon, mine.lat]).toEqual(coarsen(plain.lon, plain.lat))
    expect(list.items.some((i: any) => i.id === family.id)).toBe(false)
    expect(list.items.every((i: any) => !/dispute\.family|order\.key_person|collective\.petition/.test(i.category_code))).toBe(true)
    expect(JSON.stringify(list)).not.toMatch(/张三|13800000000|description/)
    // The desk sees both in full.
    const desk = await json('dispatcher', '/api/incidents?unit=500117001016&pageSize=200')
    expect(desk.items.find((i: any) => i.id === family.id).title).toContain('张三家')
    expect(desk.items.find((i: any) => i.id === plain.id).lon).toBeCloseTo(plain.lon, 6)
    // Leaders: the district's lists without personal details — titles of plain cases, a category name for sensitive ones, cells.
    const leader = await json('leader', '/api/incidents?unit=500117001016&pageSize=200')
    expect(leader.items.find((i: any) => i.id === family.id).title).toBe('矛盾纠纷·婚姻家庭')
    expect([leader.items.find((i: any) => i.id === plain.id).lon]).toEqual([coarsen(plain.lon, plain.lat)[0]])
  })

  it('moves every map point of the screen to a public cell centre and leaves sensitive ones out', async () => {
    const family = await file('dispute.family')
    const res = await as('screen', '/api/incidents/points?unit=500117001016')
    const n = Number(res.headers.get('x-count'))
    const cols = decodeColumns(INCIDENT_POINTS_LAYOUT, await res.arrayBuffer(), n)
    expect(n).toBeGreaterThan(0)
    expect(Array.from(cols.id)).not.toContain(family.id)
    for (let k = 0; k < n; k++) {
      const [lon, lat] = coarsen(cols.lon[k]!, cols.lat[k]!)
      expect(Math.abs(lon - cols.lon[k]!)).toBeLessThan(1e-5)
      expect(Math.abs(lat - cols.lat[k]!)).toBeLessThan(1e-5)
    }
    const desk = await as('dispatcher', '/api/incidents/points?unit=500117001016')
    expect(Array.from(decodeColumns(INCIDENT_POINTS_LAYOUT, await desk.arrayBuffer(), Number(desk.headers.get('x-count'))).id)).toContain(family.id)
  })

  it('places for department staff and grid workers only their own cases, as their lists hold them', async () => {
    const points = async (user: string) => {
      const res = await as(user, '/api/incidents/points?unit=500117')
      expect(res.status, user).toBe(200)
      return Array.from(decodeColumns(INCIDENT_POINTS_LAYOUT, await res.arrayBuffer(), Number(res.headers.get('x-count'))).id)
    }
    const district = await points('dispatcher')
    const heyang = await points('heyang')
    const me = await json('gudongmei', '/api/auth/me')
    const grid = await points('gudongmei')
    expect(heyang.length).toBeGreaterThan(0)
    expect(heyang.length).toBeLessThan(district.length)
    expect(grid.length).toBeLessThan(district.length)
    const rows = await ctx.db.kysely.selectFrom('incident').select(['id', 'department_code', 'grid_code']).where('id', 'in', [...heyang, ...grid, -1]).execute()
    const byId = new Map(rows.map((r) => [Number(r.id), r]))
    expect(heyang.every((id) => byId.get(id)?.department_code === 'town_500117001')).toBe(true)
    expect(grid.every((id) => byId.get(id)?.grid_code === me.grid_code)).toBe(true)
  })

  it('gives the screen household cells of at least the public size, never one household, and cameras without streams', async () => {
    const res = await as('screen', '/api/households/density?cell=0.0005')
    const n = Number(res.headers.get('x-count'))
    const lon = new Float32Array(await res.arrayBuffer(), 0, n)
    // Cell centres on the public grid: (k + 0.5) × cell.
    for (const x of lon.slice(0, 50)) expect(Math.abs(((x / PUBLIC_CELL_DEGREES) % 1) - 0.5)).toBeLessThan(0.01)
    const tile = await as('screen', '/api/tiles/households/15/26300/13450.mvt')
    expect([200, 204]).toContain(tile.status)
    // Anything answered to a session stays out of caches (headers.test.ts); only an anonymous public wall's are public.
    expect(tile.headers.get('cache-control')).toBe('no-store')
    const cams = await json('screen', '/api/cameras')
    expect(cams.features.length).toBeGreaterThan(0)
    expect(cams.features.every((f: any) => f.properties.stream_flv === null && f.properties.stream_hls === null)).toBe(true)
    expect((await as('screen', '/api/sensors')).status).toBe(403)
    expect((await as('leader', '/api/sensors')).status).toBe(403)
  })

  it('refuses the screen case details and photos; leaders get them without personal details', async () => {
    const plain = await file('urban.rubbish')
    expect((await as('screen', `/api/incidents/${plain.id}`)).status).toBe(403)
    const leader = await json('leader', `/api/incidents/${plain.id}`)
    expect(leader.incident.description).toBe('')
    expect(leader.incident.reporter_user_id).toBeNull()
    expect(JSON.stringify(leader)).not.toMatch(/张三，电话|13800000000/)
    expect(leader.timeline.every((t: any) => t.attachments.length === 0)).toBe(true)
  })

  it('asks a desk for a reason before a sensitive case, and audits every read of personal data', async () => {
    const family = await file('dispute.family')
    const refused = await as('dispatcher', `/api/incidents/${family.id}`)
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as any).error.code).toBe('reason_required')
    const ok = await json('dispatcher', `/api/incidents/${family.id}?reason=${encodeURIComponent('核实家暴线索')}`)
    expect(ok.incident.description).toContain('13800000000')
    const plain = await file('urban.rubbish')
    await json('dispatcher', `/api/incidents/${plain.id}`)
    await json('admin', '/api/sensors')
    expect((await as('dispatcher', '/api/audit')).status).toBe(403)
    const log = await json('admin', `/api/audit?subject=incident:${family.id}`)
    expect(log.items).toEqual([expect.objectContaining({ username: 'dispatcher', role: 'dispatcher', action: 'case.read', subject: `incident:${family.id}`, reason: '核实家暴线索' })])
    expect((await json('admin', `/api/audit?subject=incident:${plain.id}`)).items).toHaveLength(1)
    expect((await json('admin', '/api/audit?action=devices.read&username=admin')).items.length).toBeGreaterThan(0)
    // Reading the log is itself logged.
    expect((await json('admin', '/api/audit?action=audit.read&username=admin')).total).toBeGreaterThan(0)
    expect((await as('admin', '/api/audit?action=everything')).status).toBe(400)
  })

  it('lets administrators edit the sensitive list: bad lists are refused and change nothing', async () => {
    const before = await json('admin', '/api/sensitive-subjects')
    expect(before.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'device_kind', code: 'elderly_button' })]))
    for (const body of [{ items: [{ kind: 'category', code: 'DROP TABLE', label: 'x' }] }, { items: [{ kind: 'x', code: 'a', label: 'x' }] },
      { items: [{ kind: 'category', code: 'a', label: 'x' }, { kind: 'category', code: 'a', label: 'y' }] }, { items: [], __proto__: { polluted: 1 }, extra: 1 }]) {
      expect((await as('admin', '/api/sensitive-subjects', { method: 'PUT', body: JSON.stringify(body) })).status, JSON.stringify(body)).toBe(400)
    }
    expect((await as('dispatcher', '/api/sensitive-subjects', { method: 'PUT', body: JSON.stringify({ items: [] }) })).status).toBe(403)
    expect((await json('admin', '/api/sensitive-subjects')).items).toEqual(before.items)
    // Adding urban.rubbish hides such cases from the screen at once; putting the list back restores them.
    const plain = await file('urban.rubbish')
    await json('admin', '/api/sensitive-subjects', { method: 'PUT', body: JSON.stringify({ items: [...before.items, { kind: 'category', code: 'urban.rubbish', label: '测试' }] }) })
    try {
      const hidden = await json('screen', '/api/incidents?unit=500117001016&pageSize=500&category=urban.rubbish')
      expect(hidden.items.some((i: any) => i.id === plain.id)).toBe(false)
    } finally {
      await json('admin', '/api/sensitive-subjects', { method: 'PUT', body: JSON.stringify({ items: before.items }) })
    }
  })
})

describe.each(backends())('the live stream per audience on $name PostGIS (real HTTP)', (backend) => {
  const tokens: Record<string, string> = {}
  const server = useHttpServer(backend, {
    extra: async () => {
      for (const u of ['dispatcher', 'screen']) tokens[u] = await loginToken({ request: (p, i) => fetch(`${server.url}${p.slice(1)}`, i) }, u)
    },
  })

  it('sends the screen a sensitive report as an id only, and a plain one at its public cell without its title', async () => {
    const seen: Record<string, { event: string; data: any }[]> = { dispatcher: [], screen: [] }
    const streams = ['dispatcher', 'screen'].map((u) => openStream(`${server.url}api/stream`, (e) => { seen[u]!.push({ event: e.event, data: JSON.parse(e.data) }) }, undefined, tokens[u]))
    await Promise.all(streams.map((s) => s.ready))
    const unit = (await (await fetch(`${server.url}api/units/500117001016`, { headers: { authorization: `Bearer ${tokens.dispatcher}` } })).json()) as any
    const post = async (category: string) => ((await (await fetch(`${server.url}api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.dispatcher}` },
      body: JSON.stringify({ client_id: randomUUID(), category_code: category, title: '王五家', description: '王五', lon: unit.label[0], lat: unit.label[1], people_involved: 1 }) })).json()) as any)
    const family = await post('dispute.family')
    const plain = await post('urban.rubbish')
    const arrived = () => seen.dispatcher!.some((e) => e.data.id === plain.id) && seen.screen!.some((e) => e.data.id === plain.id)
    for (let i = 0; i < 200 && !arrived(); i++) await new Promise((r) => setTimeout(r, 50))
    await Promise.all(streams.map((s) => s.close()))
    expect(seen.dispatcher!.find((e) => e.data.id === family.id)?.data.title).toBe('王五家')
    expect(seen.screen!.some((e) => e.data.id === family.id)).toBe(false)
    const shown = seen.screen!.find((e) => e.data.id === plain.id)!.data
    expect(shown.title).toBe('城市管理·暴露垃圾')
    expect([shown.lon, shown.lat]).toEqual(coarsen(plain.lon, plain.lat))
  })
})
