import { streamQuery } from '@gridsight/contract'
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { live } from '@gridsight/db'
import type { AppEnv } from '../context.js'
import { describe } from '../openapi.js'
import { query } from '../validate.js'

export const HEARTBEAT_MS = 15_000

/** An event's SSE frame, formatted once for all the screens it goes to (JSON has no raw newlines: one data line). */
const frames = new WeakMap<live.LiveEvent, string>()
function frame(e: live.LiveEvent): string {
  let f = frames.get(e)
  if (f === undefined) frames.set(e, f = `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e.payload)}\n\n`)
  return f
}

/** A hub batch's frames, encoded once: every screen that is up to date gets the same bytes. */
const encoded = new WeakMap<live.LiveEvent[], Uint8Array>()
const encoder = new TextEncoder()
function encodedBatch(events: live.LiveEvent[]): Uint8Array {
  let bytes = encoded.get(events)
  if (!bytes) encoded.set(events, bytes = encoder.encode(events.map(frame).join('')))
  return bytes
}

/**
 * GET /api/stream — Server-Sent Events: every new incident, state change and alert, each with its event id.
 * A reconnect with Last-Event-ID (header, or ?lastEventId=) resumes after that id: nothing lost, nothing twice.
 */
export const streamRoutes = new Hono<AppEnv>().get('/', describe('live', 'Server-Sent Events of every change, with ids; Last-Event-ID resumes'), query(streamQuery), (c) => {
  const hub = c.get('hub')
  const db = c.get('db')
  const resume = c.req.header('last-event-id') ?? c.req.valid('query').lastEventId
  return streamSSE(c, async (stream) => {
    let cursor = resume && /^[0-9]+$/.test(resume) ? Number(resume) : hub.lastId
    // A batch goes out as one write: at hundreds of events a second, a write per event per screen is what costs.
    const write = async (events: live.LiveEvent[]) => {
      if (!events.length) return
      if (events[0]!.id > cursor && events.length <= 1000) {
        cursor = events[events.length - 1]!.id
        await stream.write(encodedBatch(events))
        return
      }
      for (let i = 0; i < events.length; i += 1000) {
        let text = ''
        for (const e of events.slice(i, i + 1000)) if (e.id > cursor) { text += frame(e); cursor = e.id }
        if (text) await stream.write(text)
      }
    }
    // Subscribe first, then replay, with the replay first in line: the hub's batches start after its own last id,
    // which may lie beyond this stream's cursor, so one written before the replay would make the replay look old.
    let chain = cursor < hub.lastId ? live.eventsAfter(db.kysely, cursor, 100_000).then(write) : Promise.resolve()
    const unsubscribe = hub.subscribe((events) => { chain = chain.then(() => write(events)) })
    stream.onAbort(() => unsubscribe())
    await chain
    await stream.writeSSE({ event: 'ready', data: JSON.stringify({ lastEventId: cursor }) })
    while (!stream.aborted) {
      await stream.sleep(HEARTBEAT_MS)
      if (!stream.aborted) await stream.write(': heartbeat\n\n')
    }
    unsubscribe()
  })
})
