import { STREAM_RESET_EVENT } from '@gridsight/contract'
import type { AlertSummary, IncidentSummary } from '../api/types'

/** What the stream tells a screen. */
export interface LiveHandlers {
  incident(type: 'incident.created' | 'incident.updated', incident: IncidentSummary): void
  alert?(alert: AlertSummary): void
  /**
   * The server could not resume where this screen left off (the database was re-created, or the screen was away too
   * long): events were missed, so the screen re-reads its state (its data, not the page).
   */
  reset?(): void
  /** true at the server's 'ready', false on a connection error (EventSource then reconnects by itself). */
  connected(on: boolean): void
  /** The id of every event that carries one: a stream opened again resumes after the last. */
  seen?(id: string): void
}

/** The part of EventSource this needs (a browser's, or a stand-in in a unit test). */
export interface LiveSource {
  addEventListener(type: string, listener: (e: Event) => void): void
  onerror: ((e: Event) => void) | null
}

/** Wires a stream's events to a screen's handlers. */
export function followLiveFeed(source: LiveSource, h: LiveHandlers): void {
  /** Every handler notes the event's id first. */
  const on = (type: string, f: (e: MessageEvent) => void) => source.addEventListener(type, (e) => {
    const m = e as MessageEvent
    if (m.lastEventId) h.seen?.(m.lastEventId)
    f(m)
  })
  source.addEventListener('ready', () => h.connected(true))
  source.onerror = () => h.connected(false)
  on(STREAM_RESET_EVENT, () => h.reset?.())
  for (const type of ['incident.created', 'incident.updated'] as const) {
    on(type, (e) => h.incident(type, JSON.parse(e.data)))
  }
  for (const type of ['alert.raised', 'alert.updated']) {
    on(type, (e) => h.alert?.(JSON.parse(e.data)))
  }
}
