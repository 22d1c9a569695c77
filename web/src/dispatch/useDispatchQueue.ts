import { ref, type Ref } from 'vue'
import { OPEN_STATUSES } from '@gridsight/contract'
import { api, read } from '../api/client'
import type { SessionUser } from '../auth/useSession'
import type { CaseItem } from '../cases/types'
import { queueOrder } from './queue'

/** The queue: cases still being worked on (挂账 parked cases wait apart). */
const OPEN = OPEN_STATUSES.filter((s) => s !== 'parked').join(',')

/** The console's queue of open cases, overdue first; department staff see only their department's. */
export function useDispatchQueue(me: Ref<SessionUser | null>) {
  const items = ref<CaseItem[]>([])
  const error = ref<string | null>(null)

  async function load() {
    if (!me.value) return
    const department = me.value.role === 'department' ? me.value.department_code ?? undefined : undefined
    try {
      items.value = queueOrder((await read(api.incidents.$get({ query: { status: OPEN, pageSize: '200', department } }))).items)
      error.value = null
    } catch (e) {
      error.value = (e as Error).message
    }
  }
  return { items, error, load }
}
