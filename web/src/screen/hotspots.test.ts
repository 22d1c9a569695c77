import { describe, expect, it } from 'vitest'
import { topHotspots } from './hotspots'

describe('hotspots', () => {
  it('takes the units with most incidents, leaving out quiet ones', () => {
    const rows = [{ code: 'a', incidents: 3 }, { code: 'b', incidents: 0 }, { code: 'c', incidents: 9 }, { code: 'd', incidents: 5 }]
    expect(topHotspots(rows, 2).map((r) => r.code)).toEqual(['c', 'd'])
    expect(topHotspots(rows).map((r) => r.code)).toEqual(['c', 'd', 'a'])
    expect(rows.map((r) => r.code)).toEqual(['a', 'b', 'c', 'd']) // the ranking itself is left as it is
  })
})
