import { ref, shallowRef, type Ref } from 'vue'
import { api, attempt, read } from '../api/client'
import type { AlertDetail, AlertSummary } from '../api/types'
import { outcome, type StatusMessage } from '../common/status-message'

export type AlertStep = 'acknowledge' | 'close' | 'case'
const STEP_VERBS: Record<AlertStep, string> = { acknowledge: '签收', close: '关闭预警', case: '转为案件' }

const detailOf = (id: number) => read(api.alerts[':id'].$get({ param: { id: String(id) } }))

/** The desks' open alerts (for desk roles only), the one on screen, and what the desk does with it. */
export function useAlertDesk(enabled: Ref<boolean>) {
  const list = ref<AlertSummary[]>([])
  const selected = shallowRef<AlertDetail | null>(null)
  const error = ref<string | null>(null)

  async function load() {
    if (!enabled.value) return
    try {
      list.value = (await read(api.alerts.$get({ query: { status: 'open', limit: '100' } }))).items
      if (selected.value) selected.value = await detailOf(selected.value.alert.id)
      error.value = null
    } catch (e) {
      error.value = (e as Error).message
    }
  }
  async function select(id: number) {
    const d = await detailOf(id)
    selected.value = d
    return d.alert
  }
  const clear = () => { selected.value = null }

  /** Acknowledge, close (with a note) or turn into a case; the new case's id when one was filed. */
  async function act(step: AlertStep, input: { note: string; category_code: string }): Promise<{ message: StatusMessage; caseId?: number }> {
    const a = selected.value!.alert
    const param = { id: String(a.id) }
    const r = step === 'case'
      ? await attempt(api.alerts[':id'].case.$post({ param, json: { category_code: input.category_code || undefined } }))
      : await attempt(api.alerts[':id'][step].$post({ param, json: { note: step === 'close' ? input.note : input.note || undefined, version: a.version } } as never))
    await load()
    return { message: outcome(r.ok, STEP_VERBS[step], r.ok ? undefined : r.reason), caseId: r.ok && 'incident' in r.data ? r.data.incident.id : undefined }
  }
  return { list, selected, error, load, select, clear, act }
}
