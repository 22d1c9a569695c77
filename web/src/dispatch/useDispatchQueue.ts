import { ref, type Ref } from 'vue'
import { getJson } from '../api/client'
import type { SessionUser } from '../auth/useSession'
import type { CaseItem } from '../cases/types'
import { queueOrder } from './queue'

const OPEN = 'reported,accepted,dispatched,handling,fed_back,verified,returned,deferred'

/** The console's queue of open cases, overdue first; department staff see only their department's. */
export function useDispatchQueue(me: Ref<SessionUser | null>) {
  const items = ref<CaseItem[]>([])
  const error = ref<string | null>(null)

  async function load() {
    if (!me.value) return
    const dept = me.value.role === 'department' ? `&department=${me.value.department_code}` : ''
    try {
      items.value = queueOrder((await getJson<{ items: CaseItem[] }>(`/api/incidents?status=${OPEN}&pageSize=200${dept}`)).items)
      error.value = null
    } catch (e) {
      error.value = (e as Error).message
    }
  }
  return { items, error, load }
}
