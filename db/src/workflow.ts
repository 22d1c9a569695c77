import {
  ACTION_LABELS, type CaseRequest, type CommandLevel, COMMAND_LEVELS, DESK_LEVEL_OF, DomainError, type IncidentStatus, isDeskRole, levelAbove, levelBelow,
  OPEN_STATUSES, type Role,
} from '@gridsight/contract'

/**
 * The case workflow (DOMAIN.md): one table of actions — from which states, to which state, by which roles — and the
 * three levels of command. A desk (district, town, village) acts on the cases of its unit at its level or below; a
 * step that moves the case on takes it to the desk's level (a town desk that accepts a village's report handles it
 * at town level). A village desk escalates (上报) to its town, a town desk to the district; the district and a town
 * assign down (交办). Department staff act only on the cases dispatched to them; a desk that handles a case itself
 * (本级处置) feeds back like a department. 'same' keeps the status (supervision, urgency, extension, level moves).
 */
/** The states an open case can be supervised, hurried or merged from (挂账 parked cases are on hold: none of these). */
export const OPEN_STATES: IncidentStatus[] = OPEN_STATUSES.filter((s) => s !== 'parked')
/** Before anyone works on it: where a case can still move between levels. */
const UNWORKED: IncidentStatus[] = ['reported', 'accepted', 'registered', 'returned']
/** Where a department works on a case: it may ask for more time or to send it back (申请延期 / 申请回退). */
const AT_WORK: IncidentStatus[] = ['dispatched', 'handling']

export interface ActionRule {
  label: string
  from: IncidentStatus[]
  to: IncidentStatus | 'same'
  roles: Role[]
  /** Department staff act only on cases dispatched to their department (a desk, on those it handles itself). */
  ownDepartment?: boolean
  /** The desk takes the case to its own level (a step that moves the case on). */
  takesOver?: boolean
  /** The case moves one level up (上报) or down (交办). */
  moves?: 'up' | 'down'
  /** The step needs a note (why it is escalated). */
  needsNote?: boolean
  /** A department's application: none may be pending ('none'), or one must be ('pending', the desk's answer). */
  request?: 'none' | 'pending'
}

/** Small matters a grid worker may settle on the spot (自行处置) by default; /admin changes the setting per category. */
export const SELF_SETTLE_CATEGORIES = ['dispute.neighbour', 'urban.street_vending', 'urban.parking', 'urban.rubbish', 'livelihood.sanitation'] as const

const DESKS: Role[] = ['dispatcher', 'town_desk', 'village_desk', 'admin']
/** Desks that dispatch to departments: the district and the towns (a village escalates instead). */
const DISPATCHING: Role[] = ['dispatcher', 'town_desk', 'admin']

