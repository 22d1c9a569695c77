import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_REPLAY_EVENTS, MAX_REPLAY_HOURS } from '@gridsight/contract'
import { type RunningServer, startHttpServer } from '@gridsight/api/http'
import { type Db, repoRoot } from '@gridsight/db'
import { backends } from '../../support/backends.js'
import { loginToken } from '../../support/api.js'
import { openPrivate } from '../../support/bad-input.js'
import { openStream, type SseEvent } from '../../support/sse.js'

/**
 * Last-Event-ID the log cannot honour: from the future (a re-created database under a running wall) or too far back
 * to replay. The stream answers with a `reset` carrying the id to go on from, and then stays live.
 */
describe.each(backends())('resuming the live stream on $name PostGIS', (backend) => {
  let db: Db
  let server: RunningServer
  let token: string
  let desk: string
  let at: { lon: number; lat: number }
  beforeAll(async () => {
    db = await openPrivate(backend, 'bad_stream')
    server = await startHttpServer({ db, port: 0, host: '127.0.0.1', webDist: join(repoRoot, 'web/no-dist') })
    const request = (p: string, i?: RequestInit) => fetch(`${server.url}${p.slice(1)}`, i)
    token = await loginToken({ request }, 'gudongmei')
    desk = await loginToken({ request }, 'dispatcher') // the stream as a desk sees every event in full
    const me = (await (await fetch(`${server.url}api/auth/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as { grid_code: string }
    const village = (await (await fetch(`${server.url}api/units/${me.grid_code.slice(0, 12)}`, { headers: { authorization: `Bearer ${desk}` } })).json()) as { label: [number, number] }
    at = { lon: village.label[0], lat: village.label[1] }
    await report() // the log has at least one event
  })
  afterAll(async () => {
    await server?.close()
    await db?.close()
  })

  const report = async () => {
    const res = await fetch(`${server.url}api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ client_id: randomUUID(), category_code: 'dispute.neighbour', description: '邻里纠纷', people_involved: 2, ...at }) })
    expect(res.status).toBe(201)
    return ((await res.json()) as { id: number }).id
  }
  const lastId = async () => (await sql<{ id: number }>`select coalesce(max(id), 0)::int as id from live_event`.execute(db.kysely)).rows[0]!.id
  /** Opens the stream resuming from an id; returns what it got until ready, and then. */
  const follow = async (lastEventId: string, how: 'header' | 'query' = 'header') => {
    const events: SseEvent[] = []
    const url = how === 'query' ? `${server.url}api/stream?lastEventId=${lastEventId}` : `${server.url}api/stream`
    const s = openStream(url, (e) => events.push(e), how === 'header' ? lastEventId : undefined, desk)
    await s.ready
    return { events, atReady: [...events], close: s.close }
  }
  /**
   * One reset, carrying the id to go on from: the log's newest when the stream opened — at least the newest this test
   * read (the warning runner may write one more meanwhile) — in its id and its data.
   */
  const expectReset = (events: SseEvent[], reason: string, atLeast: number) => {
    expect(events.map((e) => e.event)).toEqual(['reset'])
    const data = JSON.parse(events[0]!.data) as { lastEventId: number; reason: string }
    expect(data).toEqual({ lastEventId: Number(events[0]!.id), reason })
    expect(data.lastEventId).toBeGreaterThanOrEqual(atLeast)
  }
  /** Lets the early-warning runner finish reacting to what was written (its alert events go into the same log). */
  const settle = async () => {
    await server.hub.poke()
    await server.warn.idle()
  }
  const until = async (check: () => boolean) => { for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50)) }

  it.each(['header', 'query'] as const)('answers an id from the future (%s) with a reset to the newest id, then goes on live', async (how) => {
    await settle()
    const newest = await lastId()
    const s = await follow(String(newest + 1_000_000), how)
    expectReset(s.atReady, 'unknown_event', newest)
    const id = await report()
    await until(() => s.events.some((e) => e.event === 'incident.created'))
    expect(s.events.filter((e) => e.event === 'incident.created').map((e) => JSON.parse(e.data).id)).toEqual([id])
    await s.close()
  })

  it('replays what a screen missed within the limits, without a reset', async () => {
    await settle()
    const from = await lastId()
    const ids = [await report(), await report()]
    const s = await follow(String(from))
    // Replayed before 'ready', or (on the server, when NOTIFY is slower than this request) pushed right after it: once each.
    const created = () => s.events.filter((e) => e.event === 'incident.created').map((e) => JSON.parse(e.data).id)
    await until(() => created().length >= ids.length)
    expect(s.events.map((e) => e.event)).not.toContain('reset')
    expect(created()).toEqual(ids)
    await s.close()
  })

  it(`resets a screen more than ${MAX_REPLAY_EVENTS} events behind instead of replaying them`, async () => {
    const from = await lastId()
    await sql`insert into live_event (type, payload) select 'camera.updated', '{}'::jsonb from generate_series(1, ${MAX_REPLAY_EVENTS + 1})`.execute(db.kysely)
    await settle() // written behind the API's back: no NOTIFY announced them
    const newest = await lastId()
    const s = await follow(String(from))
    await until(() => s.events.length > 0)
    expectReset(s.atReady, 'too_far_behind', newest)
    await s.close()
    // Exactly at the limit it still replays.
    await settle()
    const t = await follow(String((await lastId()) - MAX_REPLAY_EVENTS))
    expect(t.atReady.map((e) => e.event)).not.toContain('reset')
    expect(t.atReady).toHaveLength(MAX_REPLAY_EVENTS)
    await t.close()
  })

  it(`resets a screen whose next event is more than ${MAX_REPLAY_HOURS} hours old (Last-Event-ID: 0 on an old log)`, async () => {
    const first = (await sql<{ id: number }>`select min(id)::int as id from live_event`.execute(db.kysely)).rows[0]!.id
    await sql`update live_event set at = now() - make_interval(hours => ${MAX_REPLAY_HOURS + 1}) where id = ${first}`.execute(db.kysely)
    await settle()
    const s = await follow(String(first - 1))
    // The reset first; whatever follows it is live (an alert the runner updated meanwhile), not a replay.
    expect(s.atReady[0]?.event).toBe('reset')
    expect(s.atReady.filter((e) => e.event === 'reset' || e.event === 'incident.created')).toHaveLength(1)
    await s.close()
  })
})
