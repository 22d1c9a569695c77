import type { PlaceKind } from '@gridsight/contract'
import type { Story } from '../generators/stories.js'
import type { DemoUser } from '../generators/users.js'
import { HECHUAN, HECHUAN_EXTRAS } from './hechuan/index.js'

/** A named place a district's sources add: [kind, name, name of its town]. */
export type ExtraPlace = [kind: PlaceKind, name: string, town: string]

/**
 * What a district brings beyond its data files: hand judgement and demo scenery (sources/<district>/), applied
 * only when that district is generated. Any district works without them.
 */
export interface DistrictExtras {
  /** Anchor points [lon, lat] of towns whose centre no source gives (others get generated ones). */
  anchors: Record<string, [number, number]>
  /** Residents of towns no source gives a figure for, where the estimate from area would be far off. */
  populationGuess: Record<string, number>
  /** Organisations placed near their town's centre; a named place of the facts with the same name is this one. */
  organisations: ExtraPlace[]
  /** Sights placed at their town's label point. */
  sights: ExtraPlace[]
  /** Cases of the district's sources, replayed at their real times of day. */
  stories: Story[]
  /** Demo accounts of a town office and a grid worker, in place of the generic `town` and `gridworker`. */
  localUsers: DemoUser[] | null
}

export const NO_EXTRAS: DistrictExtras = { anchors: {}, populationGuess: {}, organisations: [], sights: [], stories: [], localUsers: null }

const EXTRAS: Record<string, DistrictExtras> = { [HECHUAN]: HECHUAN_EXTRAS }

export function extrasOf(district: string): DistrictExtras {
  return EXTRAS[district] ?? NO_EXTRAS
}
