import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { type RunningServer, startHttpServer } from '@gridsight/api/http'
import { type Db, repoRoot } from '@gridsight/db'
import { backends } from './backends.js'
import { launchBrowser } from './browser.js'

/**
 * For a browser test file: the web app and API over real HTTP on a private copy of the embedded test data,
 * and Debian's Chromium. Fields are filled before the tests run.
 */
export function useWebApp() {
  const ctx = {} as { db: Db; server: RunningServer; browser: Browser; url: string }
  beforeAll(async () => {
    ctx.db = await backends()[0]!.open()
    ctx.server = await startHttpServer({ db: ctx.db, port: 0, host: '127.0.0.1', webDist: join(repoRoot, 'web/dist') })
    ctx.url = ctx.server.url
    ctx.browser = await launchBrowser()
  })
  afterAll(async () => {
    await ctx.browser?.close()
    await ctx.server?.close()
    await ctx.db?.close()
  })
  return ctx
}
