/**
 * How a case's status reads on every page. (These mirror the contract package's labels and closed states; web
 * takes them from there once it depends on it.)
 */
const STATUS_LABELS: Record<string, string> = {
  reported: '待受理', accepted: '已立案', dispatched: '已派遣', handling: '处置中', fed_back: '已反馈', verified: '已核查',
  closed: '已结案', evaluated: '已评价', returned: '已回退', deferred: '缓办', parked: '挂账',
}
const CLOSED = ['closed', 'evaluated']

interface Standing { status: string; overdue: boolean }

/** The status's Chinese name (the code itself if unknown). */
export const statusName = (status: string): string => STATUS_LABELS[status] ?? status

/** Finished: closed or evaluated. */
export const isClosed = (status: string): boolean => CLOSED.includes(status)

/** 超期未结: past its deadline and not finished. */
export const isOpenOverdue = (c: Standing): boolean => c.overdue && !isClosed(c.status)

/** A case's status as lists show it: 超期 for an open overdue case, else its status. */
export const statusLabel = (c: Standing): string => (isOpenOverdue(c) ? '超期' : statusName(c.status))

/** The map's colour class, as the binary incident points carry it: 0 open, 1 overdue, 2 closed. */
export const statusClassOf = (c: Standing): 0 | 1 | 2 => (isClosed(c.status) ? 2 : c.overdue ? 1 : 0)
