import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { migrateToLatest, openDb, repoRoot } from '@gridsight/db'
import { defaultOptions, generateAll } from '@gridsight/geodata'
import { createServerDatabase, dropServerDatabases } from './server-database.js'
import { TEST_END_DATE, TEST_SCALE } from './constants.js'

declare module 'vitest' {
  export interface ProvidedContext {
    embeddedTemplate: string
    serverUrl: string | null
  }
}

/**
 * Builds the small test data set once per run: an embedded data folder that each test file copies,
 * and (with TEST_DATABASE_URL) a database on the real server.
 */
export default async function setup(project: TestProject) {
  // Per run: several runs on one machine (a developer's and a helper's) must not share a folder.
  const template = join(repoRoot, `.cache/test-embedded-template-${process.pid}`)
  rmSync(template, { recursive: true, force: true })
  mkdirSync(template, { recursive: true })
  const building = join(repoRoot, `.cache/test-embedded-building-${process.pid}`)
  rmSync(building, { recursive: true, force: true })
  const embedded = await openDb({ databaseUrl: null, dataDir: building })
  await migrateToLatest(embedded.kysely)
  await generateAll(embedded.kysely, defaultOptions({ scale: TEST_SCALE, endDate: TEST_END_DATE }))
  await embedded.close()
  cpSync(building, template, { recursive: true })
  rmSync(building, { recursive: true, force: true })
  project.provide('embeddedTemplate', template)

  const admin = process.env.TEST_DATABASE_URL
  let serverUrl: string | null = null
  if (admin) {
    serverUrl = await createServerDatabase(admin, `gridsight_test_${process.pid}`)
    const server = await openDb({ databaseUrl: serverUrl, dataDir: '' })
    await migrateToLatest(server.kysely)
    await generateAll(server.kysely, defaultOptions({ scale: TEST_SCALE, endDate: TEST_END_DATE }))
    await server.close()
  }
  project.provide('serverUrl', serverUrl)
  return async () => {
    if (existsSync(template)) rmSync(template, { recursive: true, force: true })
    if (admin) await dropServerDatabases(admin, `gridsight_test_${process.pid}`)
  }
}