export const ACTIONS = {
  /** 受理: the report is in scope; 立案: it becomes a case (the figures count from here); 不予受理: it is not, and why. */
  accept: { label: ACTION_LABELS.accept, from: ['reported'], to: 'accepted', roles: DESKS, takesOver: true },
  register: { label: ACTION_LABELS.register, from: ['accepted'], to: 'registered', roles: DESKS, takesOver: true },
  refuse: { label: ACTION_LABELS.refuse, from: ['reported', 'accepted'], to: 'refused', roles: DESKS, takesOver: true },
  dispatch: { label: ACTION_LABELS.dispatch, from: ['registered', 'returned'], to: 'dispatched', roles: DISPATCHING, takesOver: true },
  handle: { label: ACTION_LABELS.handle, from: ['registered', 'returned'], to: 'handling', roles: ['town_desk', 'village_desk'], takesOver: true },
  escalate: { label: ACTION_LABELS.escalate, from: UNWORKED, to: 'same', roles: ['town_desk', 'village_desk'], moves: 'up', needsNote: true },
  assign: { label: ACTION_LABELS.assign, from: UNWORKED, to: 'same', roles: ['dispatcher', 'town_desk', 'admin'], moves: 'down' },
  start: { label: ACTION_LABELS.start, from: ['dispatched'], to: 'handling', roles: ['department'], ownDepartment: true },
  feedback: { label: ACTION_LABELS.feedback, from: AT_WORK, to: 'fed_back', roles: ['department', 'town_desk', 'village_desk'], ownDepartment: true },
  /** A department asks; the desk that dispatched (or one above) approves — the deadline moves, or the case comes back — or denies. */
  request_extension: { label: ACTION_LABELS.request_extension, from: AT_WORK, to: 'same', roles: ['department'], ownDepartment: true, needsNote: true, request: 'none' },
  request_return: { label: ACTION_LABELS.request_return, from: AT_WORK, to: 'same', roles: ['department'], ownDepartment: true, needsNote: true, request: 'none' },
  approve: { label: ACTION_LABELS.approve, from: AT_WORK, to: 'same', roles: DISPATCHING, takesOver: true, request: 'pending' },
  deny: { label: ACTION_LABELS.deny, from: AT_WORK, to: 'same', roles: DISPATCHING, takesOver: true, needsNote: true, request: 'pending' },
  /** 核查: in the field by the grid worker of the case's grid, with a photo (or by a desk); a failed check is 返工. */
  verify: { label: ACTION_LABELS.verify, from: ['fed_back'], to: 'verified', roles: [...DESKS, 'grid_worker'], takesOver: true },
  rework: { label: ACTION_LABELS.rework, from: ['fed_back'], to: 'handling', roles: [...DESKS, 'grid_worker'], takesOver: true },
  close: { label: ACTION_LABELS.close, from: ['verified'], to: 'closed', roles: DESKS, takesOver: true },
  evaluate: { label: ACTION_LABELS.evaluate, from: ['closed'], to: 'evaluated', roles: [...DESKS, 'leader'] },
  supervise: { label: ACTION_LABELS.supervise, from: OPEN_STATES, to: 'same', roles: ['dispatcher', 'town_desk', 'leader', 'admin'] },
  urgent: { label: ACTION_LABELS.urgent, from: OPEN_STATES, to: 'same', roles: ['dispatcher', 'town_desk', 'leader', 'admin'] },
  /** The desk's own extension (a department applies for one instead). */
  extend: { label: ACTION_LABELS.extend, from: AT_WORK, to: 'same', roles: DESKS, takesOver: true },
  defer: { label: ACTION_LABELS.defer, from: ['registered', 'dispatched', 'handling'], to: 'deferred', roles: DESKS, takesOver: true, needsNote: true },
  resume: { label: ACTION_LABELS.resume, from: ['deferred'], to: 'handling', roles: DESKS, takesOver: true },
  /** 挂账: a long-term hold (awaiting funds, a court ruling); it leaves the on-time figures until released. */
  park: { label: ACTION_LABELS.park, from: ['registered', 'dispatched', 'handling', 'deferred'], to: 'parked', roles: DESKS, takesOver: true, needsNote: true },
  unpark: { label: ACTION_LABELS.unpark, from: ['parked'], to: 'handling', roles: DESKS, takesOver: true },
  /** A duplicate report is closed into the case it repeats (ActionParams.into). */
  merge: { label: ACTION_LABELS.merge, from: OPEN_STATES, to: 'closed', roles: DESKS, takesOver: true },
} satisfies Record<string, ActionRule>

export type ActionName = keyof typeof ACTIONS
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[]

export interface Actor { id: number; role: Role; department_code: string | null; display_name: string; unit_code?: string | null; grid_code?: string | null }

/** What the rules need to know of a case. */
export interface CaseAtLevel {
  status: IncidentStatus
  department_code: string | null
  level: CommandLevel
  town_code: string | null
  village_code: string | null
  /** The grid whose worker verifies the result in the field. */
  grid_code?: string | null
  /** A department's application waiting for the desk's answer. */
  request?: CaseRequest | null
}

