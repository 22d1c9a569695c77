/**
 * Kill benchmark (PERFORMANCE.md P9, "nothing acknowledged is lost"). The API runs in its own process on a fresh small
 * demo data set (GRIDSIGHT_DEMO_SCALE, default 0.02); a burst of reports (CONCURRENCY in flight, as gudongmei and the
 * dispatcher, each with its own client_id) is cut by `kill -9` after KILL_AFTER acknowledgements; the API is started
 * again on the same data. Then: every report answered 201 must be stored exactly once (by client_id), and a screen that
 * reconnects with the Last-Event-ID it had before the kill must receive what it missed and what comes next.
 *   npm run bench -- kill                                     # embedded database, in a temporary folder
 *   DATABASE_URL=postgres://…/postgres npm run bench -- kill   # a fresh database beside the one named (dropped after)
 *   ROUNDS=3 KILL_AFTER=200 CONCURRENCY=16 …
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openDb } from '@gridsight/db'
import { type ApiProcess, startApi, tokenOf, villagePoints } from '../support/api-process.js'
import { createServerDatabase, dropServerDatabases } from '../support/server-database.js'
import { openStream } from '../support/sse.js'

const ROUNDS = Number(process.env.ROUNDS ?? 3)
const KILL_AFTER = Number(process.env.KILL_AFTER ?? 150)
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16)
const SCALE = process.env.GRIDSIGHT_DEMO_SCALE ?? '0.02'

const adminUrl = process.env.DATABASE_URL?.trim() || null
const dbName = `gridsight_kill_${process.pid}`
const dataDir = adminUrl ? '' : mkdtempSync(join(tmpdir(), 'gridsight-kill-'))
const databaseUrl = adminUrl ? await createServerDatabase(adminUrl, dbName) : null
const env = { GRIDSIGHT_DEMO_SCALE: SCALE, GRIDSIGHT_DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '' }
const engine = adminUrl ? 'server' : 'embedded'

console.error(`kill: ${engine}, generating the demo data (scale ${SCALE}) …`)
let api: ApiProcess = await startApi(env)
const acknowledged = new Set<string>()
/** Reports whose answer never came (cut by the kill): each may or may not have been stored. */
const unanswered = new Set<string>()
const refused: Record<string, number> = {}
const rounds: { acknowledged: number; cut_mid_request: number; restart_s: number; screen_missed_before_kill: number; replayed_to_screen: number;
  missing_on_screen: number; stream_resumed: boolean }[] = []
/** The case id in an incident event's data. */
const caseId = (data: string) => (JSON.parse(data) as { id: number }).id

for (let round = 1; round <= ROUNDS; round++) {
  const base = api.url
  const users = [await tokenOf(base, 'gudongmei'), await tokenOf(base, 'dispatcher')]
  const spots = await villagePoints(base, users[1]!)
  // A screen follows the stream; it remembers the last event id it saw.
  let lastSeen = ''
  const seenBefore = new Set<number>()
  const screen = openStream(`${base}api/stream`, (e) => {
    lastSeen = e.id
    if (e.event === 'incident.created') seenBefore.add(caseId(e.data))
  })
  await screen.ready

  let acksThisRound = 0
  const ackedCases = new Set<number>()
  const cutBefore = unanswered.size
  let killed = false
  const poster = async (i: number) => {
    while (!killed) {
      const clientId = randomUUID()
      const [lon, lat] = spots[Math.floor(Math.random() * spots.length)]!
      unanswered.add(clientId)
      try {
        const res = await fetch(`${base}api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${users[i % 2]}` },
          body: JSON.stringify({ client_id: clientId, category_code: 'dispute.neighbour', description: `断电测试 第${round}轮`, lon, lat }) })
        const body = await res.text()
        unanswered.delete(clientId)
        if (res.status === 201) {
          acknowledged.add(clientId)
          ackedCases.add((JSON.parse(body) as { id: number }).id)
          if (++acksThisRound >= KILL_AFTER && !killed) {
            killed = true
            api.child.kill('SIGKILL')
          }
        } else {
          refused[res.status] = (refused[res.status] ?? 0) + 1
        }
      } catch {
        return // the connection was cut: the outcome of this report is unknown
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => poster(i)))
  await api.stop()
  await screen.close()
  const cutThisRound = unanswered.size - cutBefore

  const t = Date.now()
  api = await startApi(env)
  const restartSeconds = (Date.now() - t) / 1000
  // The screen comes back with its Last-Event-ID: it must get what it missed, then what is new.
  const replayed = new Set<number>()
  const back = openStream(`${api.url}api/stream`, (e) => { if (e.event === 'incident.created') replayed.add(caseId(e.data)) }, lastSeen)
  await back.ready
  const newId = randomUUID()
  const after = await fetch(`${api.url}api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenOf(api.url, 'dispatcher')}` },
    body: JSON.stringify({ client_id: newId, category_code: 'dispute.neighbour', description: '重启后的上报', lon: spots[0]![0], lat: spots[0]![1] }) })
  const newCase = ((await after.json()) as { id: number }).id
  if (after.status === 201) acknowledged.add(newId)
  for (const until = Date.now() + 10_000; !replayed.has(newCase) && Date.now() < until;) await new Promise((r) => setTimeout(r, 50))
  await back.close()
  const missedBeforeKill = [...ackedCases].filter((id) => !seenBefore.has(id))
  rounds.push({ acknowledged: acksThisRound, cut_mid_request: cutThisRound, restart_s: +restartSeconds.toFixed(1),
    screen_missed_before_kill: missedBeforeKill.length, replayed_to_screen: missedBeforeKill.filter((id) => replayed.has(id)).length,
    missing_on_screen: [...ackedCases].filter((id) => !seenBefore.has(id) && !replayed.has(id)).length, stream_resumed: replayed.has(newCase) })
  console.error(`kill: round ${round}: ${acksThisRound} acknowledged, ${cutThisRound} cut mid-request, restarted in ${restartSeconds.toFixed(1)} s, stream resumed: ${replayed.has(newCase)}`)
}
await api.stop()

// Count by client_id, straight from the database (the API is down: the embedded one admits one process).
const db = await openDb({ databaseUrl, dataDir })
const ids = [...acknowledged, ...unanswered]
const stored = new Map((await sql<{ client_id: string; n: number }>`
  select client_id::text as client_id, count(*)::int as n from incident where client_id = any(${ids}::uuid[]) group by client_id`.execute(db.kysely)).rows.map((r) => [r.client_id, r.n]))
await db.close()
const once = [...acknowledged].filter((id) => stored.get(id) === 1).length
const twice = [...acknowledged].filter((id) => (stored.get(id) ?? 0) > 1).length
const lost = [...acknowledged].filter((id) => !stored.has(id)).length
if (adminUrl) await dropServerDatabases(adminUrl, dbName)
else rmSync(dataDir, { recursive: true, force: true })

console.log(JSON.stringify({
  benchmark: 'P9 nothing acknowledged is lost: kill -9 during a burst of reports, restart, count', engine, cores: cpus().length,
  demo_scale: Number(SCALE), rounds_of_kill: ROUNDS, concurrency: CONCURRENCY,
  acknowledged_201: acknowledged.size, found_after_restart_once: once, found_more_than_once: twice, lost,
  cut_mid_request: { count: unanswered.size, stored_anyway: [...unanswered].filter((id) => stored.has(id)).length },
  refused, rounds,
}, null, 2))
