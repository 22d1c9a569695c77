import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { METRIC_GROUPS } from '@gridsight/contract'
import { type Db, metrics, rollup, stats } from '@gridsight/db'
import { backends } from '../support/backends.js'
import { openPrivate } from '../support/bad-input.js'

/**
 * The statistics' rollup (issue 12) against the definitions: every statistic of the district and its towns, for random
 * windows (aligned to Beijing days or not, in the past, ending today or in the future), answered from the rollup equals
 * the same statistic counted from the incidents — after the generated year, and again after writes of every kind (new
 * reports at midnight sharp, closures, pauses, merges, rework, deadlines moved, a case deleted). And a rollup kept by
 * folds equals one built afresh.
 */
const DAY = 86_400_000
function prng(seed: number) {
  return () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31 }
}

type Scope = { level: 'district' | 'town'; code: string }

async function compareAll(db: Db, scopes: Scope[], windows: Array<{ from: Date; to: Date }>) {
  const k = db.kysely
  for (const scope of scopes) {
    for (const w of windows) {
      const q = { scope, ...w }
      const label = `${scope.level} ${scope.code} ${w.from.toISOString()}–${w.to.toISOString()}`
      expect(await metrics.unitMetrics(k, q), label).toEqual(await metrics.unitMetrics(k, q, { raw: true }))
      for (const g of METRIC_GROUPS) expect(await metrics.groupMetrics(k, q, g), `${label} ${g}`).toEqual(await metrics.groupMetrics(k, q, g, { raw: true }))
      expect(await stats.kpis(k, q), label).toEqual(await stats.kpis(k, q, { raw: true }))
      expect(await stats.categoryMix(k, q), label).toEqual(await stats.categoryMix(k, q, { raw: true }))
      expect(await stats.dailyTrend(k, q), label).toEqual(await stats.dailyTrend(k, q, 30, { raw: true }))
      expect(await stats.funnel(k, q), label).toEqual(await stats.funnel(k, q, { raw: true }))
      expect(await stats.settledLevels(k, q), label).toEqual(await stats.settledLevels(k, q, { raw: true }))
      const rolled = await stats.ranking(k, q)
      const raw = await stats.ranking(k, q, { raw: true })
      expect(rolled.map((r) => ({ ...r, per_1000_households: null })), label).toEqual(raw.map((r) => ({ ...r, per_1000_households: null })))
      rolled.forEach((r, i) => expect(r.per_1000_households ?? -1).toBeCloseTo(raw[i]!.per_1000_households ?? -1, 2))
    }
  }
}

