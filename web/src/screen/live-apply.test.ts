import { describe, expect, it } from 'vitest'
import type { LiveIncident } from '../live/useLiveFeed'
import { inScope, upsertPoint } from './live-apply'

const inc = (over: Partial<LiveIncident> = {}): LiveIncident => ({
  id: 7, title: '龙苑社区 集体上访', category_code: 'collective.petition', status: 'reported', priority: 3, lon: 106.26, lat: 29.99,
  town_code: '500117001', village_code: '500117001016', grid_code: '500117001016001', reported_at: '2026-06-30T00:02:00Z', overdue: false,
  department_code: null, deadline: null, supervision: 'none', version: 1, simulated: false, level: 'village', self_settled: false, ...over,
})
const FROM = new Date('2026-06-01T00:00:00Z')
const TO = new Date('2026-07-01T00:00:00Z')

describe('live events on the screen', () => {
  it.each([
    ['500117', true], ['500117001', true], ['500117001016', true], ['500117001016001', true],
    ['500117102', false], ['500117001017', false], ['500117001016002', false],
  ])('scope of unit %s → %s', (unit, expected) => {
    expect(inScope(inc(), unit, FROM, TO)).toBe(expected)
  })

  it('ignores incidents outside the window', () => {
    expect(inScope(inc({ reported_at: '2026-07-02T00:00:00Z' }), '500117', FROM, TO)).toBe(false)
  })

  it('appends a new incident and updates a known one in place', () => {
    const empty = { length: 0, ids: new Uint32Array(0), positions: new Float32Array(0), statusClass: new Uint8Array(0), priority: new Uint8Array(0) }
    const one = upsertPoint(empty, inc())
    expect(one.length).toBe(1)
    expect([...one.positions]).toEqual([Math.fround(106.26), Math.fround(29.99)])
    expect([...one.statusClass]).toEqual([0])
    const closed = upsertPoint(one, inc({ status: 'closed' }))
    expect(closed.length).toBe(1)
    expect([...closed.statusClass]).toEqual([2])
    expect([...one.statusClass]).toEqual([0]) // the old arrays are not mutated
  })
})
