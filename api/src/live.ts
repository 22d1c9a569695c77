import { live, type Db } from '@gridsight/db'

type Listener = (events: live.LiveEvent[]) => void

/**
 * Fans live events out to the open streams of this process. Any write (here, or in another API process
 * via NOTIFY) pokes the hub; it reads the events after the last one it has seen, once, for everybody.
 */
export class LiveHub {
  lastId = 0
  private listeners = new Set<Listener>()
  private reading: Promise<void> | null = null
  private pending = false
  private unlisten: (() => Promise<void>) | null = null

  constructor(private readonly db: Db) {}

  async start(): Promise<void> {
    this.lastId = await live.lastEventId(this.db.kysely)
    this.unlisten = await this.db.listen(live.LIVE_CHANNEL, () => this.poke())
  }

  async stop(): Promise<void> {
    await this.unlisten?.()
    this.listeners.clear()
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  get connections(): number {
    return this.listeners.size
  }

  /** Reads and broadcasts what is new; pokes while a read is under way coalesce into one more read. */
  poke(): Promise<void> {
    if (this.reading) {
      this.pending = true
      return this.reading
    }
    this.reading = (async () => {
      do {
        this.pending = false
        const events = await live.eventsAfter(this.db.kysely, this.lastId)
        if (events.length === 1000) this.pending = true // more than one page: read on
        if (events.length) {
          this.lastId = events[events.length - 1]!.id
          for (const l of this.listeners) l(events)
        }
      } while (this.pending)
    })().finally(() => { this.reading = null })
    return this.reading
  }
}
