import { onBeforeUnmount, ref, watch } from 'vue'
import type { AlertSummary, IncidentSummary } from '../api/types'

/** An incident as the live stream sends it (no personal data). */
export type LiveIncident = IncidentSummary

/**
 * Subscribes to /api/stream. EventSource reconnects by itself and sends Last-Event-ID, so the server
 * resumes after the last event this screen saw: nothing lost, nothing twice. With `when`, only while it holds (a
 * console follows the stream once someone signed in: without a session the stream is refused).
 */
export function useLiveFeed(onIncident: (type: string, incident: LiveIncident) => void, onAlert?: (alert: AlertSummary) => void, when: () => boolean = () => true) {
  const connected = ref(false)
  let source: EventSource | undefined
  watch(when, (on) => {
    source?.close()
    source = undefined
    connected.value = false
    if (!on) return
    source = new EventSource('/api/stream')
    source.addEventListener('ready', () => { connected.value = true })
    source.onerror = () => { connected.value = false }
    for (const type of ['incident.created', 'incident.updated']) {
      source.addEventListener(type, (e) => onIncident(type, JSON.parse((e as MessageEvent).data)))
    }
    for (const type of ['alert.raised', 'alert.updated']) {
      source.addEventListener(type, (e) => onAlert?.(JSON.parse((e as MessageEvent).data)))
    }
  }, { immediate: true })
  onBeforeUnmount(() => source?.close())
  return { connected }
}
