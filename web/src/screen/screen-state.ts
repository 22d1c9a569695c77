import type { WindowKey } from './time-window'

/** What the URL holds: the unit being looked at and the time window. */
export interface ScreenState {
  unit: string
  window: WindowKey
  from?: string
  to?: string
}

const DISTRICT = '500117'
const WINDOWS: WindowKey[] = ['today', '7d', '30d', 'custom']

export function parseScreenState(search: string): ScreenState {
  const p = new URLSearchParams(search)
  const unit = p.get('unit') ?? DISTRICT
  const window = (p.get('window') ?? '30d') as WindowKey
  return {
    unit: /^500117(\d{3}(\d{3}(\d{3})?)?)?$/.test(unit) ? unit : DISTRICT,
    window: WINDOWS.includes(window) ? window : '30d',
    ...(window === 'custom' ? { from: p.get('from') ?? undefined, to: p.get('to') ?? undefined } : {}),
  }
}

export function formatScreenState(s: ScreenState): string {
  const p = new URLSearchParams()
  if (s.unit !== DISTRICT) p.set('unit', s.unit)
  if (s.window !== '30d') p.set('window', s.window)
  if (s.window === 'custom') {
    if (s.from) p.set('from', s.from)
    if (s.to) p.set('to', s.to)
  }
  const q = p.toString()
  return q ? `?${q}` : ''
}

/** The chain of codes from the district down to the unit: 500117 › 500117102 › 500117102225 › …001. */
export function ancestry(unit: string): string[] {
  return [6, 9, 12, 15].filter((n) => unit.length >= n).map((n) => unit.slice(0, n))
}

/** One level up (the district stays the district). */
export function parentOf(unit: string): string {
  const chain = ancestry(unit)
  return chain.length > 1 ? chain[chain.length - 2]! : DISTRICT
}

export type UnitLevel = 'district' | 'town' | 'village' | 'grid'
export function levelOf(unit: string): UnitLevel {
  return ({ 6: 'district', 9: 'town', 12: 'village', 15: 'grid' } as const)[unit.length as 6 | 9 | 12 | 15]
}

/** What the children of a unit are called in titles: the district's towns, a town's villages, a village's grids. */
export const CHILD_NOUNS: Record<UnitLevel, string> = { district: '镇街', town: '村(社区)', village: '网格', grid: '网格' }

/** The breadcrumb: each unit from the district down, by name where known. */
export function breadcrumb(unit: string, names: Record<string, string>): { code: string; name: string }[] {
  return ancestry(unit).map((code) => ({ code, name: names[code] ?? code }))
}

/** The state after picking a window; a custom one starts at `today` (a Beijing date) unless dates are set. */
export function withWindow(s: ScreenState, key: WindowKey, today: string): ScreenState {
  return key === 'custom' ? { ...s, window: key, from: s.from ?? today, to: s.to ?? today } : { unit: s.unit, window: key }
}

/** The state after changing one end of the custom window. */
export function withDate(s: ScreenState, which: 'from' | 'to', value: string): ScreenState {
  return { ...s, window: 'custom', [which]: value }
}
