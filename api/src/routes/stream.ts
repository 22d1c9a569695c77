import { MAX_REPLAY_EVENTS, STREAM_RESET_EVENT, streamQuery } from '@gridsight/contract'
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { type AlertSummary, type IncidentSummary, live } from '@gridsight/db'
import { sessionStillLive } from '../auth.js'
import type { AppEnv } from '../context.js'
import { resumePoint } from '../live-resume.js'
import { describe } from '../openapi.js'
import { query } from '../validate.js'
import { type PrivacyPolicy, type Viewer, viewerOf, viewKey } from '../privacy.js'

export const HEARTBEAT_MS = 15_000

/**
 * What one viewer may see of an event (the privacy table): incidents and alerts in their view; an incident a screen
 * may not place keeps only its id, so the wall's figures still follow. Null payloads are left out.
 */
function viewed(policy: PrivacyPolicy, v: Viewer, e: live.LiveEvent): unknown {
  if (v.audience === 'desk' && v.department === undefined && v.grid === undefined && v.unit === undefined) return e.payload
  if (e.type === 'incident.created' || e.type === 'incident.updated') return policy.incident(v, e.payload as IncidentSummary)
  if (e.type === 'alert.raised' || e.type === 'alert.updated') return policy.alert(v, e.payload as AlertSummary)
  return e.payload
}

/** An event's SSE frame per view, formatted once for all the screens of that view (JSON has no raw newlines: one data line). */
const frames = new WeakMap<live.LiveEvent, Map<string, string>>()
function frame(policy: PrivacyPolicy, v: Viewer, e: live.LiveEvent): string {
  let byView = frames.get(e)
  if (!byView) frames.set(e, byView = new Map())
  const key = viewKey(v)
  let f = byView.get(key)
  if (f === undefined) {
    const payload = viewed(policy, v, e)
    // Left out for this view: an id-only comment keeps the cursor (Last-Event-ID) moving without data.
    byView.set(key, f = payload === null ? `id: ${e.id}\n\n` : `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(payload)}\n\n`)
  }
  return f
}

/** A hub batch's frames, encoded once per view: every screen of a view that is up to date gets the same bytes. */
const encoded = new WeakMap<live.LiveEvent[], Map<string, Uint8Array>>()
const encoder = new TextEncoder()
function encodedBatch(policy: PrivacyPolicy, v: Viewer, events: live.LiveEvent[]): Uint8Array {
  let byView = encoded.get(events)
  if (!byView) encoded.set(events, byView = new Map())
  const key = viewKey(v)
  let bytes = byView.get(key)
  if (!bytes) byView.set(key, bytes = encoder.encode(events.map((e) => frame(policy, v, e)).join('')))
  return bytes
}

/**
 * GET /api/stream — Server-Sent Events: every new incident, state change and alert, each with its event id.
 * A reconnect with Last-Event-ID (header, or ?lastEventId=) resumes after that id: nothing lost, nothing twice; an id
 * the log never had, or one too far behind to replay, gets a `reset` event instead (live-resume.ts): reload.
 */
export const streamRoutes = new Hono<AppEnv>().get('/', describe('live', 'Server-Sent Events of every change, with ids; Last-Event-ID resumes'), query(streamQuery), async (c) => {
  const hub = c.get('hub')
  const db = c.get('db')
  const start = await resumePoint(db, hub, c.req.header('last-event-id') ?? c.req.valid('query').lastEventId)
  const viewer = viewerOf(c.get('user'))
  const privacy = c.get('privacy')
  return streamSSE(c, async (stream) => {
    const policy = await privacy.ready()
    let cursor = start.cursor
    // The reset carries the id to resume from next time, so a reconnect does not ask for the unknown id again.
    if (start.reset) await stream.writeSSE({ id: String(cursor), event: STREAM_RESET_EVENT, data: JSON.stringify({ lastEventId: cursor, reason: start.reset }) })
    // A batch goes out as one write: at hundreds of events a second, a write per event per screen is what costs.
    const write = async (events: live.LiveEvent[]) => {
      if (!events.length) return
      if (events[0]!.id > cursor && events.length <= 1000) {
        cursor = events[events.length - 1]!.id
        await stream.write(encodedBatch(policy, viewer, events))
        return
      }
      for (let i = 0; i < events.length; i += 1000) {
        let text = ''
        for (const e of events.slice(i, i + 1000)) if (e.id > cursor) { text += frame(policy, viewer, e); cursor = e.id }
        if (text) await stream.write(text)
      }
    }
    // Subscribe first, then replay, with the replay first in line: the hub's batches start after its own last id,
    // which may lie beyond this stream's cursor, so one written before the replay would make the replay look old.
    let chain = cursor < hub.lastId ? live.eventsAfter(db.kysely, cursor, 2 * MAX_REPLAY_EVENTS).then(write) : Promise.resolve()
    const unsubscribe = hub.subscribe((events) => { chain = chain.then(() => write(events)) })
    stream.onAbort(() => unsubscribe())
    await chain
    await stream.writeSSE({ event: 'ready', data: JSON.stringify({ lastEventId: cursor }) })
    while (!stream.aborted) {
      await stream.sleep(HEARTBEAT_MS)
      // A session that ended meanwhile (signed out, revoked by an administrator, expired) ends its stream too.
      if (c.get('user') && !(await sessionStillLive(c).catch(() => true))) break
      if (!stream.aborted) await stream.write(': heartbeat\n\n')
    }
    unsubscribe()
  })
})
