import { onBeforeUnmount, ref, watch } from 'vue'
import type { AlertSummary, IncidentSummary } from '../api/types'
import { followLiveFeed } from './live-feed'

/** An incident as the live stream sends it (no personal data). */
export type LiveIncident = IncidentSummary

/** Waits before opening a new stream after the server refused one (ms, then the last again and again). */
export const REOPEN_DELAYS_MS = [1000, 2000, 5000, 10_000]

/**
 * Subscribes to /api/stream. EventSource reconnects by itself after a network error (the API restarting) and sends
 * Last-Event-ID, so the server resumes after the last event this screen saw: nothing lost, nothing twice. When the
 * server answers with an error instead (its database restarting), EventSource gives up for good: then a new one is
 * opened, with the last id seen, until the server takes it again — a wall needs nobody to reload it. With `when`,
 * only while it holds (a console follows the stream once someone signed in: without a session the stream is refused).
 * When the server cannot resume (a `reset`: a re-created database, a long absence), `onReset` re-reads the screen's state.
 */
export function useLiveFeed(onIncident: (type: string, incident: LiveIncident) => void, onAlert?: (alert: AlertSummary) => void, when: () => boolean = () => true,
  onReset?: () => void) {
  const connected = ref(false)
  let source: EventSource | undefined
  let lastId = ''
  let failures = 0
  let reopen: number | undefined
  let wanted = false

  function close() {
    window.clearTimeout(reopen)
    source?.close()
    source = undefined
    connected.value = false
  }

  function open() {
    const current = new EventSource(lastId ? `/api/stream?lastEventId=${encodeURIComponent(lastId)}` : '/api/stream')
    source = current
    followLiveFeed(current, {
      incident: onIncident, alert: onAlert, reset: onReset, seen: (id) => { lastId = id },
      connected: (on) => {
        connected.value = on
        if (on) failures = 0
        else if (current.readyState === EventSource.CLOSED && wanted && source === current) {
          window.clearTimeout(reopen)
          reopen = window.setTimeout(open, REOPEN_DELAYS_MS[Math.min(failures++, REOPEN_DELAYS_MS.length - 1)])
        }
      },
    })
  }

  watch(when, (on) => {
    wanted = on
    close()
    if (on) open()
  }, { immediate: true })
  onBeforeUnmount(() => {
    wanted = false
    close()
  })
  return { connected }
}
