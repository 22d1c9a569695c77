/** The case workflow's actions: their names, which of them a user is offered, and the body each one posts. */
import { isClosed } from './case-status'

const ACTION_NAMES: Record<string, string> = {
  report: '上报', accept: '立案', dispatch: '派遣', start: '开始处置', feedback: '处置反馈', return: '回退', verify: '核查通过',
  rework: '核查不通过', close: '结案', evaluate: '评价', supervise: '督办', urgent: '加急', extend: '延期', defer: '缓办',
  resume: '恢复办理', merge: '合并',
}
export const actionName = (action: string): string => ACTION_NAMES[action] ?? action

/** GET /api/workflow: each action's label, the states it starts from, the roles that may take it. */
export type WorkflowTable = Record<string, { label: string; from: string[]; roles: string[]; ownDepartment?: boolean }>

/** The actions of the workflow table this user may take on a case now (the API decides; this only offers). */
export function offeredActions(
  table: WorkflowTable, status: string, role: string, caseDepartment: string | null, userDepartment: string | null,
): { action: string; label: string }[] {
  return Object.entries(table)
    // Merging is offered beside each possible duplicate, where its target is known.
    .filter(([action, r]) => action !== 'merge' && r.roles.includes(role) && r.from.includes(status) && (!r.ownDepartment || caseDepartment === userDepartment))
    .map(([action, r]) => ({ action, label: r.label }))
}

/** What the desk fills in beside the action buttons. */
export interface ActionForm { department_code: string; hours: number; note: string; level: string }
export const emptyActionForm = (): ActionForm => ({ department_code: '', hours: 24, note: '', level: 'yellow' })

/** The body of POST /api/incidents/{id}/actions: each action takes the fields it needs from the form. */
export function actionBody(action: string, form: ActionForm, version: number, photos: string[]): Record<string, unknown> {
  const body: Record<string, unknown> = { action, version, note: form.note || undefined, photos: photos.length ? photos : undefined }
  if (action === 'dispatch') Object.assign(body, { department_code: form.department_code || undefined, hours: form.hours })
  if (action === 'extend') body.hours = form.hours
  if (action === 'supervise') body.level = form.level
  return body
}

/** A possible duplicate can be merged into the case on screen while both are still open. */
export const canMerge = (duplicateStatus: string, caseStatus: string): boolean => !isClosed(duplicateStatus) && !isClosed(caseStatus)
