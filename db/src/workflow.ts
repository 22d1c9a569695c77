import { DomainError, type IncidentStatus, OPEN_STATUSES, type Role } from '@gridsight/contract'

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
  accept: { label: '立案', from: ['reported'], to: 'accepted', roles: ['dispatcher', 'admin'] },
  dispatch: { label: '派遣', from: ['accepted', 'returned'], to: 'dispatched', roles: ['dispatcher', 'admin'] },
  start: { label: '开始处置', from: ['dispatched'], to: 'handling', roles: ['department'], ownDepartment: true },
  feedback: { label: '处置反馈', from: ['dispatched', 'handling'], to: 'fed_back', roles: ['department'], ownDepartment: true },
  return: { label: '回退', from: ['dispatched', 'handling'], to: 'returned', roles: ['department'], ownDepartment: true },
  verify: { label: '核查通过', from: ['fed_back'], to: 'verified', roles: ['dispatcher', 'admin'] },
  rework: { label: '核查不通过', from: ['fed_back'], to: 'handling', roles: ['dispatcher', 'admin'] },
  close: { label: '结案', from: ['verified'], to: 'closed', roles: ['dispatcher', 'admin'] },
  evaluate: { label: '评价', from: ['closed'], to: 'evaluated', roles: ['dispatcher', 'leader', 'admin'] },
  supervise: { label: '督办', from: OPEN_STATES, to: 'same', roles: ['dispatcher', 'leader', 'admin'] },
  urgent: { label: '加急', from: OPEN_STATES, to: 'same', roles: ['dispatcher', 'leader', 'admin'] },
  extend: { label: '延期', from: ['dispatched', 'handling'], to: 'same', roles: ['dispatcher', 'admin'] },
  defer: { label: '缓办', from: ['accepted', 'dispatched', 'handling'], to: 'deferred', roles: ['dispatcher', 'admin'] },
  resume: { label: '恢复办理', from: ['deferred'], to: 'handling', roles: ['dispatcher', 'admin'] },
  /** A duplicate report is closed into the case it repeats (ActionParams.into). */
  merge: { label: '合并', from: OPEN_STATES, to: 'closed', roles: ['dispatcher', 'admin'] },
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
