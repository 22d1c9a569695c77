import { describe, expect, it } from 'vitest'
import { allocateColumns, decodeColumns, describeLayout, encodeColumns, INCIDENT_POINTS_LAYOUT } from './layouts.js'

describe('binary column layouts', () => {
  it('encodes and decodes the incident points the same way', () => {
    const cols = allocateColumns(INCIDENT_POINTS_LAYOUT, 2)
    cols.id.set([11, 12]); cols.lon.set([106.25, 106.5]); cols.lat.set([29.75, 30]); cols.statusClass.set([1, 2]); cols.priority.set([3, 1])
    const bytes = encodeColumns(INCIDENT_POINTS_LAYOUT, cols)
    expect(bytes.byteLength).toBe(2 * 14)
    const back = decodeColumns(INCIDENT_POINTS_LAYOUT, bytes.slice().buffer, 2)
    expect([...back.id]).toEqual([11, 12])
    expect([...back.lat]).toEqual([29.75, 30])
    expect([...back.priority]).toEqual([3, 1])
    expect(describeLayout(INCIDENT_POINTS_LAYOUT)).toBe('uint32le id[n] float32le lon[n] float32le lat[n] uint8 statusClass[n] uint8 priority[n]')
  })
})
