import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { type Db, type DbConfig, migrateToLatest, openDb, readDbConfig, rollup } from '@gridsight/db'
import { defaultOptions, ensureDemoUsers, generateAll, hasDemoData } from '@gridsight/geodata'
import { terminalProgress } from '@gridsight/geodata/progress'

/** The benchmarks' database (DATABASE_URL, or the embedded one of `npm start`), migrated, with the full demo data, users and statistics rollup. */
export async function openBenchDb(): Promise<Db> {
  const db = await openDb(readDbConfig())
  await migrateToLatest(db.kysely)
  if (!(await hasDemoData(db.kysely))) await generateAll(db.kysely, defaultOptions(), terminalProgress())
  await ensureDemoUsers(db.kysely)
  if (!(await rollup.rollupBuilt(db.kysely))) {
    const t0 = Date.now()
    const r = await rollup.rebuildRollup(db.kysely)
    console.error(`  statistics rollup built: ${r.facts} cases, ${r.rows} day rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  }
  return db
}

/**
 * A scratch copy of the (closed) bench database for a benchmark that writes: every run starts from the same data
 * and leaves none behind (reports piled up from earlier runs would feed the early-warning rules and skew the next
 * figure). On a server a database made from it as a template, embedded a copy of its directory. `env` points the
 * API process at the copy; `drop` removes it.
 */
export async function scratchCopy(config: DbConfig = readDbConfig()): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  if (!config.databaseUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'gridsight-bench-'))
    cpSync(config.dataDir, dir, { recursive: true })
    return { env: { GRIDSIGHT_DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) }
  }
  const url = new URL(config.databaseUrl)
  const source = decodeURIComponent(url.pathname.slice(1))
  const name = `${source}_scratch_${process.pid}`
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const run = async (statement: string) => {
    const c = new pg.Client({ connectionString: admin.toString() })
    await c.connect()
    try { await c.query(statement) } finally { await c.end() }
  }
  const quoted = (n: string) => `"${n.replace(/"/g, '""')}"`
  await run(`drop database if exists ${quoted(name)}`)
  await run(`create database ${quoted(name)} template ${quoted(source)}`)
  const copy = new URL(url)
  copy.pathname = `/${name}`
  return { env: { DATABASE_URL: copy.toString() }, drop: () => run(`drop database if exists ${quoted(name)} with (force)`) }
}
