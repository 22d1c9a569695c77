/**
 * Unit codes (DOMAIN.md): a GB/T 2260 county code of 6 digits, + 3 for a town or street, + 3 for a village or
 * community (the statistical division code), + 3 for a grid. The code's structure gives its ancestry; a unit's
 * *level* is stored with the unit (admin_unit.level) and read from there wherever the database is at hand.
 * No district is named here: which districts exist is data.
 */
export const UNIT_LEVELS = ['district', 'town', 'village'] as const
export type UnitLevel = (typeof UNIT_LEVELS)[number]
/** The admin levels and the grid below them: every scope a filter can take. */
export const SCOPE_LEVELS = ['district', 'town', 'village', 'grid'] as const
export type ScopeLevel = (typeof SCOPE_LEVELS)[number]

export const UNIT_LEVEL_LABELS: Record<ScopeLevel, string> = { district: '区县', town: '镇街', village: '村社区', grid: '网格' }

/** Digits of each level's code. */
export const CODE_DIGITS: Record<ScopeLevel, number> = { district: 6, town: 9, village: 12, grid: 15 }

/** Any unit code: a district, town, village or grid. */
export const UNIT_CODE_PATTERN = /^[0-9]{6}(?:[0-9]{3}(?:[0-9]{3}(?:[0-9]{3})?)?)?$/
/** An admin unit's code: a district, town or village. */
export const ADMIN_CODE_PATTERN = /^[0-9]{6}(?:[0-9]{3}(?:[0-9]{3})?)?$/

/** The level a code's structure denotes, or null when it is no unit code. */
export function codeLevel(code: string): ScopeLevel | null {
  if (!UNIT_CODE_PATTERN.test(code)) return null
  return SCOPE_LEVELS.find((l) => CODE_DIGITS[l] === code.length) ?? null
}

/** The code of the unit above (a district has none: null). */
export function parentCode(code: string): string | null {
  return code.length > CODE_DIGITS.district ? code.slice(0, code.length - 3) : null
}

/** The chain of codes from the district down to the unit: district › town › village › grid. */
export function ancestry(code: string): string[] {
  const chain: string[] = []
  for (let c: string | null = code; c; c = parentCode(c)) chain.unshift(c)
  return chain
}

/** The district a unit belongs to. */
export const districtOf = (code: string): string => code.slice(0, CODE_DIGITS.district)

/** Whether `code` is the unit `scope` or lies inside it. */
export const isWithin = (code: string | null | undefined, scope: string): boolean => !!code && code.startsWith(scope)
