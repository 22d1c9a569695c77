import type { SseEvent } from './sse.js'

/**
 * The live benchmark's account of what each screen received. A report counts as delivered by its own
 * `incident.created`; the other events of the stream (the overdue sweep's `incident.updated` of older cases, alerts)
 * count for nothing. A screen is done when it holds every posted case, not when it has received as many events as
 * there were posts: counting events, the sweep's updates made a screen look done while the last batch of a burst was
 * still on its way, and those reports were reported lost.
 */
export class ScreenLog {
  /** Case id → when its incident.created arrived (performance.now()). */
  readonly received = new Map<number, number>()
  /** Events that came again or out of order (an event id not above the last one). */
  duplicates = 0
  /** The last event id of the stream (Last-Event-ID for a reconnect), whatever the event. */
  lastId = ''

  record(e: SseEvent, at: number): void {
    if (e.id !== '' && this.lastId !== '' && Number(e.id) <= Number(this.lastId)) this.duplicates++
    if (e.id !== '') this.lastId = e.id
    if (e.event === 'incident.created') this.received.set(caseOf(e.data), at)
  }

  /** The posted cases this screen has not received. */
  missing(posted: Iterable<number>): number[] {
    const out: number[] = []
    for (const id of posted) if (!this.received.has(id)) out.push(id)
    return out
  }
}

/** Whether every screen has received every posted case. */
export function allDelivered(posted: ReadonlyMap<number, unknown>, screens: readonly ScreenLog[]): boolean {
  for (const s of screens) for (const id of posted.keys()) if (!s.received.has(id)) return false
  return true
}

/** The case id of an incident event: jsonb puts the shortest key, "id", first (cheaper than parsing 40 k events/s). */
export function caseOf(data: string): number {
  return Number(/^\{"id": ?([0-9]+)/.exec(data)?.[1] ?? (JSON.parse(data) as { id: number }).id)
}
