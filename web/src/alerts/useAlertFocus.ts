import { shallowRef, watch, type Ref } from 'vue'
import { api, read } from '../api/client'
import type { AlertDetail, AlertSummary } from '../api/types'
import type { BBox } from '../map/bounds'
import { alertExtent } from './alert-extent'
import type { AlertBoard } from './alert-state'

const detailOf = (id: number) => read(api.alerts[':id'].$get({ param: { id: String(id) } }))

/** The alert the wall shows in its card (picked from the banner, the panel or a ring), kept in step with live updates. */
export function useAlertFocus(board: Ref<AlertBoard>, flyTo: (extent: BBox) => void) {
  const detail = shallowRef<AlertDetail | null>(null)

  /** Flies to the alert's place and shows its evidence. */
  async function select(a: AlertSummary) {
    const d = await detailOf(a.id).catch(() => null)
    detail.value = d
    flyTo(alertExtent(a, d))
  }
  async function reload(id: number) { detail.value = await detailOf(id).catch(() => detail.value) }
  watch(board, (b) => {
    // A new version of the alert on show (status, evidence count): re-read it.
    const shown = detail.value?.alert
    const now = shown && b.open.find((x) => x.id === shown.id)
    if (shown && now && now.version !== shown.version) void reload(now.id)
  })
  const close = () => { detail.value = null }
  return { detail, select, close }
}
