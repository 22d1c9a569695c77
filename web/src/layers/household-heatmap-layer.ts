import { HeatmapLayer } from '@deck.gl/aggregation-layers'
import type { DensityColumns } from '../api/decode'
import { HEAT_RANGE } from './colors'

/** Households per cell (binary columns straight into deck.gl attributes) as a heatmap. */
export function householdHeatmapLayer(o: { data: DensityColumns; opacity?: number }) {
  return new HeatmapLayer({
    id: 'household-heatmap',
    data: { length: o.data.length, attributes: { getPosition: { value: o.data.positions, size: 2 }, getWeight: { value: o.data.weights, size: 1 } } },
    radiusPixels: 28,
    intensity: 1,
    threshold: 0.04,
    colorRange: HEAT_RANGE,
    opacity: o.opacity ?? 0.55,
    aggregation: 'SUM',
  })
}
