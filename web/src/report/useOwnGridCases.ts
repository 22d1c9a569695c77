import { ref, watch, type Ref } from 'vue'
import { api, read } from '../api/client'
import type { SessionUser } from '../auth/useSession'
import type { CaseItem } from '../cases/types'

export type OwnCase = Pick<CaseItem, 'id' | 'title' | 'status' | 'overdue' | 'reported_at'>

/** The grid worker's own grid's latest cases (the API limits the list to them); offline, the last list stays. */
export function useOwnGridCases(me: Ref<SessionUser | null>) {
  const items = ref<OwnCase[]>([])
  async function load() {
    if (me.value?.role !== 'grid_worker') return
    items.value = (await read(api.incidents.$get({ query: { pageSize: '20' } })).catch(() => ({ items: items.value }))).items
  }
  watch(me, () => void load())
  return { items, load }
}
