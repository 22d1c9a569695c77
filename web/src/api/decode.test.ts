import { describe, expect, it } from 'vitest'
import { decodeDensity, decodeIncidentPoints } from './decode'

describe('binary decoders', () => {
  it('decodes density columns into interleaved positions', () => {
    const buf = new ArrayBuffer(2 * 12)
    new Float32Array(buf, 0, 6).set([106.25, 106.5, 29.75, 30, 3, 7])
    const d = decodeDensity(buf, 2)
    expect([...d.positions]).toEqual([106.25, 29.75, 106.5, 30])
    expect([...d.weights]).toEqual([3, 7])
  })

  it('decodes incident points', () => {
    const n = 2
    const buf = new ArrayBuffer(n * 14)
    new Uint32Array(buf, 0, n).set([11, 12])
    new Float32Array(buf, 8, n).set([106.25, 106.5])
    new Float32Array(buf, 16, n).set([29.75, 30])
    new Uint8Array(buf, 24, n).set([1, 2])
    new Uint8Array(buf, 26, n).set([3, 1])
    const p = decodeIncidentPoints(buf, n)
    expect([...p.ids]).toEqual([11, 12])
    expect([...p.positions]).toEqual([106.25, 29.75, 106.5, 30])
    expect([...p.statusClass]).toEqual([1, 2])
    expect([...p.priority]).toEqual([3, 1])
  })
})
