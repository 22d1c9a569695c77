import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { live } from '@gridsight/db'
import type { AppEnv } from '../context.js'

export const HEARTBEAT_MS = 15_000

/**
 * GET /api/stream — Server-Sent Events: every new incident, state change and alert, each with its event id.
 * A reconnect with Last-Event-ID (header, or ?lastEventId=) resumes after that id: nothing lost, nothing twice.
 */
export const streamRoutes = new Hono<AppEnv>().get('/', (c) => {
  const hub = c.get('hub')
  const db = c.get('db')
  const resume = c.req.header('last-event-id') ?? c.req.query('lastEventId')
  return streamSSE(c, async (stream) => {
    let cursor = resume && /^[0-9]+$/.test(resume) ? Number(resume) : hub.lastId
    const write = async (events: live.LiveEvent[]) => {
      for (const e of events) {
        if (e.id <= cursor) continue
        await stream.writeSSE({ id: String(e.id), event: e.type, data: JSON.stringify(e.payload) })
        cursor = e.id
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
