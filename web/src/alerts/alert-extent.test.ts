import { describe, expect, it } from 'vitest'
import type { AlertDetail } from '../api/types'
import { alertExtent } from './alert-extent'

describe('alert extent', () => {
  it('covers an area alert, and a few streets around a point alert', () => {
    const area = { alert: { area: true, geometry: { type: 'Polygon', coordinates: [[[106.1, 29.9], [106.3, 29.9], [106.3, 30.1], [106.1, 29.9]]] } } } as unknown as AlertDetail
    expect(alertExtent({ lon: 106.2, lat: 30 }, area)).toEqual([106.1, 29.9, 106.3, 30.1])
    const [w, s, e, n] = alertExtent({ lon: 106.2, lat: 30 }, null)
    expect([e - w, n - s].map((x) => Math.round(x * 1000))).toEqual([16, 10])
  })
})
