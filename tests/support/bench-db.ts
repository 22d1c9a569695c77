import { type Db, migrateToLatest, openDb, readDbConfig } from '@gridsight/db'
import { defaultOptions, ensureDemoUsers, generateAll, hasDemoData } from '@gridsight/geodata'
import { terminalProgress } from '@gridsight/geodata/progress'

/** The benchmarks' database (DATABASE_URL, or the embedded one of `npm start`), migrated, with the full demo data and users. */
export async function openBenchDb(): Promise<Db> {
  const db = await openDb(readDbConfig())
  await migrateToLatest(db.kysely)
  if (!(await hasDemoData(db.kysely))) await generateAll(db.kysely, defaultOptions(), terminalProgress())
  await ensureDemoUsers(db.kysely)
  return db
}
