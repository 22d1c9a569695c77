import { type Kysely, sql } from 'kysely'
import { type Database, rollup, warning, withoutSecondaryIndexes } from '@gridsight/db'
import type { GenerateContext, GenerateOptions, ProgressReporter } from './context.js'
import { generateDistrict, generateGrids, generateTowns, generateVillages } from './generators/boundaries.js'
import { generateCameras } from './generators/cameras.js'
import { generateHouseholds } from './generators/households.js'
import { generateIncidents } from './generators/incidents.js'
import { generatePlaces } from './generators/places.js'
import { generateReference } from './generators/reference.js'
import { generateSensors } from './generators/sensors.js'
import { generateStories } from './generators/stories.js'
import { ensureDemoUsers } from './generators/users.js'
import { generateTracks } from './generators/workers.js'
import { loadDistrict } from './sources/district.js'
import { extrasOf } from './sources/extras.js'
import { HECHUAN } from './sources/hechuan/index.js'

type Step = [name: string, run: (ctx: GenerateContext) => Promise<void>, count: string]

/** Bulk steps load their tables with the secondary indexes dropped and rebuilt after. */
const bulk = (tables: string[], run: (ctx: GenerateContext) => Promise<void>) => (ctx: GenerateContext) =>
  withoutSecondaryIndexes(ctx.db, tables, () => run(ctx))

const STEPS: Step[] = [
  ['district outline', generateDistrict, `select count(*)::int as n from admin_unit where level = 'district'`],
  ['towns and streets', generateTowns, `select count(*)::int as n from admin_unit where level = 'town'`],
  ['villages and communities', generateVillages, `select count(*)::int as n from admin_unit where level = 'village'`],
  ['grids', generateGrids, `select count(*)::int as n from grid`],
  ['households', bulk(['household'], generateHouseholds), `select count(*)::int as n from household`],
  ['departments and categories', generateReference, `select count(*)::int as n from department`],
  ['places', generatePlaces, `select count(*)::int as n from place`],
  ['cameras', generateCameras, `select count(*)::int as n from camera`],
  // Before the history: the grid workers file their grids' reports in it.
  ['demo users and grid workers', async (ctx) => { await ensureDemoUsers(ctx.db, ctx.district) }, `select count(*)::int as n from app_user`],
  ['incidents (one year)', bulk(['incident', 'incident_log'], generateIncidents), `select count(*)::int as n from incident`],
  ['seed stories and case timelines', generateStories, `select count(*)::int as n from incident_log`],
  ['IoT sensors', generateSensors, `select count(*)::int as n from sensor`],
  ['patrol tracks (last 7 days)', generateTracks, `select count(*)::int as n from worker_position`],
]

export const DEFAULT_SEED = 20191029
/** The district generated unless told otherwise: Hechuan, the demo's home. */
export const DEFAULT_DISTRICT = HECHUAN

export function defaultOptions(overrides: Partial<GenerateOptions> = {}): GenerateOptions {
  return { district: DEFAULT_DISTRICT, seed: DEFAULT_SEED, scale: 1, endDate: new Date(), ...overrides }
}

/** The generators' context: the options with the district's data set and extras (throws for a district without data). */
function contextOf(db: Kysely<Database>, options: GenerateOptions): GenerateContext {
  return { ...options, db, data: loadDistrict(options.district), extras: extrasOf(options.district) }
}

/** Whether any district is loaded (generated or imported): the demo data is generated only into a database without one. */
export async function hasDemoData(db: Kysely<Database>): Promise<boolean> {
  const r = await db.selectFrom('admin_unit').select(sql<number>`count(*)::int`.as('n')).where('level', '=', 'district').executeTakeFirst()
  return (r?.n ?? 0) > 0
}

/**
 * Generates the demo data set of one district (options.district) into a database without demo data, in one
 * transaction: on failure nothing is left half-written.
 */
