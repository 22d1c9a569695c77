import { CAMERA_COLORS, PLACE_KINDS, STATUS_COLORS, STATUS_NAMES, type RGBA } from './colors'

/** The switchable layers of the big screen, in drawing order, with their legends. */
export interface LayerDef { id: LayerId; name: string; defaultOn: boolean; legend: { color: RGBA; label: string }[] }
export type LayerId = 'boundaries' | 'households' | 'householdHeat' | 'incidentHeat' | 'hotspots' | 'incidents' | 'cameras' | 'places'

const ramp = (label: string): { color: RGBA; label: string }[] => [{ color: [30, 120, 200, 255], label: `${label}少` }, { color: [255, 50, 40, 255], label: `${label}多` }]

export const LAYERS: LayerDef[] = [
  { id: 'boundaries', name: '行政区划 / 网格', defaultOn: true, legend: [{ color: [64, 170, 230, 255], label: '边界' }, { color: [255, 200, 60, 255], label: '热点/选中' }] },
  { id: 'households', name: '户籍密度', defaultOn: true, legend: ramp('户数') },
  { id: 'householdHeat', name: '户籍热力(平滑)', defaultOn: false, legend: ramp('户数') },
  { id: 'incidentHeat', name: '事件热力', defaultOn: false, legend: ramp('事件') },
  { id: 'hotspots', name: '热点六边形', defaultOn: false, legend: ramp('事件') },
  { id: 'incidents', name: '事件点位', defaultOn: true, legend: ([0, 1, 2] as const).map((k) => ({ color: STATUS_COLORS[k], label: STATUS_NAMES[k] })) },
  { id: 'cameras', name: '视频监控', defaultOn: true, legend: [{ color: CAMERA_COLORS.online, label: '在线' }, { color: CAMERA_COLORS.offline, label: '离线' }, { color: CAMERA_COLORS.cluster, label: '聚合' }] },
  { id: 'places', name: '重点场所', defaultOn: false, legend: Object.values(PLACE_KINDS).slice(0, 5).map((k) => ({ color: k.color, label: k.name })) },
]

export function defaultLayerState(): Record<LayerId, boolean> {
  return Object.fromEntries(LAYERS.map((l) => [l.id, l.defaultOn])) as Record<LayerId, boolean>
}
