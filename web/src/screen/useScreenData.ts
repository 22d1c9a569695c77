import { computed, onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue'
import { getBinary, getJson } from '../api/client'
import { decodeIncidentPoints, type IncidentColumns } from '../api/decode'
import type { CategoryCount } from '../charts/category-chart'
import type { RankingRow } from '../charts/ranking-chart'
import type { TrendPoint } from '../charts/trend-chart'
import type { ScreenState } from './screen-state'
import { resolveWindow, windowQuery } from './time-window'

export interface Kpis {
  incidents: number; today: number; open: number; overdue: number; due: number; closed: number; closed_on_time: number
  deferred: number; closure_rate: number | null; on_time_rate: number | null; cameras: number; cameras_online: number
  camera_online_rate: number | null; households: number; grids: number
}
export interface LatestIncident { id: number; title: string; status: string; reported_at: string; overdue: boolean; priority: number; category_name: string }

export interface ScreenData {
  kpis: Kpis
  categories: CategoryCount[]
  trend: TrendPoint[]
  ranking: RankingRow[]
  funnel: { step: string; count: number }[]
  latest: LatestIncident[]
  points: IncidentColumns
}

/** Refresh period of the panels (the live feed will push changes; this keeps a wall correct regardless). */
export const REFRESH_MS = 30_000

/** Every panel's data for the current unit and window; refetched when either changes and every 30 s. */
export function useScreenData(state: Ref<ScreenState>) {
  const data = shallowRef<ScreenData>()
  const error = ref<string | null>(null)
  const updatedAt = ref<Date | null>(null)
  const loading = ref(false)
  const timeWindow = computed(() => resolveWindow(state.value.window, new Date(), state.value))
  let generation = 0

  async function load() {
    const my = ++generation
    const s = state.value
    const w = resolveWindow(s.window, new Date(), s)
    const q = `unit=${s.unit}&${windowQuery(w)}`
    loading.value = true
    try {
      const [kpis, categories, trend, ranking, funnel, latest, points] = await Promise.all([
        getJson<Kpis>(`/api/stats/kpis?${q}`),
        getJson<CategoryCount[]>(`/api/stats/categories?${q}`),
        getJson<TrendPoint[]>(`/api/stats/trend?${q}`),
        getJson<RankingRow[]>(`/api/stats/ranking?${q}`),
        getJson<{ step: string; count: number }[]>(`/api/stats/funnel?${q}`),
        getJson<{ items: LatestIncident[] }>(`/api/incidents?${q}&pageSize=30`),
        getBinary(`/api/incidents/points?${q}`),
      ])
      if (my !== generation) return // a newer request superseded this one
      data.value = {
        kpis, categories, trend, ranking, funnel, latest: latest.items,
        points: decodeIncidentPoints(points.buffer, Number(points.headers.get('x-count') ?? 0)),
      }
      updatedAt.value = new Date()
      error.value = null
    } catch (e) {
      if (my === generation) error.value = (e as Error).message
    } finally {
      if (my === generation) loading.value = false
    }
  }

  watch(state, load, { immediate: true, deep: true })
  const timer = window.setInterval(load, REFRESH_MS)
  onBeforeUnmount(() => window.clearInterval(timer))
  return { data, error, updatedAt, loading, timeWindow, reload: load }
}
