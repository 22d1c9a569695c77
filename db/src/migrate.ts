import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely'
import * as initial from './migrations/2026-11-24T0100-initial.js'
import * as accounts from './migrations/2026-11-24T0200-accounts-and-live-events.js'
import * as householdCells from './migrations/2026-11-24T0300-household-cells.js'
import * as earlyWarning from './migrations/2026-11-24T0400-early-warning.js'
import * as attachments from './migrations/2026-11-24T0500-attachments.js'
import * as mergedCases from './migrations/2026-11-24T0600-merged-cases.js'
import * as deadlineClock from './migrations/2026-11-24T0700-deadline-clock.js'
import * as districtKeys from './migrations/2026-11-24T0800-district-keys.js'
import * as privacy from './migrations/2026-11-24T0900-privacy.js'
import * as signIn from './migrations/2026-11-24T0910-sign-in.js'
import * as demoActor from './migrations/2026-11-24T0920-demo-actor.js'
import * as holdingUp from './migrations/2026-11-24T0930-holding-up.js'
import * as threeLevels from './migrations/2026-11-25T1000-three-levels.js'
import * as workflowPractice from './migrations/2026-11-25T1010-workflow-practice.js'
import * as intakeAndRequests from './migrations/2026-11-26T1020-intake-and-requests.js'
import * as gridWorkers from './migrations/2026-11-26T1030-grid-workers.js'
import * as statisticsRollup from './migrations/2026-11-27T1000-statistics-rollup.js'
import * as statisticsMonths from './migrations/2026-11-27T1010-statistics-months.js'
import * as bulletins from './migrations/2026-11-27T1020-bulletins.js'
import * as caseClocks from './migrations/2026-11-28T1000-case-clocks-and-score.js'

/** Every migration, in order. Never edit a landed one: add a new file and a line here. */
const migrations: Record<string, Migration> = {
  '2026-11-24T0100-initial': initial,
  '2026-11-24T0200-accounts-and-live-events': accounts,
  '2026-11-24T0300-household-cells': householdCells,
  '2026-11-24T0400-early-warning': earlyWarning,
  '2026-11-24T0500-attachments': attachments,
  '2026-11-24T0600-merged-cases': mergedCases,
  '2026-11-24T0700-deadline-clock': deadlineClock,
  '2026-11-24T0800-district-keys': districtKeys,
  '2026-11-24T0900-privacy': privacy,
  '2026-11-24T0910-sign-in': signIn,
  '2026-11-24T0920-demo-actor': demoActor,
  '2026-11-24T0930-holding-up': holdingUp,
  '2026-11-25T1000-three-levels': threeLevels,
  '2026-11-25T1010-workflow-practice': workflowPractice,
  '2026-11-26T1020-intake-and-requests': intakeAndRequests,
  '2026-11-26T1030-grid-workers': gridWorkers,
  '2026-11-27T1000-statistics-rollup': statisticsRollup,
  '2026-11-27T1010-statistics-months': statisticsMonths,
  '2026-11-27T1020-bulletins': bulletins,
  '2026-11-28T1000-case-clocks-and-score': caseClocks,
}

const provider: MigrationProvider = { getMigrations: async () => migrations }

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** Migrates up or down to the named migration (a test of one migration's backfill starts from the one before). */
export async function migrateTo(db: Kysely<any>, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateTo(name)
  if (error) throw error instanceof Error ? error : new Error(String(error))
}
