import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * Lanes in front of the database's connections, so heavy reads cannot starve the rest. The embedded database has
 * one connection; a real server a pool. Whoever waits in a higher lane is served first when a connection frees:
 * - `first`: health, writes and the live feed (a report must not wait behind ten map reads);
 * - `light`: everyday reads (the default);
 * - `heavy`: big reads (all incident points, fine density, tiles, statistics), which may also hold at most
 *   `heavyMax` of the connections, so some are always left for the other lanes.
 * A query cannot be interrupted once it runs, so heavy reads are split into short statements (see incidentPoints).
 */
export type Lane = 'first' | 'light' | 'heavy'
export const LANES: readonly Lane[] = ['first', 'light', 'heavy']

export interface LaneContext {
  lane: Lane
  /** API reads: statements on the real server are cancelled after the database's statement timeout. */
  bounded?: boolean
}

const context = new AsyncLocalStorage<LaneContext>()

/** Runs fn with its database work in a lane (the API wraps each request in the lane of its route). */
export function inLane<T>(lane: Lane | LaneContext, fn: () => T): T {
  return context.run(typeof lane === 'string' ? { ...context.getStore(), lane } : lane, fn)
}

/** The lane of the code running now; `light` outside any. */
export function currentLane(): LaneContext {
  return context.getStore() ?? { lane: 'light' }
}

/** After this many grants in a row that passed over a waiting lower lane, the oldest such waiter goes next. */
export const FAIRNESS = 8

interface Waiter { lane: Lane; seq: number; grant: () => void }

/**
 * A counting semaphore whose waiters are served by lane, first come first served within a lane. A lower lane is
 * never starved for good: every FAIRNESS-th grant that skipped it goes to it.
 */
export class LaneGate {
  private inUse = 0
  private heavyInUse = 0
  private skipped = 0
  private seq = 0
  private dispatching = false
  private readonly queues: Record<Lane, Waiter[]> = { first: [], light: [], heavy: [] }

  constructor(readonly capacity: number, readonly heavyMax = capacity) {}

  /** Resolves with a release function once a connection may be used in this lane. */
  acquire(lane: Lane): Promise<() => void> {
    return new Promise((resolve) => {
      this.queues[lane].push({ lane, seq: this.seq++, grant: () => resolve(this.releaser(lane)) })
      this.schedule()
    })
  }

  /** How many wait, per lane (for benchmarks and logs). */
  get waiting(): Record<Lane, number> {
    return { first: this.queues.first.length, light: this.queues.light.length, heavy: this.queues.heavy.length }
  }

  private releaser(lane: Lane): () => void {
    let released = false
    return () => {
      if (released) return
      released = true
      this.inUse--
      if (lane === 'heavy') this.heavyInUse--
      this.schedule()
    }
  }

  /**
   * Grants wait for the event loop's next turn. PGlite runs in this thread and its queries settle as microtasks: a
   * heavy read's next statement would otherwise take the connection before the server has even read the requests
   * that arrived meanwhile (a health check waited 70 s that way). One turn later they are queued and go first.
   */
  private schedule(): void {
    if (this.dispatching) return
    this.dispatching = true
    setImmediate(() => {
      this.dispatching = false
      this.dispatch()
    })
  }

  private dispatch(): void {
    while (this.inUse < this.capacity) {
      const next = this.pick()
      if (!next) return
      this.inUse++
      if (next.lane === 'heavy') this.heavyInUse++
      next.grant()
    }
  }

  private pick(): Waiter | undefined {
    const eligible = LANES.filter((l) => this.queues[l].length > 0 && (l !== 'heavy' || this.heavyInUse < this.heavyMax))
    if (eligible.length === 0) return undefined
    let lane = eligible[0]!
    if (eligible.length > 1) {
      if (++this.skipped > FAIRNESS) {
        // The longest-waiting of the lanes passed over.
        lane = eligible.slice(1).reduce((a, b) => (this.queues[b][0]!.seq < this.queues[a][0]!.seq ? b : a))
        this.skipped = 0
      }
    } else {
      this.skipped = 0
    }
    return this.queues[lane].shift()
  }
}
