import { PLACE_KIND_LABELS, type PlaceKind } from '@gridsight/contract'

export type RGBA = [number, number, number, number]

/** Incident status classes as the legend shows them. */
export const STATUS_COLORS: Record<0 | 1 | 2, RGBA> = {
  0: [255, 176, 32, 230], // open: amber
  1: [255, 64, 64, 255], // overdue: red
  2: [60, 200, 120, 90], // closed: green, faint so open cases stand out
}
export const STATUS_NAMES = { 0: '办理中', 1: '已超期', 2: '已办结' } as const

export const CAMERA_COLORS = { online: [40, 200, 255, 230] as RGBA, offline: [140, 140, 150, 230] as RGBA, cluster: [30, 140, 220, 200] as RGBA }

const PLACE_COLORS: Record<PlaceKind, RGBA> = {
  school: [120, 180, 255, 230], hospital: [255, 110, 150, 230], market: [255, 210, 90, 230], enterprise: [170, 170, 200, 230],
  mediation: [120, 230, 160, 230], police: [90, 120, 255, 230], government: [230, 230, 230, 230], scenic: [200, 150, 255, 230],
  elderly_care: [255, 170, 100, 230], other: [180, 200, 210, 230],
}
/** Each place kind's name (the contract's) and colour. */
export const PLACE_KINDS: Record<string, { name: string; color: RGBA }> = Object.fromEntries(
  Object.entries(PLACE_COLORS).map(([k, color]) => [k, { name: PLACE_KIND_LABELS[k as PlaceKind], color }]))

/** Heat ramps from transparent blue to hot red. */
export const HEAT_RANGE: [number, number, number][] = [[20, 60, 120], [30, 120, 200], [60, 200, 220], [250, 220, 80], [255, 140, 40], [255, 50, 40]]