/** The level a user commands at: the district for the district desk, leaders and administrators. */
export function levelOf(role: Role): CommandLevel | null {
  if (isDeskRole(role)) return DESK_LEVEL_OF[role]
  return role === 'admin' || role === 'leader' ? 'district' : null
}

/** Whether a case lies in the unit a town or village desk serves (the district's desks serve every case). */
export function inDeskArea(actor: Pick<Actor, 'role' | 'unit_code'>, c: Pick<CaseAtLevel, 'town_code' | 'village_code'>): boolean {
  if (actor.role === 'town_desk') return c.town_code != null && c.town_code === actor.unit_code
  if (actor.role === 'village_desk') return c.village_code != null && c.village_code === actor.unit_code
  return true
}

const rank = (l: CommandLevel) => COMMAND_LEVELS.indexOf(l)

/** The level a case is at after the actor takes the action (the same level when it does not move the case). */
export function levelAfter(action: ActionName, c: CaseAtLevel, actor: Pick<Actor, 'role'>): CommandLevel {
  const rule: ActionRule = ACTIONS[action]
  if (rule.moves === 'up') return levelAbove(c.level) ?? c.level
  if (rule.moves === 'down') return levelBelow(c.level) ?? c.level
  const own = levelOf(actor.role)
  return rule.takesOver && own && rank(own) > rank(c.level) ? own : c.level
}

/** Why an actor may not take an action on a case in its state, or null when it may. */
export function refusal(action: ActionName, c: CaseAtLevel, actor: Actor, note?: string | null): DomainError | null {
  const rule: ActionRule = ACTIONS[action]
  if (!rule.roles.includes(actor.role)) {
    return new DomainError('forbidden', `a ${actor.role} may not ${rule.label}（${action}）`)
  }
  if (!inDeskArea(actor, c)) return new DomainError('forbidden', 'this case is not in your unit', 'not_your_case')
  if (isDeskRole(actor.role) || actor.role === 'admin') {
    const own = levelOf(actor.role)!
    // A desk works the cases at its level and takes over those below; it escalates or assigns only its own level's.
    if (rule.moves ? c.level !== own : rank(c.level) > rank(own)) {
      return new DomainError('forbidden', `this case is handled at ${c.level} level, not yours (${own})`, 'not_your_level')
    }
    if (rule.moves === 'down' && (own === 'district' ? !c.town_code : !c.village_code)) {
      return new DomainError('conflict', 'this case lies in no unit below to assign it to', 'illegal_transition')
    }
    // A desk feeds back only on a case it handles itself (at its level, no department).
    if (rule.ownDepartment && (c.department_code !== null || c.level !== own)) {
      return new DomainError('forbidden', 'this case is not handled by your desk', 'not_your_case')
    }
  } else if (rule.ownDepartment && c.department_code !== actor.department_code) {
    return new DomainError('forbidden', 'this case is not dispatched to your department', 'not_your_case')
  } else if (actor.role === 'grid_worker' && (!c.grid_code || c.grid_code !== actor.grid_code)) {
    return new DomainError('forbidden', 'this case is not in your grid', 'not_your_case')
  }
  if (!rule.from.includes(c.status)) {
    return new DomainError('conflict', `cannot ${rule.label}（${action}） a case that is ${c.status}; allowed from: ${rule.from.join(', ')}`, 'illegal_transition')
  }
  if (rule.request === 'pending' && !c.request) return new DomainError('conflict', 'no application is waiting for an answer on this case', 'illegal_transition')
  if (rule.request === 'none' && c.request) {
    return new DomainError('conflict', 'an application on this case is still waiting for the desk\'s answer', 'illegal_transition')
  }
  if (rule.needsNote && !note?.trim()) return new DomainError('bad_request', `${rule.label} needs a note: why`, 'note_required')
  return null
}

/** The actions an actor may take on a case now (what the desk offers as buttons; the API decides again on each). */
export function offeredActions(c: CaseAtLevel, actor: Actor): ActionName[] {
  return ACTION_NAMES.filter((a) => refusal(a, c, actor, 'x') === null)
}
