/** The case workflow's actions: their names, which of them a user is offered, and the body each one posts. */
import { ACTION_LABELS, type ActionBody } from '@gridsight/contract'
import type { api, InferResponseType } from '../api/client'
import { isClosed } from './case-status'

export type { ActionBody }
export const actionName = (action: string): string => (ACTION_LABELS as Record<string, string>)[action] ?? action

/** GET /api/workflow: each action's label, the states it starts from, the roles that may take it. */
export type WorkflowTable = InferResponseType<typeof api.workflow.$get>

/** The actions of the workflow table this user may take on a case now (the API decides; this only offers). */
export function offeredActions(
  table: Record<string, { label: string; from: readonly string[]; roles: readonly string[]; ownDepartment?: boolean }>, status: string, role: string, caseDepartment: string | null, userDepartment: string | null,
): { action: string; label: string }[] {
  return Object.entries(table)
    // Merging is offered beside each possible duplicate, where its target is known.
    .filter(([action, r]) => action !== 'merge' && r.roles.includes(role) && r.from.includes(status) && (!r.ownDepartment || caseDepartment === userDepartment))
    .map(([action, r]) => ({ action, label: r.label }))
}

/** What the desk fills in beside the action buttons. */
export interface ActionForm { departmentCode: string; hours: number; note: string; level: NonNullable<ActionBody['level']> }
export const emptyActionForm = (): ActionForm => ({ departmentCode: '', hours: 24, note: '', level: 'yellow' })

/** The body of POST /api/incidents/{id}/actions: each action takes the fields it needs from the form. */
export function actionBody(action: string, form: ActionForm, version: number, photos: string[]): ActionBody {
  const body: ActionBody = { action, version, note: form.note || undefined, photos: photos.length ? photos : undefined }
  if (action === 'dispatch') Object.assign(body, { department_code: form.departmentCode || undefined, hours: form.hours })
  if (action === 'extend') body.hours = form.hours
  if (action === 'supervise') body.level = form.level
  return body
}

/** A possible duplicate can be merged into the case on screen while both are still open. */
export const canMerge = (duplicateStatus: string, caseStatus: string): boolean => !isClosed(duplicateStatus) && !isClosed(caseStatus)
