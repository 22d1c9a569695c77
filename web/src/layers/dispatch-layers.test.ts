import { describe, expect, it } from 'vitest'
import { CAMERA_COLORS, STATUS_COLORS } from './colors'
import { dispatchLayers } from './dispatch-layers'

const spot = { lon: 106.26, lat: 29.99 }
const open = { ...spot, status: 'dispatched', overdue: false }
const late = { ...spot, status: 'handling', overdue: true }

describe('dispatch console layers', () => {
  it.each([
    ['only the queue', {}, ['queue']],
    ['an alert', { alert: spot }, ['alert', 'queue']],
    ['a case and its cameras', { incident: open, cameras: [{ ...spot, status: 'ON' }] }, ['case', 'nearby-cameras', 'queue']],
  ])('draws %s above the queue', (_what, o, ids) => {
    expect(dispatchLayers({ queue: [open], ...o }).map((l) => l.id)).toEqual(ids)
  })

  it('colours cases by status and cameras by state', () => {
    const [kase, cameras, queue] = dispatchLayers({ incident: late, cameras: [{ ...spot, status: 'OFF' }], queue: [open, late] })
      .map((l) => (l.props as unknown as { getFillColor: unknown }).getFillColor)
    expect(kase).toEqual(STATUS_COLORS[1])
    const fill = (accessor: unknown, d: unknown) => (accessor as (d: unknown) => unknown)(d)
    expect([fill(queue, open), fill(queue, late)]).toEqual([STATUS_COLORS[0], STATUS_COLORS[1]])
    expect(fill(cameras, { status: 'OFF' })).toEqual(CAMERA_COLORS.offline)
  })
})
