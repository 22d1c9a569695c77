import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import { type Db, migrateToLatest, openDb } from '@gridsight/db'
import { createServerDatabase } from './server-database.js'

export interface Backend {
  name: 'embedded' | 'server'
  /** Opens a database holding the test data set; the embedded one is a private copy. */
  open(): Promise<Db>
  /** Opens a new, migrated, empty database of its own (for tests that write). */
  openEmpty(name: string): Promise<Db>
}

/** The databases this run can test on: always the embedded one, the real server when configured. */
export function backends(): Backend[] {
  const list: Backend[] = [{
    name: 'embedded',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'gridsight-test-'))
      cpSync(inject('embeddedTemplate'), dir, { recursive: true })
      const db = await openDb({ databaseUrl: null, dataDir: dir })
      return { ...db, close: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }) } }
    },
    async openEmpty() {
      const dir = mkdtempSync(join(tmpdir(), 'gridsight-empty-'))
      const db = await openDb({ databaseUrl: null, dataDir: dir })
      await migrateToLatest(db.kysely)
      return { ...db, close: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }) } }
    },
  }]
  const serverUrl = inject('serverUrl')
  if (serverUrl) {
    list.push({
      name: 'server',
      open: () => openDb({ databaseUrl: serverUrl, dataDir: '' }, { poolSize: 4 }),
      async openEmpty(name) {
        const db = await openDb({ databaseUrl: await createServerDatabase(serverUrl, `${new URL(serverUrl).pathname.slice(1)}_${name}`), dataDir: '' }, { poolSize: 4 })
        await migrateToLatest(db.kysely)
        return db
      },
    })
  }
  else if (process.env.CI) throw new Error('CI must test on the real PostGIS server too: set TEST_DATABASE_URL')
  return list
}
