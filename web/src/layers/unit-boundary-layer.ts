import { GeoJsonLayer } from '@deck.gl/layers'
import type { Feature, Geometry } from 'geojson'
import type { AreaCollection, AreaProps } from '../api/types'
import { fmtInt } from '../common/format'

type F = Feature<Geometry, AreaProps>

export interface UnitBoundaryOptions {
  id: string
  data: AreaCollection
  /** Code of the unit under the pointer (filled). */
  hovered?: string | null
  /** Code of the selected unit (gold outline). */
  selected?: string | null
  /** Codes of hotspot units (orange outline, warm fill). */
  hotspots?: string[]
  lineColor?: [number, number, number, number]
  fillColor?: [number, number, number, number]
  pickable?: boolean
}

const DEFAULTS = { lineColor: [64, 170, 230, 200], fillColor: [20, 80, 140, 40] } as const
const GOLD = [255, 200, 60, 255] as [number, number, number, number]
const HOT = [255, 120, 40, 255] as [number, number, number, number]

/** Admin units or grids as pickable outlines; hover fills, hotspots glow orange, the selection is gold. */
export function unitBoundaryLayer(o: UnitBoundaryOptions) {
  const lineColor = o.lineColor ?? [...DEFAULTS.lineColor]
  const fillColor = o.fillColor ?? [...DEFAULTS.fillColor]
  const hot = new Set(o.hotspots ?? [])
  return new GeoJsonLayer<AreaProps>({
    id: o.id,
    data: o.data as never,
    pickable: o.pickable ?? true,
    stroked: true,
    filled: true,
    lineWidthUnits: 'pixels',
    getLineWidth: (f: F) => (f.properties.code === o.selected ? 3 : hot.has(f.properties.code) ? 2.5 : 1),
    getLineColor: (f: F) => (f.properties.code === o.selected ? GOLD : hot.has(f.properties.code) ? HOT : lineColor),
    getFillColor: (f: F) => (f.properties.code === o.hovered ? [60, 160, 255, 110] : hot.has(f.properties.code) ? [255, 120, 40, 60] : fillColor),
    updateTriggers: {
      getFillColor: [o.hovered, o.hotspots?.join()],
      getLineColor: [o.selected, o.hotspots?.join()],
      getLineWidth: [o.selected, o.hotspots?.join()],
    },
  })
}

/** A unit under the pointer: its name, households, and the window's incidents and overdue cases. */
export function unitTooltip(u: AreaProps, figures: { incidents: number; overdue?: number } | undefined, windowLabel: string): string {
  return `${u.name}\n户数 ${fmtInt(u.households)}\n${windowLabel}事件 ${fmtInt(figures?.incidents ?? 0)}  超期 ${fmtInt(figures?.overdue ?? 0)}`
}
