import { isFinished } from '../cases/case-status'
import type { CaseItem } from '../cases/types'

/** Queue order of the dispatch console: overdue first, then new (reported) cases, then the rest; newest first. */
type QueueItem = Pick<CaseItem, 'id' | 'status' | 'overdue' | 'reported_at' | 'priority'>

export function queueOrder<T extends QueueItem>(items: T[]): T[] {
  const rank = (i: T) => (isFinished(i.status) ? 3 : i.overdue ? 0 : i.status === 'reported' ? 1 : 2)
  return [...items].sort((a, b) => rank(a) - rank(b) || b.priority - a.priority || b.reported_at.localeCompare(a.reported_at))
}
