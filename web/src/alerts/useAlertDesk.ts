import { ref, shallowRef, type Ref } from 'vue'
import { getJson } from '../api/client'
import type { AlertDetail, AlertSummary } from '../api/types'
import { outcome, type StatusMessage } from '../common/status-message'

export type AlertStep = 'acknowledge' | 'close' | 'case'
const STEP_VERBS: Record<AlertStep, string> = { acknowledge: '签收', close: '关闭预警', case: '转为案件' }

/** The desks' open alerts (for desk roles only), the one on screen, and what the desk does with it. */
export function useAlertDesk(enabled: Ref<boolean>) {
  const list = ref<AlertSummary[]>([])
  const selected = shallowRef<AlertDetail | null>(null)
  const error = ref<string | null>(null)

  async function load() {
    if (!enabled.value) return
    try {
      list.value = (await getJson<{ items: AlertSummary[] }>('/api/alerts?status=open&limit=100')).items
      if (selected.value) selected.value = await getJson<AlertDetail>(`/api/alerts/${selected.value.alert.id}`)
      error.value = null
    } catch (e) {
      error.value = (e as Error).message
    }
  }
  async function select(id: number) {
    selected.value = await getJson<AlertDetail>(`/api/alerts/${id}`)
    return selected.value.alert
  }
  const clear = () => { selected.value = null }

  /** Acknowledge, close (with a note) or turn into a case; the new case's id when one was filed. */
  async function act(step: AlertStep, input: { note: string; category_code: string }): Promise<{ message: StatusMessage; caseId?: number }> {
    const a = selected.value!.alert
    const body = step === 'case' ? { category_code: input.category_code || undefined } : { note: input.note || undefined, version: a.version }
    const res = await fetch(`/api/alerts/${a.id}/${step}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const out = (await res.json()) as { error?: { message: string }; incident?: { id: number } }
    await load()
    return { message: outcome(res.ok, STEP_VERBS[step], out.error?.message), caseId: res.ok && step === 'case' ? out.incident?.id : undefined }
  }
  return { list, selected, error, load, select, clear, act }
}
