/** The case workflow's actions: their names, which of them a user is offered, and the body each one posts. */
import { ACTION_LABELS, type ActionBody } from '@gridsight/contract'
import { isFinished } from './case-status'

export type { ActionBody }
export const actionName = (action: string): string => (ACTION_LABELS as Record<string, string>)[action] ?? action

/**
 * The buttons for the actions the API says this user may take on the case now (a case's detail lists them; the API
 * decides again when one is taken). Merging is offered beside each possible duplicate, where its target is known.
 */
export function offeredActions(actions: readonly string[]): { action: string; label: string }[] {
  return actions.filter((a) => a !== 'merge').map((action) => ({ action, label: actionName(action) }))
}

/** What the desk fills in beside the action buttons. */
export interface ActionForm {
  departmentCode: string; hours: number; note: string; level: NonNullable<ActionBody['level']>
  satisfaction: NonNullable<ActionBody['satisfaction']>; grade: NonNullable<ActionBody['grade']>
  /** 不予受理: why. */
  reason: NonNullable<ActionBody['reason']>
}
export const emptyActionForm = (): ActionForm => ({ departmentCode: '', hours: 24, note: '', level: 'yellow', satisfaction: 'satisfied', grade: 'good', reason: 'out_of_scope' })
/** The actions that take a number of hours (a time limit, an extension, an extension asked for). */
export const TAKES_HOURS = ['dispatch', 'extend', 'request_extension'] as const

/** The body of POST /api/incidents/{id}/actions: each action takes the fields it needs from the form. */
export function actionBody(action: string, form: ActionForm, version: number, photos: string[]): ActionBody {
  const body: ActionBody = { action, version, note: form.note || undefined, photos: photos.length ? photos : undefined }
  if (action === 'dispatch') Object.assign(body, { department_code: form.departmentCode || undefined, hours: form.hours })
  if (action === 'extend' || action === 'request_extension') body.hours = form.hours
  if (action === 'refuse') body.reason = form.reason
  if (action === 'supervise') body.level = form.level
  if (action === 'evaluate') Object.assign(body, { satisfaction: form.satisfaction, grade: form.grade })
  return body
}

/** A possible duplicate can be merged into the case on screen while both are still open. */
export const canMerge = (duplicateStatus: string, caseStatus: string): boolean => !isFinished(duplicateStatus) && !isFinished(caseStatus)
