import type { AlertSummary, Severity } from '../api/types'

export const SEVERITY_ORDER: Severity[] = ['red', 'orange', 'yellow', 'blue']

export interface AlertBoard {
  /** Open alerts (raised or acknowledged), most urgent first. */
  open: AlertSummary[]
  counts: Record<Severity, number>
  /** Orange/red alerts nobody has acknowledged yet (newest escalation first): the banner shows the first. */
  banner: AlertSummary[]
}

const rank = (a: AlertSummary) => SEVERITY_ORDER.indexOf(a.severity)
const sortOpen = (l: AlertSummary[]) => [...l].sort((a, b) => (a.status === 'raised' ? 0 : 1) - (b.status === 'raised' ? 0 : 1) || rank(a) - rank(b)
  || b.last_evidence_at.localeCompare(a.last_evidence_at))
const countOf = (l: AlertSummary[]) => {
  const c: Record<Severity, number> = { red: 0, orange: 0, yellow: 0, blue: 0 }
  for (const a of l) c[a.severity]++
  return c
}
const bannerWorthy = (a: AlertSummary) => a.status === 'raised' && (a.severity === 'red' || a.severity === 'orange')

export function boardFrom(open: AlertSummary[]): AlertBoard {
  const o = sortOpen(open.filter((a) => a.status !== 'closed'))
  return { open: o, counts: countOf(o), banner: o.filter(bannerWorthy) }
}

/**
 * Applies one live alert event: the list and counts follow; an orange/red alert that is new or newly escalated
 * joins the banner; acknowledging or closing it takes it off the banner (on every screen).
 */
export function applyAlert(board: AlertBoard, a: AlertSummary): { board: AlertBoard; chime: boolean } {
  const before = board.open.find((x) => x.id === a.id)
  if (before && before.version > a.version) return { board, chime: false }
  const rest = board.open.filter((x) => x.id !== a.id)
  const open = sortOpen(a.status === 'closed' ? rest : [...rest, a])
  const escalated = !before || rank(a) < rank(before)
  const others = board.banner.filter((x) => x.id !== a.id)
  const keep = bannerWorthy(a) && (escalated || board.banner.some((x) => x.id === a.id))
  const banner = keep ? (board.banner.some((x) => x.id === a.id) ? board.banner.map((x) => (x.id === a.id ? a : x)) : [a, ...others]) : others
  return { board: { open, counts: countOf(open), banner }, chime: keep && escalated }
}
