/** Queue order of the dispatch console: overdue first, then new (reported) cases, then the rest; newest first. */
export interface QueueItem { id: number; status: string; overdue: boolean; reported_at: string; priority: number }

const CLOSED = ['closed', 'evaluated']

export function queueOrder<T extends QueueItem>(items: T[]): T[] {
  const rank = (i: T) => (CLOSED.includes(i.status) ? 3 : i.overdue ? 0 : i.status === 'reported' ? 1 : 2)
  return [...items].sort((a, b) => rank(a) - rank(b) || b.priority - a.priority || b.reported_at.localeCompare(a.reported_at))
}

/** The actions of the workflow table this user may take on a case now (the API decides; this only offers). */
export function offeredActions(
  table: Record<string, { label: string; from: string[]; roles: string[]; ownDepartment?: boolean }>,
  status: string, role: string, caseDepartment: string | null, userDepartment: string | null,
): { action: string; label: string }[] {
  return Object.entries(table)
    // Merging is offered beside each possible duplicate, where its target is known.
    .filter(([action, r]) => action !== 'merge' && r.roles.includes(role) && r.from.includes(status) && (!r.ownDepartment || caseDepartment === userDepartment))
    .map(([action, r]) => ({ action, label: r.label }))
}
