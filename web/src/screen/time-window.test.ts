import { describe, expect, it } from 'vitest'
import { beijingDate, resolveWindow } from './time-window'

const NOW = new Date('2026-11-24T01:30:00Z') // 09:30 in Beijing

describe('resolveWindow', () => {
  it.each([
    ['today', '2026-11-23T16:00:00.000Z', '2026-11-24T16:00:00.000Z'],
    ['7d', '2026-11-17T16:00:00.000Z', '2026-11-24T16:00:00.000Z'],
    ['30d', '2026-10-25T16:00:00.000Z', '2026-11-24T16:00:00.000Z'],
  ] as const)('%s covers whole Beijing days up to the end of today', (key, from, to) => {
    const w = resolveWindow(key, NOW)
    expect([w.from.toISOString(), w.to.toISOString()]).toEqual([from, to])
  })

  it('takes custom Beijing dates inclusively', () => {
    const w = resolveWindow('custom', NOW, { from: '2026-06-01', to: '2026-06-07' })
    expect(w.from.toISOString()).toBe('2026-05-31T16:00:00.000Z')
    expect(w.to.toISOString()).toBe('2026-06-07T16:00:00.000Z')
    expect(w.label).toBe('2026-06-01 至 2026-06-07')
  })

  it.each([[{ from: 'x', to: '2026-06-07' }], [{ from: '2026-06-08', to: '2026-06-07' }], [{}]])('falls back to 7 days for a bad custom range %j', (custom) => {
    expect(resolveWindow('custom', NOW, custom).key).toBe('7d')
  })

  it('names Beijing dates', () => {
    expect(beijingDate(new Date('2026-11-23T17:00:00Z'))).toBe('2026-11-24')
  })
})
