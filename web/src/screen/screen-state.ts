import { ancestry, codeLevel, isWithin, parentCode, type ScopeLevel } from '@gridsight/contract'
import type { WindowKey } from './time-window'

/** What the URL holds: the unit being looked at and the time window. */
export interface ScreenState {
  unit: string
  window: WindowKey
  from?: string
  to?: string
}

const WINDOWS: WindowKey[] = ['today', '7d', '30d', 'custom']

/** The state in a URL's query, within the district the wall shows (its code comes from the API's config). */
export function parseScreenState(search: string, district: string): ScreenState {
  const p = new URLSearchParams(search)
  const unit = p.get('unit') ?? district
  const window = (p.get('window') ?? '30d') as WindowKey
  return {
    unit: codeLevel(unit) && isWithin(unit, district) ? unit : district,
    window: WINDOWS.includes(window) ? window : '30d',
    ...(window === 'custom' ? { from: p.get('from') ?? undefined, to: p.get('to') ?? undefined } : {}),
  }
}

export function formatScreenState(s: ScreenState, district: string): string {
  const p = new URLSearchParams()
  if (s.unit !== district) p.set('unit', s.unit)
  if (s.window !== '30d') p.set('window', s.window)
  if (s.window === 'custom') {
    if (s.from) p.set('from', s.from)
    if (s.to) p.set('to', s.to)
  }
  const q = p.toString()
  return q ? `?${q}` : ''
}

/** One level up (the district stays the district). */
export const parentOf = (unit: string): string => parentCode(unit) ?? unit

export type UnitLevel = ScopeLevel
export const levelOf = (unit: string): UnitLevel => codeLevel(unit) ?? 'district'

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
