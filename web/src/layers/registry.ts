import type { Layer } from '@deck.gl/core'
import type { FeatureCollection, Point } from 'geojson'
import type { DensityColumns, IncidentColumns } from '../api/decode'
import type { AreaCollection, AreaFeature } from '../api/types'
import type { BBox } from '../map/bounds'
import { cameraIndex, cameraLayers, cameraTooltip } from './camera-layer'
import { CAMERA_COLORS, PLACE_KINDS, type RGBA, STATUS_COLORS, STATUS_NAMES } from './colors'
import { householdDensityLayer, householdHeatmapLayer } from './household-heatmap-layer'
import { hotspotHexLayer, hotspotTooltip, incidentAttributes, incidentHeatmapLayer, incidentPointsLayer, incidentPointTooltip } from './incident-layers'
import { type PlaceProps, placeLayer, placeTooltip } from './place-layer'
import { unitBoundaryLayer, unitTooltip } from './unit-boundary-layer'
import { unitLabelLayer } from './unit-label-layer'

/** What the wall holds now, from which every entry draws its layers and answers its tooltips. */
export interface WallScene {
  level: 'district' | 'town' | 'village' | 'grid'
  unit: string
  /** The units one level down (or the village's grids), their hover and hotspots. */
  children?: AreaCollection
  hovered: string | null
  hotspots: string[]
  /** Each child's incidents and overdue cases in the window, for its tooltip. */
  figures: Map<string, { incidents: number; overdue?: number }>
  windowLabel: string
  density?: { columns: DensityColumns; colors: Uint8Array }
  incidents?: { columns: IncidentColumns; attributes: ReturnType<typeof incidentAttributes> }
  places?: FeatureCollection<Point, PlaceProps>
  cameras?: ReturnType<typeof cameraIndex>
  view: { zoom: number; bbox: BBox }
}

/** What deck.gl picked under the pointer: the layer, the object (or, in binary data, its index). */
export interface Picked { layerId: string; object: any; index: number }
export interface LegendItem { color: RGBA; label: string }

/**
 * One switchable layer of the wall. Adding a layer is one entry here plus its layer file: the switcher, the legend
 * and the map tooltip read it from this list.
 */
export interface LayerEntry {
  id: LayerId
  /** Its name in the switcher. */
  label: string
  defaultOn: boolean
  legend: LegendItem[]
  /** Stacking: entries with a higher z draw above. */
  z: number
  /** Its deck.gl layers for the scene (none while its data loads). */
  layers: (s: WallScene) => Layer[]
  /** Text drawn above every entry's layers. */
  labels?: (s: WallScene) => Layer[]
  /** The tooltip of an object picked in one of its layers (null: nothing to say; heat has nothing to pick). */
  tooltip: (p: Picked, s: WallScene) => string | null
}
export type LayerId = 'boundaries' | 'households' | 'householdHeat' | 'incidentHeat' | 'hotspots' | 'incidents' | 'cameras' | 'places'

const ramp = (label: string): LegendItem[] => [{ color: [30, 120, 200, 255], label: `${label}少` }, { color: [255, 50, 40, 255], label: `${label}多` }]
const nothing = () => null
/** Household density shows above the grid level only, fainter below the district. */
const densityOpacity = (s: WallScene) => (s.level === 'district' ? 0.6 : 0.35)

