import { ref, shallowRef, type Ref } from 'vue'
import { api, attempt, read } from '../api/client'
import type { SessionUser } from '../auth/useSession'
import { outcome, type StatusMessage } from '../common/status-message'
import { type ActionBody, type ActionForm, actionBody, actionName } from './case-actions'
import type { CaseDetail, CaseNearby } from './types'

/**
 * The case on the desk: its detail and timeline, what is around it (cameras, grid workers, possible duplicates —
 * not for department staff), and the workflow actions taken on it.
 */
export function useCaseDetail(me: Ref<SessionUser | null>) {
  const selected = ref<number | null>(null)
  const detail = shallowRef<CaseDetail | null>(null)
  const nearby = shallowRef<CaseNearby | null>(null)
  const error = ref<string | null>(null)

  /** Opens a case; its incident (for the map to fly to), or null if it could not be read. */
  async function select(id: number) {
    selected.value = id
    try {
      detail.value = await read(api.incidents[':id'].$get({ param: { id: String(id) } }))
      error.value = null
    } catch (e) {
      error.value = (e as Error).message
      return null
    }
    nearby.value = me.value?.role === 'department' ? null : await read(api.incidents[':id'].nearby.$get({ param: { id: String(id) }, query: {} })).catch(() => null)
    return detail.value.incident
  }
  function clear() {
    selected.value = null
    detail.value = null
    nearby.value = null
  }

  async function post(id: number, body: ActionBody) {
    const r = await attempt(api.incidents[':id'].actions.$post({ param: { id: String(id) }, json: body }))
    return { ok: r.ok, reason: r.ok ? undefined : r.reason }
  }
  /** Takes a workflow action on the open case, then re-reads it. */
  async function act(action: string, form: ActionForm, photos: string[]): Promise<StatusMessage> {
    const i = detail.value!.incident
    const r = await post(i.id, actionBody(action, form, i.version, photos))
    await select(i.id)
    return outcome(r.ok, actionName(action), r.reason)
  }
  /** Closes a duplicate into the case on screen. */
  async function merge(duplicateId: number): Promise<StatusMessage> {
    const target = detail.value!.incident.id
    const r = await post(duplicateId, { action: 'merge', into: target })
    await select(target)
    return outcome(r.ok, '合并', r.reason, `已将 #${duplicateId} 合并到本案`)
  }
  return { selected, detail, nearby, error, select, clear, act, merge }
}
