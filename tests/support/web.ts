import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import type { ClientConfig } from '@gridsight/api'
import { type RunningServer, startHttpServer } from '@gridsight/api/http'
import { type Db, repoRoot } from '@gridsight/db'
import { type Backend, backends } from './backends.js'
import { launchBrowser } from './browser.js'
import { loginToken } from './api.js'

/**
 * For a describe block: the API (and the built web app) over real HTTP on a database of the backend.
 * Fields are filled before the tests run; `extra` runs last in the setup, `teardown` first in the cleanup.
 */
export function useHttpServer(backend: Backend = backends()[0]!, hooks: { extra?: () => Promise<void>; teardown?: () => Promise<void>; client?: ClientConfig } = {}) {
  const ctx = {} as { db: Db; server: RunningServer; url: string }
  beforeAll(async () => {
    ctx.db = await backend.open()
    ctx.server = await startHttpServer({ db: ctx.db, port: 0, host: '127.0.0.1', webDist: join(repoRoot, 'web/dist'), client: hooks.client })
    ctx.url = ctx.server.url
    await hooks.extra?.()
  })
  afterAll(async () => {
    await hooks.teardown?.()
    await ctx.server?.close()
    await ctx.db?.close()
  })
  return ctx
}

/**
 * For a browser test file: useHttpServer on a private copy of the embedded test data, and Debian's Chromium;
 * `screen` is the screen account's session (open the wall with openPage(…, { session: app.screen })) and `api`
 * fetches as the dispatcher.
 */
export function useWebApp(client?: ClientConfig) {
  const ctx: ReturnType<typeof useHttpServer> & { browser: Browser; screen: string; desk: string; api: (path: string, init?: RequestInit) => Promise<Response> } = Object.assign(useHttpServer(backends()[0]!, {
    client,
    extra: async () => {
      ctx.browser = await launchBrowser()
      const request = (p: string, i?: RequestInit) => fetch(`${ctx.url}${p.slice(1)}`, i)
      ctx.screen = await loginToken({ request }, 'screen')
      ctx.desk = await loginToken({ request }, 'dispatcher')
    },
    teardown: async () => { await ctx.browser?.close() },
  }), {
    browser: undefined as unknown as Browser, screen: '', desk: '',
    api: (path: string, init: RequestInit = {}) => fetch(`${ctx.url}${path.replace(/^\//, '')}`, { ...init, headers: { authorization: `Bearer ${ctx.desk}`, ...(init.headers as Record<string, string> | undefined) } }),
  })
  return ctx
}
