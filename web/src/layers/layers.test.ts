import { describe, expect, it } from 'vitest'
import { decodeIncidentPoints } from '../api/decode'
import { STATUS_COLORS } from './colors'
import { incidentAttributes, incidentPointsLayer } from './incident-layers'
import { defaultLayerState, LAYERS } from './registry'
import { densityColors } from './household-heatmap-layer'
import { unitBoundaryLayer } from './unit-boundary-layer'

function points(statusClass: number[], priority: number[]) {
  const n = statusClass.length
  const buf = new ArrayBuffer(n * 14)
  new Uint8Array(buf, n * 12, n).set(statusClass)
  new Uint8Array(buf, n * 13, n).set(priority)
  return decodeIncidentPoints(buf, n)
}

describe('incident layer attributes', () => {
  it.each([
    [0, 1, STATUS_COLORS[0], 3.5],
    [1, 2, STATUS_COLORS[1], 5],
    [2, 3, STATUS_COLORS[2], 1.5],
  ])('status class %i priority %i → colour %j radius %f', (cls, pri, color, radius) => {
    const a = incidentAttributes(points([cls], [pri]))
    expect([...a.colors]).toEqual(color)
    expect(a.radii[0]).toBe(radius)
  })

  it('hands the columns to deck.gl as binary attributes', () => {
    const d = points([0, 1], [1, 1])
    const layer = incidentPointsLayer({ data: d, attributes: incidentAttributes(d) })
    const data = layer.props.data as unknown as { length: number; attributes: Record<string, { value: unknown }> }
    expect(data.length).toBe(2)
    expect(data.attributes.getPosition!.value).toBe(d.positions)
  })
})

describe('unit boundary layer', () => {
  const fc = { type: 'FeatureCollection', features: [] } as never
  it.each([
    [{ hovered: 'a', selected: null }, ['a', null]],
    [{ hovered: null, selected: 'b' }, [null, 'b']],
  ])('re-evaluates colours when hover/selection change (%j)', (o, triggers) => {
    const layer = unitBoundaryLayer({ id: 't', data: fc, ...o })
    const t = layer.props.updateTriggers as Record<string, unknown[]>
    expect([t.getFillColor![0], t.getLineColor![0]]).toEqual(triggers)
  })
})

describe('layer registry', () => {
  it('has unique ids, a legend for each, and the default layers on', () => {
    expect(new Set(LAYERS.map((l) => l.id)).size).toBe(LAYERS.length)
    expect(LAYERS.every((l) => l.legend.length > 0)).toBe(true)
    expect(defaultLayerState()).toMatchObject({ boundaries: true, incidents: true, cameras: true, households: true })
  })
})

describe('household density colours', () => {
  it('ramp from the faint low end to the hot high end', () => {
    const c = densityColors({ length: 3, positions: new Float32Array(6), weights: new Float32Array([0, 10, 1000]) })
    expect([...c.slice(0, 4)]).toEqual([20, 60, 120, 60])
    expect([...c.slice(8, 12)]).toEqual([255, 50, 40, 230])
    expect(c[7]!).toBeGreaterThan(60)
    expect(c[7]!).toBeLessThan(230)
  })
})
