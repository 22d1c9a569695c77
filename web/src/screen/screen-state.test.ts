import { describe, expect, it } from 'vitest'
import { ancestry } from '@gridsight/contract'
import { breadcrumb, CHILD_NOUNS, formatScreenState, levelOf, parentOf, parseScreenState, withDate, withWindow } from './screen-state'

describe('screen state in the URL', () => {
  it.each([
    ['', { unit: '500117', window: '30d' }],
    ['?unit=500117102&window=7d', { unit: '500117102', window: '7d' }],
    ['?unit=500117102225001&window=today', { unit: '500117102225001', window: 'today' }],
    ['?unit=999&window=forever', { unit: '500117', window: '30d' }],
    ['?window=custom&from=2026-06-01&to=2026-06-07', { unit: '500117', window: 'custom', from: '2026-06-01', to: '2026-06-07' }],
    // A unit of another district is not this wall's.
    ['?unit=500151001', { unit: '500117', window: '30d' }],
  ])('parses %j', (search, state) => {
    expect(parseScreenState(search, '500117')).toEqual(state)
  })

  it('serves whichever district it is given', () => {
    expect(parseScreenState('?unit=500151001', '500151')).toEqual({ unit: '500151001', window: '30d' })
    expect(parseScreenState('', '500151')).toEqual({ unit: '500151', window: '30d' })
  })

  it('round-trips', () => {
    const s = { unit: '500117102225', window: 'custom' as const, from: '2026-06-01', to: '2026-06-07' }
    expect(parseScreenState(formatScreenState(s, '500117'), '500117')).toEqual(s)
    expect(formatScreenState({ unit: '500117', window: '30d' }, '500117')).toBe('')
  })

  it('walks the hierarchy', () => {
    expect(ancestry('500117102225001')).toEqual(['500117', '500117102', '500117102225', '500117102225001'])
    expect(parentOf('500117102225')).toBe('500117102')
    expect(parentOf('500117')).toBe('500117')
    expect(['500117', '500117102', '500117102225', '500117102225001'].map(levelOf)).toEqual(['district', 'town', 'village', 'grid'])
  })

  it('names the breadcrumb and the children of each level', () => {
    expect(breadcrumb('500117102225', { '500117': '合川区', '500117102': '涞滩镇' })).toEqual([
      { code: '500117', name: '合川区' }, { code: '500117102', name: '涞滩镇' }, { code: '500117102225', name: '500117102225' }])
    expect(['500117', '500117102', '500117102225'].map((u) => CHILD_NOUNS[levelOf(u)])).toEqual(['镇街', '村(社区)', '网格'])
  })

  it.each([
    [{ unit: '500117102', window: '30d' as const }, '7d' as const, { unit: '500117102', window: '7d' }],
    [{ unit: '500117', window: 'custom' as const, from: '2026-06-01', to: '2026-06-07' }, 'today' as const, { unit: '500117', window: 'today' }],
    [{ unit: '500117', window: '30d' as const }, 'custom' as const, { unit: '500117', window: 'custom', from: '2026-11-24', to: '2026-11-24' }],
    [{ unit: '500117', window: 'custom' as const, from: '2026-06-01', to: '2026-06-07' }, 'custom' as const,
      { unit: '500117', window: 'custom', from: '2026-06-01', to: '2026-06-07' }],
  ])('from %j, picking %s gives %j', (s, key, next) => {
    expect(withWindow(s, key, '2026-11-24')).toEqual(next)
  })

  it('moves one end of a custom window', () => {
    expect(withDate({ unit: '500117', window: '7d' }, 'to', '2026-06-30')).toEqual({ unit: '500117', window: 'custom', to: '2026-06-30' })
  })
})
