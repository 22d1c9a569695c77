/** Display formats of every page (zh-CN, Beijing time). */
export const fmtInt = (n: number | null | undefined) => (n == null ? '—' : n.toLocaleString('zh-CN'))
export const fmtPct = (r: number | null | undefined) => (r == null ? '—' : `${(r * 100).toFixed(1)}%`)
export function fmtTime(t: Date | string, withDate = false): string {
  const d = new Date(t)
  const z = (n: number) => String(n).padStart(2, '0')
  const bj = new Date(d.getTime() + 8 * 3_600_000)
  const time = `${z(bj.getUTCHours())}:${z(bj.getUTCMinutes())}`
  return withDate ? `${z(bj.getUTCMonth() + 1)}-${z(bj.getUTCDate())} ${time}` : `${time}:${z(bj.getUTCSeconds())}`
}
