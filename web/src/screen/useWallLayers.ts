import type { PickingInfo } from '@deck.gl/core'
import { computed, ref, type Ref } from 'vue'
import type { District } from '../api/config'
import type { AreaFeature } from '../api/types'
import type { RankingRow } from '../charts/ranking-chart'
import { densityColors } from '../layers/household-heatmap-layer'
import { incidentAttributes } from '../layers/incident-layers'
import { defaultLayerState, wallLayers, type WallScene } from '../layers/registry'
import type { BBox } from '../map/bounds'
import type { ScreenState, UnitLevel } from './screen-state'
import type { useMapData } from './useMapData'
import type { ScreenData } from './useScreenData'

/**
 * The wall's map layers: the registry's entries drawn from the screen's data, the switcher's state, the unit under
 * the pointer, and the tooltip of whatever is picked.
 */
export function useWallLayers(o: {
  state: Ref<ScreenState>; level: Ref<UnitLevel>; data: Ref<ScreenData | undefined>; map: ReturnType<typeof useMapData>
  hotspots: Ref<RankingRow[]>; windowLabel: Ref<string>; district: District
}) {
  const on = ref(defaultLayerState())
  const hovered = ref<string | null>(null)
  const view = ref({ zoom: 9, bbox: o.district.bbox as BBox })
  // Built once per data set, not on every hover or pan.
  const density = computed(() => (o.map.density.value ? { columns: o.map.density.value, colors: densityColors(o.map.density.value) } : undefined))
  const incidents = computed(() => (o.data.value ? { columns: o.data.value.points, attributes: incidentAttributes(o.data.value.points) } : undefined))
  const figures = computed(() => new Map((o.data.value?.ranking ?? []).map((r) => [r.code, r])))

  const scene = computed<WallScene>(() => ({
    level: o.level.value, unit: o.state.value.unit, children: o.map.children.value, hovered: hovered.value,
    hotspots: o.hotspots.value.map((h) => h.code), figures: figures.value, windowLabel: o.windowLabel.value,
    density: density.value, incidents: incidents.value, places: o.map.places.value, cameras: o.map.cameras.value, view: view.value,
  }))
  const stack = computed(() => wallLayers(scene.value, on.value))
  const entryOf = (info: PickingInfo) => (info.layer ? stack.value.entryOf(info.layer.id) : undefined)

  function tooltip(info: PickingInfo): string | null {
    return entryOf(info)?.tooltip({ layerId: info.layer!.id, object: info.object, index: info.index }, scene.value) ?? null
  }
  /** The unit under the pointer, when it is one of the boundaries. */
  const unitAt = (info: PickingInfo) => (entryOf(info)?.id === 'boundaries' ? (info.object as AreaFeature | undefined) : undefined)
  const onHover = (info: PickingInfo) => { hovered.value = unitAt(info)?.properties.code ?? null }
  const onView = (v: { zoom: number; bbox: BBox }) => { view.value = v }
  return { on, layers: computed(() => stack.value.layers), tooltip, unitAt, onHover, onView }
}
