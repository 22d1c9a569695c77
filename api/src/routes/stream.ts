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
    let chain = Promise.resolve()
    const send = (events: live.LiveEvent[]) => {
      chain = chain.then(async () => {
        for (const e of events) {
          if (e.id <= cursor) continue
          await stream.writeSSE({ id: String(e.id), event: e.type, data: JSON.stringify(e.payload) })
          cursor = e.id
        }
      })
    }
    // Subscribe first, then replay: events arriving meanwhile queue behind the replay and skip duplicates.
    const unsubscribe = hub.subscribe(send)
    stream.onAbort(() => unsubscribe())
    if (cursor < hub.lastId) send(await live.eventsAfter(db.kysely, cursor, 100_000))
    await stream.writeSSE({ event: 'ready', data: JSON.stringify({ lastEventId: cursor }) })
    while (!stream.aborted) {
      await stream.sleep(HEARTBEAT_MS)
      if (!stream.aborted) await stream.write(': heartbeat\n\n')
    }
    unsubscribe()
  })
})
