import { beijingParts } from '@gridsight/contract'

/** Display formats of every page (zh-CN, Beijing time). */
export const fmtInt = (n: number | null | undefined) => (n == null ? '—' : n.toLocaleString('zh-CN'))
export const fmtPct = (r: number | null | undefined) => (r == null ? '—' : `${(r * 100).toFixed(1)}%`)
export function fmtTime(t: Date | string, withDate = false): string {
  const p = beijingParts(t)
  const z = (n: number) => String(n).padStart(2, '0')
  const time = `${z(p.hour)}:${z(p.minute)}`
  return withDate ? `${z(p.month)}-${z(p.day)} ${time}` : `${time}:${z(p.second)}`
}
