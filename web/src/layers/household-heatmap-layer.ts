import { HeatmapLayer } from '@deck.gl/aggregation-layers'
import { ScatterplotLayer } from '@deck.gl/layers'
import type { DensityColumns } from '../api/decode'
import { HEAT_RANGE } from './colors'

/** Colours of the density cells on the heat ramp (log scale of households per cell), built once per data set. */
export function densityColors(d: DensityColumns): Uint8Array {
  let max = 1
  for (let i = 0; i < d.length; i++) max = Math.max(max, d.weights[i]!)
  const colors = new Uint8Array(d.length * 4)
  const top = HEAT_RANGE.length - 1
  for (let i = 0; i < d.length; i++) {
    const t = Math.log1p(d.weights[i]!) / Math.log1p(max)
    const c = HEAT_RANGE[Math.min(top, Math.floor(t * (top + 1)))]!
    colors.set([c[0], c[1], c[2], Math.round(60 + 170 * t)], i * 4)
  }
  return colors
}

/**
 * Household density as binned heat: one disc per 0.004° cell (≈400 m), coloured by households. It pans at
 * full speed even in software WebGL, where a smooth HeatmapLayer costs ~5× the frame time.
 */
export function householdDensityLayer(o: { data: DensityColumns; colors: Uint8Array; opacity?: number }) {
  return new ScatterplotLayer({
    id: 'household-density',
    data: { length: o.data.length, attributes: { getPosition: { value: o.data.positions, size: 2 }, getFillColor: { value: o.colors, size: 4, normalized: true } } },
    getRadius: 260,
    radiusUnits: 'meters',
    radiusMinPixels: 1.5,
    stroked: false,
    opacity: o.opacity ?? 0.6,
  })
}

/** The smooth variant (GPU heatmap): switchable, off by default. */
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