export async function generateAll(db: Kysely<Database>, options: GenerateOptions, progress?: ProgressReporter,
  { deferRollup = false }: { deferRollup?: boolean } = {}): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  contextOf(db, options) // fails here, before any write, for a district without a data set
  await db.transaction().execute(async (trx) => {
    const ctx = contextOf(trx, options)
    // The statistics' rollup is built from the whole history after (rollup.ts), not case by case during it.
    await sql`alter table incident disable trigger incident_stat_dirty`.execute(trx)
    // What makes this a demo database: demo users, demo devices and the demo actor exist only where this row does.
    await sql`insert into demo_data_set (district_code) values (${options.district}) on conflict do nothing`.execute(trx)
    for (const [i, [name, run, count]] of STEPS.entries()) {
      progress?.(name, i, STEPS.length + 1)
      await run(ctx)
      const r = await sql<{ n: number }>`${sql.raw(count)}`.execute(trx)
      counts[name] = Number(r.rows[0]?.n ?? 0)
      progress?.(name, i + 1, STEPS.length + 1, String(counts[name]))
    }
    await sql`drop table if exists gen_seed, gen_cell`.execute(trx)
    await sql`alter table incident enable trigger incident_stat_dirty`.execute(trx)
    await sql`update stat_state set built_at = null`.execute(trx)
  })
  await sql`analyze`.execute(db)
  progress?.(WARNINGS_STEP, STEPS.length, STEPS.length + 1)
  counts[WARNINGS_STEP] = await replayRecentWarnings(db, options.endDate)
  progress?.(WARNINGS_STEP, STEPS.length + 1, STEPS.length + 1, String(counts[WARNINGS_STEP]))
  // The server builds it after it answers (deferRollup); until then the statistics count from the incidents.
  if (!deferRollup) await rollup.rebuildRollup(db)
  return counts
}

const WARNINGS_STEP = 'early warnings (last 4 days replayed)'
export const REPLAY_DAYS = 4

/**
 * Runs the early-warning rules over the last days of history, so the wall opens with the alerts a live system
 * would have raised (among them the 120 owners at 龙苑社区); those older than three days are closed as handled, those older than six hours acknowledged.
 */
export async function replayRecentWarnings(db: Kysely<Database>, end: Date): Promise<number> {
  await warning.ensureRules(db)
  await warning.replay(db, new Date(end.getTime() - REPLAY_DAYS * 86_400_000), end, { stepHours: 3 })
  await sql`with u as (
      update alert set status = 'closed', acknowledged_at = raised_at + interval '10 minutes', acknowledged_by = '指挥中心值班员',
        closed_at = last_evidence_at + interval '1 day', closed_by = '指挥中心值班员', close_note = '已处置（演示历史数据）'
      where status <> 'closed' and last_evidence_at < ${end}::timestamptz - interval '3 days' returning id, acknowledged_at, closed_at)
    insert into alert_log (alert_id, action, actor, note, at)
    select id, 'acknowledged', '指挥中心值班员', null, acknowledged_at from u
    union all select id, 'closed', '指挥中心值班员', '已处置（演示历史数据）', closed_at from u`.execute(db)
  // The duty officer has seen what came in before this morning's shift.
  await sql`with u as (
      update alert set status = 'acknowledged', acknowledged_at = raised_at + interval '10 minutes', acknowledged_by = '指挥中心值班员'
      where status = 'raised' and raised_at < ${end}::timestamptz - interval '6 hours' returning id, acknowledged_at)
    insert into alert_log (alert_id, action, actor, note, at) select id, 'acknowledged', '指挥中心值班员', null, acknowledged_at from u`.execute(db)
  const r = await sql<{ n: number }>`select count(*)::int as n from alert`.execute(db)
  return r.rows[0]!.n
}

/**
 * Loads (or reloads) only the outline and facts of a district's data set: the parent a district's own imported
 * towns attach to. A district without a data set imports its outline instead (importBoundaries 'district').
 */
export async function loadDistrictOutline(db: Kysely<Database>, district: string = DEFAULT_DISTRICT): Promise<void> {
  await generateDistrict(contextOf(db, defaultOptions({ district })))
}