/** The wall's layers in the switcher's order. */
export const LAYERS: LayerEntry[] = [
  {
    id: 'boundaries', label: '行政区划 / 网格', defaultOn: true, z: 30,
    legend: [{ color: [64, 170, 230, 255], label: '边界' }, { color: [255, 200, 60, 255], label: '热点/选中' }],
    layers: (s) => (s.children ? [unitBoundaryLayer({ id: `children-${s.unit.slice(0, 12)}`, data: s.children, hovered: s.hovered,
      selected: s.level === 'grid' ? s.unit : null, hotspots: s.hotspots })] : []),
    labels: (s) => (s.children ? [unitLabelLayer({ id: 'labels', data: s.children.features, size: s.level === 'district' ? 15 : 14 })] : []),
    tooltip: (p, s) => { const u = (p.object as AreaFeature | undefined)?.properties; return u ? unitTooltip(u, s.figures.get(u.code), s.windowLabel) : null },
  },
  {
    id: 'households', label: '户籍密度', defaultOn: true, z: 10, legend: ramp('户数'),
    layers: (s) => (s.density && s.level !== 'grid' ? [householdDensityLayer({ data: s.density.columns, colors: s.density.colors, opacity: densityOpacity(s) })] : []),
    tooltip: nothing,
  },
  {
    id: 'householdHeat', label: '户籍热力(平滑)', defaultOn: false, z: 20, legend: ramp('户数'),
    layers: (s) => (s.density && s.level !== 'grid' ? [householdHeatmapLayer({ data: s.density.columns, opacity: densityOpacity(s) })] : []),
    tooltip: nothing,
  },
  {
    id: 'incidentHeat', label: '事件热力', defaultOn: false, z: 40, legend: ramp('事件'),
    layers: (s) => (s.incidents ? [incidentHeatmapLayer({ data: s.incidents.columns })] : []),
    tooltip: nothing,
  },
  {
    id: 'hotspots', label: '热点六边形', defaultOn: false, z: 50, legend: ramp('事件'),
    layers: (s) => (s.incidents ? [hotspotHexLayer({ data: s.incidents.columns, radiusMetres: s.level === 'district' ? 1200 : 300 })] : []),
    tooltip: (p) => (p.object ? hotspotTooltip(p.object) : null),
  },
  {
    id: 'incidents', label: '事件点位', defaultOn: true, z: 60,
    legend: ([0, 1, 2] as const).map((k) => ({ color: STATUS_COLORS[k], label: STATUS_NAMES[k] })),
    layers: (s) => (s.incidents ? [incidentPointsLayer({ data: s.incidents.columns, attributes: s.incidents.attributes })] : []),
    tooltip: (p, s) => (s.incidents ? incidentPointTooltip(s.incidents.columns, p.index) : null),
  },
  {
    id: 'cameras', label: '视频监控', defaultOn: true, z: 80,
    legend: [{ color: CAMERA_COLORS.online, label: '在线' }, { color: CAMERA_COLORS.offline, label: '离线' }, { color: CAMERA_COLORS.cluster, label: '聚合' }],
    layers: (s) => (s.cameras ? cameraLayers({ index: s.cameras, zoom: s.view.zoom, bbox: s.view.bbox }) : []),
    tooltip: (p) => (p.object ? cameraTooltip(p.object) : null),
  },
  {
    id: 'places', label: '重点场所', defaultOn: false, z: 70,
    legend: Object.values(PLACE_KINDS).slice(0, 5).map((k) => ({ color: k.color, label: k.name })),
    layers: (s) => (s.places ? [placeLayer({ data: s.places })] : []),
    tooltip: (p) => (p.object ? placeTooltip(p.object) : null),
  },
]

export function defaultLayerState(): Record<LayerId, boolean> {
  return Object.fromEntries(LAYERS.map((l) => [l.id, l.defaultOn])) as Record<LayerId, boolean>
}

/**
 * The switched-on entries' deck.gl layers, lowest z first and every entry's labels on top, and which entry drew
 * each deck.gl layer (for tooltips and clicks).
 */
export function wallLayers(s: WallScene, on: Record<LayerId, boolean>): { layers: Layer[]; entryOf: (layerId: string) => LayerEntry | undefined } {
  const owner = new Map<string, LayerEntry>()
  const active = LAYERS.filter((e) => on[e.id]).sort((a, b) => a.z - b.z)
  const draw = (e: LayerEntry, made: Layer[]) => { for (const l of made) owner.set(l.id, e); return made }
  const layers = [...active.flatMap((e) => draw(e, e.layers(s))), ...active.flatMap((e) => draw(e, e.labels?.(s) ?? []))]
  return { layers, entryOf: (id) => owner.get(id) }
}
