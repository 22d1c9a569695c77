import { describeError, inLane, live, type Db } from '@gridsight/db'

type Listener = (events: live.LiveEvent[]) => void

/**
 * Under load (a read found at least BUSY_BATCH_EVENTS events), batches go out at most every BUSY_BATCH_INTERVAL_MS:
 * each batch is one write per open screen, and at hundreds of reports a second the writes, not the events, are what
 * cost. In everyday life (a few events a second) the hub reads again at once, and latency stays that of one read.
 */
export const BUSY_BATCH_EVENTS = 4
export const BUSY_BATCH_INTERVAL_MS = 50
/** An announced event that a read did not find is looked for again every WANTED_RETRY_MS, WANTED_RETRIES times. */
export const WANTED_RETRY_MS = 10
export const WANTED_RETRIES = 200

/**
 * Fans live events out to the open streams and the consumers of this process. Any write (here, after its request,
 * or in another API process via NOTIFY) pokes the hub; it reads the events after the last one it has seen, once, for
 * everybody.
 */
export class LiveHub {
  lastId = 0
  private listeners = new Set<Listener>()
  /** Consumers inside the process (the early-warning runner): fed like the screens, not counted as connections. */
  private consumers = new Set<Listener>()
  private reading: Promise<void> | null = null
  private pending = false
  /** The highest event id announced during a read. */
  private wanted = 0
  private stopped = false
  private unlisten: (() => Promise<void>) | null = null

  constructor(private readonly db: Db) {}

  async start(): Promise<void> {
    this.lastId = await live.lastEventId(this.db.kysely)
    this.unlisten = await this.db.listen(live.LIVE_CHANNEL, (payload) => this.poke(Number(payload) || undefined))
  }

  async stop(): Promise<void> {
    this.stopped = true
    await this.unlisten?.()
    this.listeners.clear()
    this.consumers.clear()
    await this.reading
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** A reaction to writes (rules, rollups, webhooks) consumes the events here; returns an unsubscribe. */
  consume(consumer: Listener): () => void {
    this.consumers.add(consumer)
    return () => this.consumers.delete(consumer)
  }

  get connections(): number {
    return this.listeners.size
  }

  /**
   * Reads and broadcasts what is new; pokes while a read is under way coalesce into one more read. A poke that names
   * its event (a NOTIFY, usually our own write's echo) needs no read if that event has been read meanwhile.
   */
  poke(eventId?: number): Promise<void> {
    if (this.stopped || (eventId !== undefined && eventId <= this.lastId)) return this.reading ?? Promise.resolve()
    // An announced event is wanted until read: a read that starts before its commit is visible reads again.
    if (eventId !== undefined) this.wanted = Math.max(this.wanted, eventId)
    if (this.reading) {
      if (eventId === undefined) this.pending = true
      return this.reading
    }
    this.reading = (async () => {
      let empty = 0
      for (;;) {
        this.pending = false
        const started = Date.now()
        // The screens' feed goes before queued heavy reads (lanes.ts).
        const events = await inLane('first', () => live.eventsAfter(this.db.kysely, this.lastId))
        if (events.length === 1000) this.pending = true // more than one page: read on
        if (events.length) {
          this.lastId = events[events.length - 1]!.id
          for (const l of this.listeners) l(events)
          for (const l of this.consumers) l(events)
        }
        // An announced event not read yet (a read that began before its commit was visible) is read again shortly;
        // one that never appears (deleted meanwhile) is given up after WANTED_RETRIES empty reads.
        if (this.wanted > this.lastId) {
          if (events.length) empty = 0
          else if (++empty > WANTED_RETRIES) this.wanted = this.lastId
          if (this.wanted > this.lastId) this.pending = true
        }
        if (!this.pending || this.stopped) break
        const wait = events.length ? BUSY_BATCH_INTERVAL_MS - (Date.now() - started) : WANTED_RETRY_MS
        if (wait > 0 && (!events.length || events.length >= BUSY_BATCH_EVENTS) && events.length < 1000) await new Promise((r) => setTimeout(r, wait))
        if (this.stopped) break
      }
    })()
      // A failed read loses nothing (the next poke reads on from lastId); it must not become an unhandled rejection.
      // A database closed under the read (shutdown, a test's end) is not worth a message.
      .catch((e: unknown) => { if (!this.stopped && !/closed|destroyed|calling end/.test(String(e))) console.error(`GridSight: reading live events failed: ${describeError(e)}`) })
      .finally(() => { this.reading = null })
    return this.reading
  }
}
