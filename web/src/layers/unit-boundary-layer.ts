import { GeoJsonLayer } from '@deck.gl/layers'
import type { Feature, Geometry } from 'geojson'
import type { UnitCollection, UnitProps } from '../api/types'

type F = Feature<Geometry, UnitProps>

export interface UnitBoundaryOptions {
  id: string
  data: UnitCollection
  /** Code of the unit under the pointer (highlighted). */
  hovered?: string | null
  /** Code of the selected unit (outlined brighter). */
  selected?: string | null
  lineColor?: [number, number, number, number]
  fillColor?: [number, number, number, number]
}

const DEFAULTS = { lineColor: [64, 170, 230, 200], fillColor: [20, 80, 140, 40] } as const

/** Admin units (towns, villages) as pickable outlines; hover fills, selection outlines in gold. */
export function unitBoundaryLayer(o: UnitBoundaryOptions) {
  const lineColor = o.lineColor ?? [...DEFAULTS.lineColor]
  const fillColor = o.fillColor ?? [...DEFAULTS.fillColor]
  return new GeoJsonLayer<UnitProps>({
    id: o.id,
    data: o.data as never,
    pickable: true,
    stroked: true,
    filled: true,
    lineWidthUnits: 'pixels',
    getLineWidth: (f: F) => (f.properties.code === o.selected ? 3 : 1),
    getLineColor: (f: F) => (f.properties.code === o.selected ? [255, 200, 60, 255] : lineColor),
    getFillColor: (f: F) => (f.properties.code === o.hovered ? [60, 160, 255, 110] : fillColor),
    updateTriggers: { getFillColor: [o.hovered], getLineColor: [o.selected], getLineWidth: [o.selected] },
  })
}
