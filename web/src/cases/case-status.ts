import { INCIDENT_STATUS_LABELS, isFinished as finished, STATUS_CLASSES } from '@gridsight/contract'

/** How a case's status reads on every page: the contract's labels and standing, with the API's `overdue` flag (超期未结). */
interface Standing { status: string; overdue: boolean }

/** The status's Chinese name (the code itself if unknown). */
export const statusName = (status: string): string => (INCIDENT_STATUS_LABELS as Record<string, string>)[status] ?? status

/** Finished: closed, evaluated or refused (不予受理) — nothing more happens to it. */
export const isFinished = (status: string): boolean => finished({ status: status as never })

/** 超期未结: past its deadline and not finished. */
export const isOpenOverdue = (c: Standing): boolean => c.overdue && !isFinished(c.status)

/** A case's status as lists show it: 超期 for an open overdue case, else its status. */
export const statusLabel = (c: Standing): string => (isOpenOverdue(c) ? '超期' : statusName(c.status))

/** The map's colour class, as the binary incident points carry it: the index of the contract's STATUS_CLASSES. */
export const statusClassOf = (c: Standing): 0 | 1 | 2 => STATUS_CLASSES.indexOf(isFinished(c.status) ? 'closed' : c.overdue ? 'overdue' : 'open') as 0 | 1 | 2
