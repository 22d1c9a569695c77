import { describe, expect, it } from 'vitest'
import { ancestry, codeLevel, districtOf, isWithin, parentCode } from './units.js'

describe('unit codes', () => {
  it.each([
    ['500151', 'district'], ['500151101', 'town'], ['500151101201', 'village'], ['500151101201003', 'grid'],
    ['50015', null], ['5001511', null], ['50015110120100', null], ['5001x1', null], ['', null],
  ])('%s is a %s code', (code, level) => expect(codeLevel(code)).toBe(level))

  it('knows ancestry, parents and districts from the code structure alone', () => {
    expect(ancestry('500151101201003')).toEqual(['500151', '500151101', '500151101201', '500151101201003'])
    expect(parentCode('500151101201')).toBe('500151101')
    expect(parentCode('500151')).toBeNull()
    expect(districtOf('500151101201003')).toBe('500151')
    expect(isWithin('500151101201003', '500151101')).toBe(true)
    expect(isWithin('500117101201003', '500151')).toBe(false)
    expect(isWithin(null, '500151')).toBe(false)
  })
})
