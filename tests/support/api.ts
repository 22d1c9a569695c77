import { afterAll, beforeAll, expect } from 'vitest'
import { createApp } from '@gridsight/api'
import type { Db } from '@gridsight/db'
import type { Backend } from './backends.js'

/** The API on one backend, in-process, for a describe block: `get` and `json` (which expects 200). */
export function useApi(backend: Backend) {
  const ctx = {} as { db: Db; app: ReturnType<typeof createApp> }
  beforeAll(async () => {
    ctx.db = await backend.open()
    ctx.app = createApp(ctx.db)
  })
  afterAll(async () => { await ctx.db?.close() })
  const get = (path: string) => ctx.app.request(path)
  const json = async (path: string) => {
    const res = await get(path)
    expect(res.status, `${path} → ${res.status}`).toBe(200)
    return res.json() as Promise<any>
  }
  return { ctx, get, json }
}
