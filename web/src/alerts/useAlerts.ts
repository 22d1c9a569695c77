import { onMounted, ref, shallowRef } from 'vue'
import { api, read } from '../api/client'
import type { AlertSummary } from '../api/types'
import { type AlertBoard, applyAlert, boardFrom } from './alert-state'
import { chime } from './chime'

const MUTE_KEY = 'gridsight.alerts.muted'

/** The wall's open alerts: loaded once (again after a stream reset), then kept by the live stream; a chime for new orange/red ones unless muted. */
export function useAlerts() {
  const board = shallowRef<AlertBoard>(boardFrom([]))
  const muted = ref(localStorage.getItem(MUTE_KEY) === '1')
  const error = ref<string | null>(null)
  const pending: AlertSummary[] = []
  let loaded = false

  function apply(a: AlertSummary) {
    if (!loaded) { pending.push(a); return }
    const r = applyAlert(board.value, a)
    board.value = r.board
    if (r.chime && !muted.value) chime(a.severity === 'red' ? 'red' : 'orange')
  }
  function toggleMute() {
    muted.value = !muted.value
    localStorage.setItem(MUTE_KEY, muted.value ? '1' : '0')
  }
  /** Reads the open alerts; what the stream brings meanwhile waits and is applied on top. */
  async function load() {
    loaded = false
    try {
      const r = await read(api.alerts.$get({ query: { status: 'open', limit: '200' } }))
      board.value = boardFrom(r.items)
      error.value = null
    } catch (e) {
      error.value = `预警加载失败：${(e as Error).message}`
    }
    loaded = true
    for (const a of pending.splice(0)) apply(a)
  }
  onMounted(load)
  return { board, muted, toggleMute, apply, error, reload: load }
}
