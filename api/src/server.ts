import { existsSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { serve } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { migrateToLatest, openDb, readDbConfig } from '@gridsight/db'
import { defaultOptions, generateAll, hasDemoData } from '@gridsight/geodata'
import { terminalProgress } from '@gridsight/geodata/progress'
import { createApp } from './app.js'
import { readApiConfig } from './config.js'

/** Starts GridSight: open the database, migrate, generate the demo data once, serve API and web app. */
const started = Date.now()
const config = readApiConfig()
const dbConfig = readDbConfig()
console.log(`GridSight: opening the ${dbConfig.databaseUrl ? 'PostgreSQL server' : `embedded database in ${dbConfig.dataDir}`} …`)
const db = await openDb(dbConfig)
const applied = await migrateToLatest(db.kysely)
if (applied.length) console.log(`  migrations applied: ${applied.join(', ')}`)
if (config.demoScale > 0 && !(await hasDemoData(db.kysely))) {
  console.log(`  generating the Hechuan demo data (scale ${config.demoScale}) — first start only:`)
  await generateAll(db.kysely, defaultOptions({ scale: config.demoScale }), terminalProgress())
}

const app = createApp(db)
if (existsSync(config.webDist)) {
  const root = relative(process.cwd(), config.webDist) || '.'
  app.use('/*', serveStatic({ root }))
  // Client-side routes (/?level=…, /report …) all load the one page.
  const index = readFileSync(join(config.webDist, 'index.html'), 'utf8')
  app.get('*', (c) => c.html(index))
} else {
  console.warn(`  web app not built (${config.webDist} missing): serving the API only`)
}

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  console.log(`GridSight is ready in ${((Date.now() - started) / 1000).toFixed(1)} s: http://localhost:${info.port}/`)
})

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close()
    void db.close().finally(() => process.exit(0))
  })
}
