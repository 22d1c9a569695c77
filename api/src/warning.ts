import { type Db, warning } from '@gridsight/db'
import type { LiveHub } from './live.js'

/**
 * Runs the early-warning rules when their inputs change, one evaluation at a time: new and changed incidents
 * are pooled while an evaluation runs and go through the rules together (set-based); sensor events, camera
 * changes and the scheduled sweep queue behind. Every evaluation pokes the live hub, so alerts reach the screens.
 */
export class WarningRunner {
  private chain: Promise<unknown> = Promise.resolve()
  private pending = new Set<number>()
  private queued = false
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly db: Db, private readonly hub: LiveHub) {}

  private enqueue<T>(job: () => Promise<T>): Promise<T | undefined> {
    const run = this.chain.then(job).then(async (r) => { await this.hub.poke(); return r })
      .catch((e: unknown) => {
        // A database closed under a queued evaluation (shutdown) is not worth a stack trace.
        if (!/closed|destroyed/.test(String((e as Error)?.message))) console.error('early warning:', e)
        return undefined
      })
    this.chain = run
    return run
  }

  /** New or changed incidents: the incident rules see them in the next evaluation. */
  onIncidents(ids: number[]): Promise<unknown> {
    for (const id of ids) this.pending.add(id)
    if (this.queued) return this.chain
    this.queued = true
    return this.enqueue(async () => {
      this.queued = false
      const batch = [...this.pending]
      this.pending.clear()
      return warning.evaluate(this.db.kysely, 'incident', { at: new Date(), incidentIds: batch })
    })
  }

  onSensorEvent(eventId: number) {
    return this.enqueue(() => warning.evaluate(this.db.kysely, 'sensor', { at: new Date(), sensorEventIds: [eventId] }))
  }

  onCameras(townCodes: string[]) {
    return this.enqueue(() => warning.evaluate(this.db.kysely, 'camera', { at: new Date(), townCodes }))
  }

  sweep() {
    return this.enqueue(() => warning.sweep(this.db.kysely))
  }

  /** Time-based rules every intervalMs (0: never); the first sweep runs at once. */
  start(intervalMs: number): void {
    if (intervalMs <= 0) return
    void this.sweep()
    this.timer = setInterval(() => void this.sweep(), intervalMs)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    await this.chain
  }

  /** Resolves when everything queued so far has been evaluated. */
  idle(): Promise<unknown> {
    return this.chain
  }
}
