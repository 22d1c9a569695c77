import { ACTION_LABELS, DomainError, type IncidentStatus, OPEN_STATUSES, type Role } from '@gridsight/contract'

/**
 * The case workflow (DOMAIN.md): one table of actions — from which states, to which state, by which roles.
 * 'same' keeps the status (supervision, urgency, extension). Department staff act only on their own cases.
 */
/** The states an open case can be supervised, hurried or merged from (挂账 parked cases are on hold: none of these). */
export const OPEN_STATES: IncidentStatus[] = OPEN_STATUSES.filter((s) => s !== 'parked')

export interface ActionRule {
  label: string
  from: IncidentStatus[]
  to: IncidentStatus | 'same'
  roles: Role[]
  /** Department staff may act only on cases dispatched to their department. */
  ownDepartment?: boolean
}

export const ACTIONS = {
  accept: { label: ACTION_LABELS.accept, from: ['reported'], to: 'accepted', roles: ['dispatcher', 'admin'] },
  dispatch: { label: ACTION_LABELS.dispatch, from: ['accepted', 'returned'], to: 'dispatched', roles: ['dispatcher', 'admin'] },
  start: { label: ACTION_LABELS.start, from: ['dispatched'], to: 'handling', roles: ['department'], ownDepartment: true },
  feedback: { label: ACTION_LABELS.feedback, from: ['dispatched', 'handling'], to: 'fed_back', roles: ['department'], ownDepartment: true },
  return: { label: ACTION_LABELS.return, from: ['dispatched', 'handling'], to: 'returned', roles: ['department'], ownDepartment: true },
  verify: { label: ACTION_LABELS.verify, from: ['fed_back'], to: 'verified', roles: ['dispatcher', 'admin'] },
  rework: { label: ACTION_LABELS.rework, from: ['fed_back'], to: 'handling', roles: ['dispatcher', 'admin'] },
  close: { label: ACTION_LABELS.close, from: ['verified'], to: 'closed', roles: ['dispatcher', 'admin'] },
  evaluate: { label: ACTION_LABELS.evaluate, from: ['closed'], to: 'evaluated', roles: ['dispatcher', 'leader', 'admin'] },
  supervise: { label: ACTION_LABELS.supervise, from: OPEN_STATES, to: 'same', roles: ['dispatcher', 'leader', 'admin'] },
  urgent: { label: ACTION_LABELS.urgent, from: OPEN_STATES, to: 'same', roles: ['dispatcher', 'leader', 'admin'] },
  extend: { label: ACTION_LABELS.extend, from: ['dispatched', 'handling'], to: 'same', roles: ['dispatcher', 'admin'] },
  defer: { label: ACTION_LABELS.defer, from: ['accepted', 'dispatched', 'handling'], to: 'deferred', roles: ['dispatcher', 'admin'] },
  resume: { label: ACTION_LABELS.resume, from: ['deferred'], to: 'handling', roles: ['dispatcher', 'admin'] },
  /** A duplicate report is closed into the case it repeats (ActionParams.into). */
  merge: { label: ACTION_LABELS.merge, from: OPEN_STATES, to: 'closed', roles: ['dispatcher', 'admin'] },
} satisfies Record<string, ActionRule>

export type ActionName = keyof typeof ACTIONS
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[]

export interface Actor { id: number; role: Role; department_code: string | null; display_name: string }

/** Why an actor may not take an action on a case in its state, or null when it may. */
export function refusal(action: ActionName, status: IncidentStatus, caseDepartment: string | null, actor: Actor): DomainError | null {
  const rule: ActionRule = ACTIONS[action]
  if (!rule.roles.includes(actor.role)) {
    return new DomainError('forbidden', `a ${actor.role} may not ${rule.label}（${action}）`)
  }
  if (rule.ownDepartment && caseDepartment !== actor.department_code) {
    return new DomainError('forbidden', 'this case is not dispatched to your department', 'not_your_case')
  }
  if (!rule.from.includes(status)) {
    return new DomainError('conflict', `cannot ${rule.label}（${action}） a case that is ${status}; allowed from: ${rule.from.join(', ')}`, 'illegal_transition')
  }
  return null
}
