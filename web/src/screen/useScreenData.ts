import { computed, onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue'
import { api, type InferResponseType, read, readBinary } from '../api/client'
import { decodeIncidentPoints, type IncidentColumns } from '../api/decode'
import type { CaseItem } from '../cases/types'
import type { CategoryCount } from '../charts/category-chart'
import type { RankingRow } from '../charts/ranking-chart'
import type { TrendPoint } from '../charts/trend-chart'
import type { ScreenState } from './screen-state'
import type { LiveIncident } from '../live/useLiveFeed'
import { inScope, upsertPoint } from './live-apply'
import { resolveWindow, windowQuery } from './time-window'

export type Kpis = InferResponseType<typeof api.stats.kpis.$get>
/** The latest list's rows: the same list items the console reads (GET /api/incidents). */
export type LatestIncident = Pick<CaseItem, 'id' | 'title' | 'status' | 'reported_at' | 'overdue' | 'priority' | 'category_name' | 'simulated'>

export interface ScreenData {
  kpis: Kpis
  categories: CategoryCount[]
  trend: TrendPoint[]
  ranking: RankingRow[]
  funnel: InferResponseType<typeof api.stats.funnel.$get>
  /** Where the window's closed cases were settled (村/镇/区). */
  levels: InferResponseType<typeof api.stats.levels.$get>
  latest: LatestIncident[]
  points: IncidentColumns
}

/** The six aggregate panels of a unit and window. */
const stats = (query: { unit: string; from: string; to: string }) => Promise.all([
  read(api.stats.kpis.$get({ query })), read(api.stats.categories.$get({ query })), read(api.stats.trend.$get({ query })),
  read(api.stats.ranking.$get({ query })), read(api.stats.funnel.$get({ query })), read(api.stats.levels.$get({ query })),
])

/** Full refresh period: the live stream pushes changes; this re-reads everything now and then regardless. */
const REFRESH_MS = 5 * 60_000

/** Every panel's data for the current unit and window; refetched when either changes and every 5 minutes. */
export function useScreenData(state: Ref<ScreenState>) {
  const data = shallowRef<ScreenData>()
  const error = ref<string | null>(null)
  const updatedAt = ref<Date | null>(null)
  const timeWindow = computed(() => resolveWindow(state.value.window, new Date(), state.value))
  let generation = 0

  async function load() {
    const my = ++generation
    const s = state.value
    const w = resolveWindow(s.window, new Date(), s)
    const query = { unit: s.unit, ...windowQuery(w) }
    try {
      const [[kpis, categories, trend, ranking, funnel, levels], latest, points] = await Promise.all([
        stats(query),
        read(api.incidents.$get({ query: { ...query, pageSize: '30' } })),
        readBinary(api.incidents.points.$get({ query })),
      ])
      if (my !== generation) return // a newer request superseded this one
      data.value = {
        kpis, categories, trend, ranking, funnel, levels, latest: latest.items,
        points: decodeIncidentPoints(points.buffer, Number(points.headers.get('x-count') ?? 0)),
      }
      updatedAt.value = new Date()
      error.value = null
    } catch (e) {
      if (my === generation) error.value = (e as Error).message
    }
  }

  /** Re-reads only the aggregates (KPIs, charts): the map layers stay as they are. */
  async function refreshStats() {
    const my = generation
    const s = state.value
    const w = resolveWindow(s.window, new Date(), s)
    const [kpis, categories, trend, ranking, funnel, levels] = await stats({ unit: s.unit, ...windowQuery(w) })
    if (my === generation && data.value) data.value = { ...data.value, kpis, categories, trend, ranking, funnel, levels }
  }
  let statsTimer: number | undefined

  /** A live event: the incident appears or changes on the map and in the list at once; the figures follow. */
  function applyLive(type: string, i: LiveIncident) {
    updatedAt.value = new Date()
    const d = data.value
    const w = resolveWindow(state.value.window, new Date(), state.value)
    if (!d || !inScope(i, state.value.unit, w.from, w.to)) return
    const item: LatestIncident = { id: i.id, title: i.title, status: i.status, reported_at: i.reported_at, overdue: i.overdue, priority: i.priority, category_name: '', simulated: i.simulated }
    const latest = type === 'incident.created' ? [item, ...d.latest.filter((l) => l.id !== i.id)].slice(0, 30) : d.latest.map((l) => (l.id === i.id ? { ...l, ...item, category_name: l.category_name } : l))
    data.value = { ...d, latest, points: upsertPoint(d.points, i) }
    window.clearTimeout(statsTimer)
    statsTimer = window.setTimeout(() => { refreshStats().catch(() => {}) }, 500)
  }

  watch(state, load, { immediate: true, deep: true })
  const timer = window.setInterval(load, REFRESH_MS)
  onBeforeUnmount(() => {
    window.clearInterval(timer)
    window.clearTimeout(statsTimer)
  })
  return { data, error, updatedAt, timeWindow, applyLive, reload: load }
}
