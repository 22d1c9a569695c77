import { ALERT_ACTION_LABELS, ALERT_STATUS_LABELS, type AlertStatus, CAMERA_STATUS_LABELS, SENSOR_KIND_LABELS, SENSOR_STATE_LABELS, SEVERITY_LABELS, type Severity } from '@gridsight/contract'

/** How alerts read and look on every page: the contract's labels, and the colours of the four warning levels. */
export const SEVERITY_NAMES: Record<Severity, string> = SEVERITY_LABELS
export const SEVERITY_COLORS: Record<Severity, string> = { red: '#ff3b3b', orange: '#ff8c1a', yellow: '#ffd21f', blue: '#3b8cff' }
export const ALERT_STEP_NAMES: Record<string, string> = ALERT_ACTION_LABELS
export const DEVICE_KIND_NAMES: Record<string, string> = { ...SENSOR_KIND_LABELS, camera: '摄像机' }
export const DEVICE_STATUS_NAMES: Record<string, string> = { ...CAMERA_STATUS_LABELS, ...SENSOR_STATE_LABELS }

/** An alert's state in a word: 待签收, 已关闭 or who acknowledged it. */
export function alertStateText(a: { status: string; acknowledged_by: string | null }): string {
  return a.status === 'acknowledged' ? `${a.acknowledged_by ?? ''} ${ALERT_STATUS_LABELS.acknowledged}` : ALERT_STATUS_LABELS[a.status as AlertStatus] ?? a.status
}
