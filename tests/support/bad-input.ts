import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, expect } from 'vitest'
import { createApp, LiveHub, WarningRunner } from '@gridsight/api'
import { sql } from 'kysely'
import type { Db } from '@gridsight/db'
import { SCORE_WEIGHTS } from '@gridsight/contract'
import { DEMO_PASSWORD, defaultOptions, generateAll } from '@gridsight/geodata'
import type { Backend } from './backends.js'
import { TEST_END_DATE } from './constants.js'

/**
 * The bad-input tests' common ground: a database only this file writes to, the API's own route list (its OpenAPI
 * document), a valid request for every write (the table a new route must join, or the tests fail), and a witness
 * that nothing was written.
 */

/** A database no other test file writes to: the embedded copy of the test data, or on the server one of its own. */
export async function openPrivate(backend: Backend, name: string): Promise<Db> {
  if (backend.name === 'embedded') return backend.open()
  const db = await backend.openEmpty(name)
  await generateAll(db.kysely, defaultOptions({ scale: 0.001, endDate: TEST_END_DATE }))
  return db
}

/**
 * Tables that reads may touch (a session's last use; the statistics' rollup, folded before a figure is read) or that
 * hold no data: left out of the witness.
 */
const NOT_WITNESSED = new Set(['app_session', 'spatial_ref_sys', 'kysely_migration', 'kysely_migration_lock', 'stat_dirty', 'stat_fact', 'stat_day', 'stat_month'])

/**
 * Every table's row count and newest row version (xmin: any insert or update makes a newer one), and the live event
 * log's last id: equal before and after a request means the request wrote nothing.
 */
