import { existsSync, readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join, relative } from 'node:path'
import { serve } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { compress } from 'hono/compress'
import { type Db, inLane, rollup, warning } from '@gridsight/db'
import { issueMonthlyBulletins } from './bulletin.js'
import { type ClientConfig, createApp } from './app.js'
import { LiveHub } from './live.js'
import type { SignInSettings } from './sign-in-settings.js'
import { WarningRunner } from './warning.js'

const HOUR_MS = 3_600_000

export interface RunningServer { url: string; port: number; hub: LiveHub; warn: WarningRunner; close(): Promise<void> }

/** Serves the API and, when built, the web app (client routes fall back to index.html) over real HTTP. */
export async function startHttpServer(o: { db: Db; port: number; host?: string; webDist: string; client?: ClientConfig; warningSweepSeconds?: number; signIn?: SignInSettings }): Promise<RunningServer> {
  const hub = new LiveHub(o.db)
  await hub.start()
  const warn = new WarningRunner(o.db, hub)
  warn.start((o.warningSweepSeconds ?? 0) * 1000)
  const app = createApp(o.db, o.client, hub, warn, o.signIn)
  // The statistics' rollup folds the cases written meanwhile every few seconds, so a reader rarely waits for a fold.
  let folding: Promise<unknown> | null = null
  const folder = setInterval(() => {
    folding ??= rollup.foldRollup(o.db.kysely).catch((e: unknown) => console.error('GridSight: folding the statistics rollup failed:', e)).finally(() => { folding = null })
  }, 3000)
  folder.unref()
  // The monthly bulletin: looked for five minutes after start and every hour; one process makes it (scheduled_run).
  let issuing: Promise<unknown> | null = null
  const issue = () => {
    issuing ??= inLane('heavy', async () => {
      if (await warning.claimScheduledRun(o.db.kysely, 'bulletin.monthly', HOUR_MS)) {
        for (const b of await issueMonthlyBulletins(o.db)) console.log(`GridSight: ${b.title} issued (${b.pages} pages)`)
      }
    }).catch((e: unknown) => console.error('GridSight: issuing the monthly bulletin failed:', e)).finally(() => { issuing = null })
  }
  const firstLook = setTimeout(issue, 5 * 60_000)
  const bulletinTimer = setInterval(issue, HOUR_MS)
  firstLook.unref()
  bulletinTimer.unref()
  if (existsSync(join(o.webDist, 'index.html'))) {
    app.use('/assets/*', compress())
    app.use('/*', serveStatic({ root: relative(process.cwd(), o.webDist) || '.' }))
    const index = readFileSync(join(o.webDist, 'index.html'), 'utf8')
    app.get('*', (c) => c.html(index))
  } else {
    console.warn(`web app not built (${o.webDist} missing): serving the API only`)
  }
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: o.port, hostname: o.host ?? '0.0.0.0' }, (info: AddressInfo) => {
      resolve({
        port: info.port,
        url: `http://localhost:${info.port}/`,
        hub,
        warn,
        close: async () => {
          clearInterval(folder)
          clearTimeout(firstLook)
          clearInterval(bulletinTimer)
          await folding
          await issuing
          await warn.stop()
          await hub.stop()
          // Open event streams would keep the server up: end them.
          ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
          await new Promise<void>((done) => server.close(() => done()))
        },
      })
    })
  })
}