describe.each(backends())('the statistics rollup on $name PostGIS', (backend) => {
  let db: Db
  let scopes: Scope[]
  let first: Date
  let last: Date
  const random = prng(20261127)
  beforeAll(async () => {
    db = await openPrivate(backend, 'rollup')
    const k = db.kysely
    const district = (await sql<{ code: string }>`select code from admin_unit where level = 'district' order by code limit 1`.execute(k)).rows[0]!.code
    const towns = (await sql<{ code: string }>`select town_code as code from incident group by 1 order by count(*) desc limit 1`.execute(k)).rows
    scopes = [{ level: 'district', code: district }, ...towns.map((t) => ({ level: 'town' as const, code: t.code }))]
    const span = (await sql<{ first: Date; last: Date }>`select min(reported_at) as first, max(reported_at) as last from incident`.execute(k)).rows[0]!
    first = new Date(span.first)
    last = new Date(span.last)
  })
  afterAll(async () => { await db?.close() })

  const windows = () => {
    const out: Array<{ from: Date; to: Date }> = []
    const midnight = (t: number) => new Date(Math.floor((t + 8 * 3_600_000) / DAY) * DAY - 8 * 3_600_000)
    const now = Date.now()
    for (let i = 0; i < 3; i++) {
      const a = first.getTime() + random() * (now - first.getTime())
      const b = a + random() * 200 * DAY
      out.push({ from: new Date(a), to: new Date(b) }) // any moments; may end in the future
      out.push({ from: midnight(a), to: midnight(Math.min(b, now)) }) // whole Beijing days in the past
    }
    out.push({ from: new Date(now - 30 * DAY), to: new Date(now) }) // the default window
    out.push({ from: new Date(first.getTime() - DAY), to: new Date(now + DAY) }) // everything
    out.push({ from: midnight(now), to: new Date(now + 3_600_000) }) // today
    return out.filter((w) => w.to > w.from)
  }

  it('is built, and answers for the district and towns exactly as the incidents do', { timeout: 180_000 }, async () => {
    expect(await rollup.rollupBuilt(db.kysely)).toBe(true)
    expect((await sql<{ n: number }>`select count(*)::int as n from stat_fact`.execute(db.kysely)).rows[0]!.n)
      .toBe((await sql<{ n: number }>`select count(*)::int as n from incident`.execute(db.kysely)).rows[0]!.n)
    await compareAll(db, scopes, windows())
  })

  // Two dozen writes, each followed by a comparison of every answer with the raw scan: minutes on a busy machine.
  it('stays exact through writes of every kind, and folding gives what a fresh build gives', { timeout: 300_000 }, async () => {
    const k = db.kysely
    const town = scopes[1]!.code
    const ids = (await sql<{ id: string }>`select id::text as id from incident where town_code = ${town} order by id`.execute(k)).rows.map((r) => r.id)
    const pick = () => ids[Math.floor(random() * ids.length)]!
    const template = (await sql<{ village: string; lon: number; lat: number }>`
      select village_code as village, ST_X(geom) as lon, ST_Y(geom) as lat from incident where town_code = ${town} limit 1`.execute(k)).rows[0]!
    const midnight = new Date(Math.floor((last.getTime() + 8 * 3_600_000) / DAY) * DAY - 8 * 3_600_000)
    // New reports: one at a Beijing midnight sharp, registered and due at midnights too; one closed at once.
    await sql`insert into incident (title, category_code, source, status, geom, village_code, town_code, reported_at, accepted_at, registered_at, deadline, level)
      values ('午夜上报', 'urban.road', 'grid_worker', 'handling', ST_SetSRID(ST_MakePoint(${template.lon}, ${template.lat}), 4326), ${template.village}, ${town},
        ${midnight}, ${midnight}, ${midnight}, ${new Date(midnight.getTime() + 2 * DAY)}, 'town')`.execute(k)
    await sql`insert into incident (title, category_code, source, status, geom, village_code, town_code, reported_at, accepted_at, registered_at, deadline, closed_at, level, self_settled)
      values ('当场处置', 'urban.road', 'grid_worker', 'closed', ST_SetSRID(ST_MakePoint(${template.lon}, ${template.lat}), 4326), ${template.village}, ${town},
        now() - interval '2 hours', now() - interval '2 hours', null, null, now() - interval '1 hour', 'village', true)`.execute(k)
    // Closures, pauses, rework, extensions, moved deadlines, a merge, a deletion.
    await sql`update incident set status = 'closed', closed_at = greatest(reported_at, now() - interval '3 days') where id = ${pick()}`.execute(k)
    await sql`update incident set status = 'parked' where id = ${pick()} and status not in ('closed', 'evaluated')`.execute(k)
    await sql`update incident set rework_count = rework_count + 2, extension_count = extension_count + 1 where id = ${pick()}`.execute(k)
    await sql`update incident set deadline = deadline + interval '20 days' where id = ${pick()}`.execute(k)
    await sql`update incident set deadline = registered_at - interval '1 hour' where id = ${pick()} and registered_at is not null`.execute(k)
    await sql`update incident set satisfaction = 'satisfied' where id = ${pick()}`.execute(k)
    const a = pick()
    await sql`update incident set merged_into = (select min(id) from incident where town_code = ${town} and id <> ${a}) where id = ${a}`.execute(k)
    await sql`update incident set department_code = null, level = 'district' where id = ${pick()}`.execute(k)
    const gone = pick()
    await sql`update incident set merged_into = null where merged_into = ${gone}`.execute(k)
    await sql`delete from incident_log where incident_id = ${gone}`.execute(k)
    await sql`delete from incident where id = ${gone}`.execute(k)
    expect((await sql<{ n: number }>`select count(*)::int as n from stat_dirty`.execute(k)).rows[0]!.n).toBeGreaterThan(0)

    await compareAll(db, scopes, windows())
    expect((await sql<{ n: number }>`select count(*)::int as n from stat_dirty`.execute(k)).rows[0]!.n).toBe(0)

    // Folding kept the same rollup a fresh build makes.
    const nonZero = sql.join(Object.keys(rollup.COUNTERS).map((c) => sql`${sql.ref(c)} <> 0`), sql` or `)
    const snapshot = async () => [
      ...(await sql<Record<string, unknown>>`select * from stat_day where ${nonZero} order by unit_code, dim, key, day`.execute(k)).rows,
      ...(await sql<Record<string, unknown>>`select * from stat_month where ${nonZero} order by unit_code, dim, key, month`.execute(k)).rows,
    ].map((r) => JSON.stringify(r))
    const folded = await snapshot()
    await rollup.rebuildRollup(k)
    expect(await snapshot()).toEqual(folded)
  })
})
