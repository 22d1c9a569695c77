import { describe, expect, it } from 'vitest'
import { ancestry, formatScreenState, levelOf, parentOf, parseScreenState } from './screen-state'

describe('screen state in the URL', () => {
  it.each([
    ['', { unit: '500117', window: '30d' }],
    ['?unit=500117102&window=7d', { unit: '500117102', window: '7d' }],
    ['?unit=500117102225001&window=today', { unit: '500117102225001', window: 'today' }],
    ['?unit=999&window=forever', { unit: '500117', window: '30d' }],
    ['?window=custom&from=2026-06-01&to=2026-06-07', { unit: '500117', window: 'custom', from: '2026-06-01', to: '2026-06-07' }],
  ])('parses %j', (search, state) => {
    expect(parseScreenState(search)).toEqual(state)
  })

  it('round-trips', () => {
    const s = { unit: '500117102225', window: 'custom' as const, from: '2026-06-01', to: '2026-06-07' }
    expect(parseScreenState(formatScreenState(s))).toEqual(s)
    expect(formatScreenState({ unit: '500117', window: '30d' })).toBe('')
  })

  it('walks the hierarchy', () => {
    expect(ancestry('500117102225001')).toEqual(['500117', '500117102', '500117102225', '500117102225001'])
    expect(parentOf('500117102225')).toBe('500117102')
    expect(parentOf('500117')).toBe('500117')
    expect(['500117', '500117102', '500117102225', '500117102225001'].map(levelOf)).toEqual(['district', 'town', 'village', 'grid'])
  })
})
