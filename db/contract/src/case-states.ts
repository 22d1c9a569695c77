import type { IncidentStatus } from './labels.js'

/**
 * The one definition of a case's standing (DOMAIN.md), in words and as predicates; the database spells the same
 * predicates in SQL from these lists (db/src/case-states.ts), so a screen and a statistic never disagree.
 *
 * - closed (已结案): the case is finished — closed or evaluated. A duplicate merged into another case is closed too,
 *   but it is not a case of its own: it counts in no figure (merged).
 * - paused: 缓办 (deferred) and 挂账 (parked) stop the clock; a paused case is not overdue and not due.
 * - overdue (超期未结): open, clock running, deadline passed.
 * - overdue is what lists, live payloads and the list filter `overdue` mean; a case closed after its deadline is
 *   not overdue: it is closed, not on time.
 * - due (应结案): a registered (立案) case whose time has come — closed, or deadline passed — less the paused and merged.
 * - on time (按期结案): closed, not merged, no later than its deadline.
 * - refused (不予受理/作废): a report not taken up; it is finished but counts in no rate (neither open nor closed).
 */
export const CLOSED_STATUSES = ['closed', 'evaluated'] as const satisfies readonly IncidentStatus[]
export const PAUSED_STATUSES = ['deferred', 'parked'] as const satisfies readonly IncidentStatus[]
/** A report not taken up (不予受理): finished, in no figure but the reports. */
export const REFUSED_STATUSES = ['refused'] as const satisfies readonly IncidentStatus[]
/** States in which a case is still being worked on (everything but closed and refused). */
export const OPEN_STATUSES = ['reported', 'accepted', 'registered', 'dispatched', 'handling', 'fed_back', 'verified', 'returned', 'deferred', 'parked'] as const satisfies readonly IncidentStatus[]

/** What the predicates need of a case; times as Date or ISO strings. */
export interface CaseStanding {
  status: IncidentStatus
  deadline: Date | string | null
  closed_at?: Date | string | null
  accepted_at?: Date | string | null
  merged_into?: number | null
}

const ms = (t: Date | string | null | undefined) => (t == null ? null : new Date(t).getTime())

export const isClosed = (c: Pick<CaseStanding, 'status'>): boolean => (CLOSED_STATUSES as readonly string[]).includes(c.status)
export const isRefused = (c: Pick<CaseStanding, 'status'>): boolean => (REFUSED_STATUSES as readonly string[]).includes(c.status)
/** Nothing more happens to it: closed or refused. */
export const isFinished = (c: Pick<CaseStanding, 'status'>): boolean => isClosed(c) || isRefused(c)
export const isPaused = (c: Pick<CaseStanding, 'status'>): boolean => (PAUSED_STATUSES as readonly string[]).includes(c.status)
export const isMerged = (c: CaseStanding): boolean => c.merged_into != null

/** 超期未结: open, clock running, deadline passed at `now`. */
export function isOverdue(c: CaseStanding, now: Date = new Date()): boolean {
  const d = ms(c.deadline)
  return d !== null && !isFinished(c) && !isPaused(c) && !isMerged(c) && d < now.getTime()
}

/** 按期结案: closed, not merged, not after the deadline (a case without a deadline is on time). */
export function isClosedOnTime(c: CaseStanding): boolean {
  const d = ms(c.deadline)
  return isClosed(c) && !isMerged(c) && (d === null || (ms(c.closed_at) ?? Infinity) <= d)
}

/** The map's colour classes of a case, as the binary incident layout carries them. */
export const STATUS_CLASSES = ['open', 'overdue', 'closed'] as const
export type StatusClass = (typeof STATUS_CLASSES)[number]
export function statusClass(c: CaseStanding, now: Date = new Date()): StatusClass {
  return isFinished(c) ? 'closed' : isOverdue(c, now) ? 'overdue' : 'open'
}