export async function writeWitness(db: Db): Promise<Record<string, string>> {
  const tables = (await sql<{ name: string }>`select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(db.kysely)).rows.map((r) => r.name).filter((t) => !NOT_WITNESSED.has(t))
  const parts = tables.map((t) => `select '${t}' as t, count(*)::text || ':' || coalesce(max(xmin::text::bigint), 0)::text as v from "${t}"`)
  const r = await sql<{ t: string; v: string }>`${sql.raw(parts.join(' union all '))}`.execute(db.kysely)
  return Object.fromEntries(r.rows.map((x) => [x.t, x.v]))
}

export interface Operation {
  method: string
  /** The OpenAPI path, e.g. /api/incidents/{id}/actions. */
  path: string
  op: {
    parameters?: { in: string; name: string; schema: Record<string, unknown> }[]
    requestBody?: { content: Record<string, { schema: JsonSchema }> }
    'x-body-limit'?: number
  }
}
export interface JsonSchema { type?: string; properties?: Record<string, JsonSchema>; pattern?: string; format?: string; enum?: unknown[]; maxLength?: number; minLength?: number; items?: JsonSchema }

/** Every operation of the API's OpenAPI document. */
export function operations(doc: { paths: Record<string, Record<string, Operation['op']>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([m, op]) => ({ method: m.toUpperCase(), path, op })))
}
export const bodySchema = (o: Operation) => o.op.requestBody?.content['application/json']?.schema
/** A body's free-text fields: strings that are not codes, ids, enumerations or formats. */
export const textFields = (s: JsonSchema | undefined) => Object.entries(s?.properties ?? {})
  .filter(([, p]) => p.type === 'string' && !p.pattern && !p.format && !p.enum).map(([name, p]) => ({ name, maxLength: p.maxLength }))

/** A small valid JPEG (a task is closed with a photo). */
const TINY_JPEG = '/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAAAP/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AJoAH//Z'

/** Who sends a valid request: a user (by demo username), a device (its key), or nobody. */
export type Caller = { user: string } | { device: true } | null

/** A request this file may send: method, path with values, a valid body, and who sends it. */
export interface Example { method: string; path: string; body?: Record<string, unknown>; caller: Caller }

/**
 * The API on a private database for a describe block, signed in as the demo users, with the objects the examples
 * act on: one open report of its own, an open alert of its own, a device of its own.
 */
export function useBadInputApi(backend: Backend, file: string) {
  const ctx = {} as {
    db: Db; app: ReturnType<typeof createApp>; hub: LiveHub; warn: WarningRunner; doc: { paths: Record<string, Record<string, Operation['op']>> }
    tokens: Record<string, string>; incident: number; alert: number; worker: number; task: number; sensor: { id: string; key: string }; camera: string; category: string; at: { lon: number; lat: number }
  }
  beforeAll(async () => {
    ctx.db = await openPrivate(backend, file)
    ctx.hub = new LiveHub(ctx.db)
    await ctx.hub.start()
    ctx.warn = new WarningRunner(ctx.db, ctx.hub)
    ctx.app = createApp(ctx.db, { basemap: null }, ctx.hub, ctx.warn)
    ctx.tokens = {}
    for (const u of ['admin', 'gudongmei', 'spare', 'leader']) {
      const res = await ctx.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u === 'spare' ? 'admin' : u, password: DEMO_PASSWORD }) })
      expect(res.status, u).toBe(200)
      ctx.tokens[u] = ((await res.json()) as { token: string }).token
    }
    ctx.doc = (await (await ctx.app.request('/api/openapi.json')).json()) as typeof ctx.doc
    const gudongmei = (await (await call('gudongmei', 'GET', '/api/auth/me')).json()) as { id: number; grid_code: string }
    ctx.worker = gudongmei.id
    // A task of its own for the worker to close.
    const task = await call('admin', 'POST', `/api/workers/${ctx.worker}/tasks`, { kind: 'inspect', title: '排查消防通道' })
    expect(task.status).toBe(201)
    ctx.task = ((await task.json()) as { id: number }).id
    const grid = (await (await call('admin', 'GET', `/api/units/${gudongmei.grid_code.slice(0, 12)}`)).json()) as { label: [number, number] }
    ctx.at = { lon: grid.label[0], lat: grid.label[1] }
    // A report naming 120 people raises an alert of its own (the collective-action rule).
    const filed = await call('gudongmei', 'POST', '/api/incidents', { client_id: randomUUID(), category_code: 'collective.petition', description: '业主准备集体上访', people_involved: 120, ...ctx.at })
    expect(filed.status).toBe(201)
    ctx.incident = ((await filed.json()) as { id: number }).id
    await settle()
    ctx.alert = (await sql<{ id: number }>`select max(id)::int as id from alert where rule_code = 'collective.people' and status = 'raised'`.execute(ctx.db.kysely)).rows[0]!.id
    expect(ctx.alert, 'the report raised an alert').toBeGreaterThan(0)
    const sensor = await call('admin', 'POST', '/api/sensors', { id: `bad-input-${randomUUID().slice(0, 8)}`, kind: 'smoke', name: '测试烟感', ...ctx.at })
    expect(sensor.status).toBe(201)
    ctx.sensor = (await sensor.json()) as { id: string; key: string }
    const cameras = (await (await call('admin', 'GET', '/api/cameras')).json()) as { features: { properties: { id: string } }[] }
    ctx.camera = cameras.features[0]!.properties.id
    ctx.category = 'dispute.neighbour'
    // Something for the lockout examples to lift: a failed login of a name, and one from an address (in-process
    // requests have no address, so that one is written directly).
    expect((await ctx.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'police', password: 'wrong' }) })).status).toBe(401)
    await sql`insert into login_failure (username, address) values ('someone', '192.0.2.1')`.execute(ctx.db.kysely)
  })
  afterAll(async () => {
    await ctx.warn?.stop()
    await ctx.hub?.stop()
    await ctx.db?.close()
  })

  /** Waits for what the last writes set off (the live hub's read, the early-warning rules, their alerts' events). */
  async function settle() {
    for (let i = 0; i < 3; i++) {
      await ctx.hub.poke()
      await ctx.warn.idle()
    }
  }

  /** A request as a demo user (Bearer), JSON unless told otherwise. */
  function call(user: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const init: RequestInit = { method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(user ? { authorization: `Bearer ${ctx.tokens[user]}` } : {}), ...headers } }
    if (body !== undefined) init.body = typeof body === 'string' || body instanceof Uint8Array ? body as BodyInit : JSON.stringify(body)
    return ctx.app.request(path, init)
  }

  /** The valid request of each write. A new write route must be added here: the tests fail until it is. */
  function example(o: Pick<Operation, 'method' | 'path'>): Example | undefined {
    const ex: Record<string, () => Omit<Example, 'method'>> = {
      'POST /api/auth/login': () => ({ path: '/api/auth/login', body: { username: 'admin', password: DEMO_PASSWORD }, caller: null }),
      'POST /api/auth/session': () => ({ path: '/api/auth/session', body: { token: ctx.tokens.admin! }, caller: null }),
      'POST /api/auth/logout': () => ({ path: '/api/auth/logout', caller: { user: 'spare' } }),
      'DELETE /api/auth/sessions': () => ({ path: '/api/auth/sessions', caller: { user: 'leader' } }),
      'DELETE /api/auth/users/{username}/sessions': () => ({ path: '/api/auth/users/police/sessions', caller: { user: 'admin' } }),
      'DELETE /api/auth/lockouts/accounts/{username}': () => ({ path: '/api/auth/lockouts/accounts/police', caller: { user: 'admin' } }),
      'DELETE /api/auth/lockouts/addresses/{address}': () => ({ path: '/api/auth/lockouts/addresses/192.0.2.1', caller: { user: 'admin' } }),
      'POST /api/incidents': () => ({ path: '/api/incidents', caller: { user: 'admin' },
        body: { client_id: randomUUID(), category_code: 'dispute.neighbour', description: '邻里噪音纠纷', title: '噪音纠纷', people_involved: 2, ...ctx.at } }),
      'POST /api/incidents/{id}/actions': () => ({ path: `/api/incidents/${ctx.incident}/actions`, caller: { user: 'admin' }, body: { action: 'accept', note: '已受理' } }),
      'PATCH /api/cameras/{id}': () => ({ path: `/api/cameras/${ctx.camera}`, caller: { user: 'admin' }, body: { status: 'OFF' } }),
      'PATCH /api/categories/{code}': () => ({ path: `/api/categories/${ctx.category}`, caller: { user: 'admin' }, body: { deadline_hours: 47 } }),
      'POST /api/alerts/{id}/acknowledge': () => ({ path: `/api/alerts/${ctx.alert}/acknowledge`, caller: { user: 'admin' }, body: { note: '已知悉' } }),
      'POST /api/alerts/{id}/close': () => ({ path: `/api/alerts/${ctx.alert}/close`, caller: { user: 'admin' }, body: { note: '已处置' } }),
      'POST /api/alerts/{id}/case': () => ({ path: `/api/alerts/${ctx.alert}/case`, caller: { user: 'admin' }, body: { category_code: 'collective.petition' } }),
      'PATCH /api/alert-rules/{code}': () => ({ path: '/api/alert-rules/collective.people', caller: { user: 'admin' }, body: { params: { min_people: 31 } } }),
      'POST /api/sensors/{id}/events': () => ({ path: `/api/sensors/${ctx.sensor.id}/events`, caller: { device: true }, body: { type: 'alarm', value: 1 } }),
      'PUT /api/sensitive-subjects': () => ({ path: '/api/sensitive-subjects', caller: { user: 'admin' },
        body: { items: [{ kind: 'category', code: 'dispute.family', label: '婚姻家庭纠纷' }, { kind: 'device_kind', code: 'elderly_button', label: '老人紧急按钮' }] } }),
      'PUT /api/calendar/years/{year}': () => ({ path: '/api/calendar/years/2027', caller: { user: 'admin' },
        body: { days: [{ day: '2027-01-01', kind: 'holiday', name: '元旦' }] } }),
      'PUT /api/calendar/office-hours': () => ({ path: '/api/calendar/office-hours', caller: { user: 'admin' },
        body: { seasons: [{ name: '冬季', from: '11-01', to: '02-28', periods: [['09:00', '12:00'], ['14:00', '17:30']] }] } }),
      'PUT /api/workers/me/duty': () => ({ path: '/api/workers/me/duty', caller: { user: 'gudongmei' }, body: { on_duty: true, share_position: true, ...ctx.at } }),
      'POST /api/workers/{id}/tasks': () => ({ path: `/api/workers/${ctx.worker}/tasks`, caller: { user: 'admin' }, body: { kind: 'visit', title: '走访', hours: 8 } }),
      'POST /api/tasks/{id}/done': () => ({ path: `/api/tasks/${ctx.task}/done`, caller: { user: 'gudongmei' }, body: { result: '已排查，通道畅通', photos: [TINY_JPEG] } }),
      'POST /api/bulletins': () => ({ path: '/api/bulletins', caller: { user: 'leader' },
        body: { from: '2026-05-31T16:00:00.000Z', to: '2026-06-30T16:00:00.000Z' } }),
      'PUT /api/stats/weights': () => ({ path: '/api/stats/weights', caller: { user: 'admin' }, body: { ...SCORE_WEIGHTS } }),
      'POST /api/sensors': () => ({ path: '/api/sensors', caller: { user: 'admin' }, body: { id: `bad-${randomUUID().slice(0, 8)}`, kind: 'smoke', name: '烟感', ...ctx.at } }),
    }
    const e = ex[`${o.method} ${o.path}`]?.()
    return e && { method: o.method, ...e }
  }

  /** Sends an example (or a variant of it) as its caller. */
  function send(e: Example, over: { body?: unknown; raw?: BodyInit; headers?: Record<string, string>; path?: string } = {}) {
    const headers: Record<string, string> = { ...(e.caller && 'device' in e.caller ? { 'x-device-key': ctx.sensor.key } : {}) }
    const json = over.body ?? e.body
    const body = over.raw ?? (json === undefined ? undefined : JSON.stringify(json))
    if (over.raw === undefined && json !== undefined) headers['content-type'] = 'application/json'
    Object.assign(headers, over.headers)
    const user = e.caller && 'user' in e.caller ? e.caller.user : null
    if (user) headers.authorization = `Bearer ${ctx.tokens[user]}`
    return ctx.app.request(over.path ?? e.path, { method: e.method, headers, body })
  }

  /** Asserts a refusal in the one error shape with a status in `statuses`, and that nothing was written. */
  async function expectRefused(what: string, request: () => Response | Promise<Response>, statuses: number[], code?: string) {
    await settle()
    const before = await writeWitness(ctx.db)
    const res = await request()
    await settle()
    const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null
    expect(statuses, `${what} → ${res.status} ${JSON.stringify(body)}`).toContain(res.status)
    expect(body, what).toEqual({ error: { code: code ?? expect.any(String), message: expect.any(String) } })
    expect(await writeWitness(ctx.db), `${what} wrote something`).toEqual(before)
    return body!.error!
  }

  const writes = () => operations(ctx.doc).filter((o) => o.method !== 'GET')
  return { ctx, call, example, send, expectRefused, writes, settle }
}
