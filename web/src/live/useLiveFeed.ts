import { onBeforeUnmount, ref, watch } from 'vue'
import type { AlertSummary, IncidentSummary } from '../api/types'
import { followLiveFeed } from './live-feed'

/** An incident as the live stream sends it (no personal data). */
export type LiveIncident = IncidentSummary

/**
 * Subscribes to /api/stream. EventSource reconnects by itself and sends Last-Event-ID, so the server
 * resumes after the last event this screen saw: nothing lost, nothing twice. With `when`, only while it holds (a
 * console follows the stream once someone signed in: without a session the stream is refused). When the server
 * cannot resume (a `reset`: a re-created database, a long absence), `onReset` re-reads the screen's state.
 */
export function useLiveFeed(onIncident: (type: string, incident: LiveIncident) => void, onAlert?: (alert: AlertSummary) => void, when: () => boolean = () => true,
  onReset?: () => void) {
  const connected = ref(false)
  let source: EventSource | undefined
  watch(when, (on) => {
    source?.close()
    source = undefined
    connected.value = false
    if (!on) return
    source = new EventSource('/api/stream')
    followLiveFeed(source, { incident: onIncident, alert: onAlert, reset: onReset, connected: (c) => { connected.value = c } })
  }, { immediate: true })
  onBeforeUnmount(() => source?.close())
  return { connected }
}
