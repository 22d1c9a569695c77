import { TASK_KIND_LABELS } from '@gridsight/contract'
import { ref, shallowRef, type Ref } from 'vue'
import { api, ApiFailure, attempt, read } from '../api/client'
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
  /** A case of a sensitive category waiting for the reader's reason (it goes into the audit log). */
  const reasonNeeded = ref<number | null>(null)

  let lastReason: string | undefined
  /** Opens a case; its incident (for the map to fly to), or null if it could not be read (or needs a reason first). */
  async function select(id: number, reason?: string) {
    selected.value = id
    lastReason = reason
    reasonNeeded.value = null
    try {
      detail.value = await read(api.incidents[':id'].$get({ param: { id: String(id) }, query: reason ? { reason } : {} }))
      error.value = null
    } catch (e) {
      if (e instanceof ApiFailure && e.code === 'reason_required') {
        detail.value = null
        reasonNeeded.value = id
        error.value = null
      } else error.value = (e as Error).message
      return null
    }
    nearby.value = me.value?.role === 'department' ? null : await read(api.incidents[':id'].nearby.$get({ param: { id: String(id) }, query: {} })).catch(() => null)
    return detail.value.incident
  }
  /** The open case changed elsewhere (a live event): re-read its detail and timeline, with the reason it was opened with. */
  async function refresh(id: number) {
    if (selected.value !== id || !detail.value) return
    const d = await read(api.incidents[':id'].$get({ param: { id: String(id) }, query: lastReason ? { reason: lastReason } : {} })).catch(() => null)
    if (d && selected.value === id) detail.value = d
  }
  function clear() {
    selected.value = null
    reasonNeeded.value = null
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
  /**
   * Gives a grid worker on duty near the case a task about it: 核查 once it has been fed back, otherwise 走访, due in
   * a working day; it appears on the worker's phone.
   */
  async function assignTask(workerId: number): Promise<StatusMessage> {
    const i = detail.value!.incident
    const kind = i.status === 'fed_back' ? 'verify' : 'visit'
    const label = TASK_KIND_LABELS[kind]
    const r = await attempt(api.workers[':id'].tasks.$post({ param: { id: String(workerId) }, json: { kind, title: `${label}：${i.title}`, incident_id: i.id, hours: 8 } }))
    return outcome(r.ok, `派${label}任务`, r.ok ? undefined : r.reason)
  }
  return { selected, detail, nearby, error, reasonNeeded, select, refresh, clear, act, merge, assignTask }
}
