import { demo, households, inLane, migrateToLatest, openDb, readDbConfig, rollup, sessions, warning } from '@gridsight/db'
import { defaultOptions, ensureDemoUsers, generateAll, hasDemoData } from '@gridsight/geodata'
import { terminalProgress } from '@gridsight/geodata/progress'
import { readApiConfig } from './config.js'
import { startHttpServer } from './http.js'
import { openSession } from './auth.js'
import { Simulator } from './simulator.js'

/** Starts GridSight: open the database, migrate, generate the demo data once, serve API and web app. */
const started = Date.now()
const config = readApiConfig()
const dbConfig = readDbConfig()
console.log(`GridSight: opening the ${dbConfig.databaseUrl ? 'PostgreSQL server' : `embedded database in ${dbConfig.dataDir}`} …`)
const db = await openDb(dbConfig)
const applied = await migrateToLatest(db.kysely)
if (applied.length) console.log(`  migrations applied: ${applied.join(', ')}`)
if (config.demoScale > 0 && !(await hasDemoData(db.kysely))) {
  const options = defaultOptions({ scale: config.demoScale, ...(config.district ? { district: config.district } : {}) })
  console.log(`  generating the demo data of district ${options.district} (scale ${config.demoScale}) — first start only:`)
  await generateAll(db.kysely, options, terminalProgress(), { deferRollup: true })
} else if (config.demoScale > 0 && (await demo.isDemoDataSet(db.kysely)) && (await ensureDemoUsers(db.kysely, config.district ?? undefined)) > 0) {
  console.log('  demo users added (see README)')
}
await warning.ensureRules(db.kysely)
// The demo actor runs only when asked for (GRIDSIGHT_SIMULATOR) and only on a database holding a demo data set.
const demoActor = config.simulator && (await Simulator.available(db))
if (config.simulator && !demoActor) console.log('  GRIDSIGHT_SIMULATOR: this database holds no demo data set, so the demo actor stays off')
const client = { basemap: config.basemap, publicWall: config.publicWall, district: config.district, demoActor }
const server = await startHttpServer({ db, port: config.port, host: config.host, webDist: config.webDist, client, warningSweepSeconds: config.warningSweepSeconds, signIn: config.signIn })
console.log(`GridSight is ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${server.url}`)
// The demo's wall opens under the screen account (aggregates only) from a link: a newcomer sees it at once.
const screen = config.demoScale > 0 && !config.publicWall ? await sessions.userForLogin(db.kysely, 'screen') : undefined
if (screen?.role === 'screen') console.log(`  the wall under the demo screen account: ${server.url}?token=${(await openSession(db, screen, config.signIn)).token}`)
// The households' places behind every density answer, read while nobody waits for them (in the heavy lane).
void inLane('heavy', () => households.warmDensity(db.kysely)).catch((e: unknown) => console.error('GridSight: reading the household cells failed:', e))
// The statistics' rollup, once, after a first start or an import: until it is built the figures count from the incidents.
void inLane('heavy', async () => {
  if (await rollup.rollupBuilt(db.kysely)) return
  const t0 = Date.now()
  let shown = 0
  console.log('  building the statistics rollup in the background (figures are counted from the cases until it is done) …')
  const r = await rollup.rebuildRollup(db.kysely, (done, total) => {
    if (Date.now() - shown < 5000) return
    shown = Date.now()
    console.log(`    statistics rollup: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} cases`)
  })
  console.log(`  statistics rollup built: ${r.facts.toLocaleString('en')} cases, ${r.rows.toLocaleString('en')} day rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
}).catch((e: unknown) => console.error('GridSight: building the statistics rollup failed:', e))
const simulator = demoActor ? new Simulator(db, { baseUrl: `http://127.0.0.1:${server.port}/` }) : null
if (simulator) {
  await simulator.start()
  console.log('  演示数据 · DEMO ACTOR ON: simulated reports (4–70 an hour by the time of day), device alarms and case steps, marked')
  console.log('  演示 on the wall and the desks; it touches only its own cases and alerts. GRIDSIGHT_SIMULATOR=off turns it off.')
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    simulator?.stop()
    void server.close().then(() => db.close()).finally(() => process.exit(0))
  })
}
