import { afterAll, beforeAll, expect } from 'vitest'
import { createApp, LiveHub, WarningRunner } from '@gridsight/api'
import type { Db } from '@gridsight/db'
import { DEMO_PASSWORD } from '@gridsight/geodata'
import type { Backend } from './backends.js'

/** A demo user's session token, through the API's own login. */
export async function loginToken(app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> }, username: string): Promise<string> {
  const res = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) })
  expect(res.status, `login ${username}`).toBe(200)
  return ((await res.json()) as { token: string }).token
}

/**
 * The API on one backend, in-process, for a describe block: `get` and `json` (which expects 200), signed in as a
 * demo user (the dispatcher by default: a desk, which sees cases in full), or anonymous with `as: null`.
 */
export function useApi(backend: Backend, o: { as?: string | null } = {}) {
  const ctx = {} as { db: Db; app: ReturnType<typeof createApp>; token: string | null; hub: LiveHub; warn: WarningRunner }
  beforeAll(async () => {
    ctx.db = await backend.open()
    ctx.hub = new LiveHub(ctx.db)
    ctx.warn = new WarningRunner(ctx.db, ctx.hub)
    ctx.app = createApp(ctx.db, { basemap: null }, ctx.hub, ctx.warn)
    const as = o.as === undefined ? 'dispatcher' : o.as
    ctx.token = as ? await loginToken(ctx.app, as) : null
  })
  afterAll(async () => {
    // What the last writes set off (the rules, the hub's read) ends before the database closes: the embedded engine
    // hangs when it is closed under a running query.
    await ctx.warn?.stop()
    await ctx.hub?.stop()
    await ctx.db?.close()
  })
  const get = (path: string, init: RequestInit = {}) => ctx.app.request(path, { ...init, headers: { ...(ctx.token ? { authorization: `Bearer ${ctx.token}` } : {}), ...(init.headers as Record<string, string> | undefined) } })
  const json = async (path: string) => {
    const res = await get(path)
    expect(res.status, `${path} → ${res.status}`).toBe(200)
    return res.json() as Promise<any>
  }
  return { ctx, get, json }
}
