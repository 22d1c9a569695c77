import { HeatmapLayer, HexagonLayer } from '@deck.gl/aggregation-layers'
import { ScatterplotLayer } from '@deck.gl/layers'
import type { IncidentColumns } from '../api/decode'
import { HEAT_RANGE, STATUS_COLORS, STATUS_NAMES } from './colors'

/** Colour and radius attributes built once per data set (not per frame). */
export function incidentAttributes(d: IncidentColumns): { colors: Uint8Array; radii: Float32Array } {
  const colors = new Uint8Array(d.length * 4)
  const radii = new Float32Array(d.length)
  for (let i = 0; i < d.length; i++) {
    colors.set(STATUS_COLORS[(d.statusClass[i] ?? 0) as 0 | 1 | 2], i * 4)
    // Closed cases stay small; open ones grow with priority.
    radii[i] = d.statusClass[i] === 2 ? 1.5 : 2 + 1.5 * (d.priority[i] ?? 1)
  }
  return { colors, radii }
}

/** Incidents as points: coloured by status (open, overdue, closed), sized by priority. */
export function incidentPointsLayer(o: { data: IncidentColumns; attributes: ReturnType<typeof incidentAttributes> }) {
  return new ScatterplotLayer({
    id: 'incident-points',
    data: {
      length: o.data.length,
      attributes: {
        getPosition: { value: o.data.positions, size: 2 },
        getFillColor: { value: o.attributes.colors, size: 4, normalized: true },
        getRadius: { value: o.attributes.radii, size: 1 },
      },
    },
    radiusUnits: 'pixels',
    stroked: false,
    pickable: true,
  })
}

/** Where incidents concentrate in the window. */
export function incidentHeatmapLayer(o: { data: IncidentColumns }) {
  return new HeatmapLayer({
    id: 'incident-heatmap',
    data: { length: o.data.length, attributes: { getPosition: { value: o.data.positions, size: 2 } } },
    getWeight: 1,
    radiusPixels: 35,
    colorRange: HEAT_RANGE,
    opacity: 0.7,
  })
}

/** Hotspot hexagons (CPU aggregation: software WebGL aggregates far slower on the GPU). */
export function hotspotHexLayer(o: { data: IncidentColumns; radiusMetres: number }) {
  const points = Array.from({ length: o.data.length }, (_, i) => [o.data.positions[i * 2]!, o.data.positions[i * 2 + 1]!] as [number, number])
  return new HexagonLayer<[number, number]>({
    id: 'hotspot-hexagons',
    data: points,
    getPosition: (p) => p,
    radius: o.radiusMetres,
    gpuAggregation: false,
    extruded: false,
    opacity: 0.45,
    colorRange: HEAT_RANGE,
    pickable: true,
  })
}

/** An incident point under the pointer (binary data: picked by index). */
export function incidentPointTooltip(d: IncidentColumns, index: number): string | null {
  if (index < 0 || index >= d.length) return null
  return `事件 #${d.ids[index]}\n${STATUS_NAMES[d.statusClass[index] as 0 | 1 | 2]} · 优先级 ${d.priority[index]}`
}

/** A hotspot hexagon under the pointer: how many incidents it holds. */
export function hotspotTooltip(cell: { count?: number; points?: unknown[] }): string {
  return `热点：${cell.count ?? cell.points?.length ?? ''} 件事件`
}
