/** Display formats of the screen (zh-CN). */
export const fmtInt = (n: number | null | undefined) => (n == null ? '—' : n.toLocaleString('zh-CN'))
export const fmtPct = (r: number | null | undefined) => (r == null ? '—' : `${(r * 100).toFixed(1)}%`)
export function fmtTime(t: Date | string, withDate = false): string {
  const d = new Date(t)
  const z = (n: number) => String(n).padStart(2, '0')
  const bj = new Date(d.getTime() + 8 * 3_600_000)
  const time = `${z(bj.getUTCHours())}:${z(bj.getUTCMinutes())}`
  return withDate ? `${z(bj.getUTCMonth() + 1)}-${z(bj.getUTCDate())} ${time}` : `${time}:${z(bj.getUTCSeconds())}`
}
export const STATUS_LABELS: Record<string, string> = {
  reported: '待受理', accepted: '已立案', dispatched: '已派遣', handling: '处置中', fed_back: '已反馈', verified: '已核查',
  closed: '已结案', evaluated: '已评价', returned: '已回退', deferred: '缓办', parked: '挂账',
}
