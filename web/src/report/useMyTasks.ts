import { ref, watch, type Ref } from 'vue'
import { api, type InferResponseType, read } from '../api/client'
import type { SessionUser } from '../auth/useSession'

export type MyTask = InferResponseType<typeof api.tasks.$get>[number]

/** The grid worker's open tasks from the desks (走访, 核查, 排查), due first; offline, the last list stays. */
export function useMyTasks(me: Ref<SessionUser | null>) {
  const items = ref<MyTask[]>([])
  async function load() {
    if (me.value?.role !== 'grid_worker') return
    items.value = await read(api.tasks.$get({ query: { open: 'true' } })).catch(() => items.value)
  }
  watch(me, () => void load())
  return { items, load }
}
