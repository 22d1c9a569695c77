import { type Db, live, warning } from '@gridsight/db'
import type { LiveHub } from './live.js'

/**
 * Runs the early-warning rules when their inputs change, one evaluation at a time. It consumes the live event log:
 * new and changed incidents are pooled while an evaluation runs and go through the rules together (set-based); camera
 * changes, device alarms and the scheduled sweep queue behind. Every evaluation pokes the live hub, so alerts reach
 * the screens. Of several API processes each evaluates the events its own writes published (an event's origin), so
 * every event is evaluated once; one process runs each interval's sweep (warning.claimScheduledRun).
 */
export class WarningRunner {
  private chain: Promise<unknown> = Promise.resolve()
  private pending = new Set<number>()
  private queued = false
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly db: Db, private readonly hub: LiveHub) {
    hub.consume((events) => this.onEvents(events))
  }

  /** What the live event log says changed: incidents go through the incident rules, cameras through the camera rules. */
  private onEvents(events: live.LiveEvent[]): void {
    const incidents: number[] = []
    const towns = new Set<string>()
    for (const e of events) {
      if (e.origin !== this.db.origin) continue
      const p = e.payload as { id?: number; town_code?: string }
      if ((e.type === 'incident.created' || e.type === 'incident.updated') && typeof p.id === 'number') incidents.push(p.id)
      else if (e.type === 'camera.updated' && p.town_code) towns.add(p.town_code)
    }
    if (incidents.length) void this.onIncidents(incidents)
    if (towns.size) void this.onCameras([...towns])
  }

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

  /** This interval's sweep, unless another API process has run it. */
  private scheduledSweep(intervalMs: number) {
    return this.enqueue(async () => (await warning.claimScheduledRun(this.db.kysely, 'warning.sweep', intervalMs)) ? warning.sweep(this.db.kysely) : undefined)
  }

  /** Time-based rules every intervalMs (0: never); the first sweep runs at once. */
  start(intervalMs: number): void {
    if (intervalMs <= 0) return
    void this.scheduledSweep(intervalMs)
    this.timer = setInterval(() => void this.scheduledSweep(intervalMs), intervalMs)
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
