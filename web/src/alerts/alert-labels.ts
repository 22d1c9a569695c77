import type { Severity } from '../api/types'

/** How alerts read and look on every page. */
export const SEVERITY_NAMES: Record<Severity, string> = { red: '红色', orange: '橙色', yellow: '黄色', blue: '蓝色' }
export const SEVERITY_COLORS: Record<Severity, string> = { red: '#ff3b3b', orange: '#ff8c1a', yellow: '#ffd21f', blue: '#3b8cff' }
export const ALERT_STEP_NAMES: Record<string, string> = { raised: '产生', updated: '新增证据', escalated: '升级', acknowledged: '签收', closed: '关闭', case: '转为案件' }
export const DEVICE_KIND_NAMES: Record<string, string> = { smoke: '烟感', gas: '燃气探测器', air: '空气监测站', elderly_button: '一键呼叫', camera: '摄像机' }
export const DEVICE_STATUS_NAMES: Record<string, string> = { OFF: '离线', ON: '在线', alarm: '报警', normal: '正常' }

/** An alert's state in a word: 待签收, 已关闭 or who acknowledged it. */
export function alertStateText(a: { status: string; acknowledged_by: string | null }): string {
  return a.status === 'raised' ? '待签收' : a.status === 'closed' ? '已关闭' : `${a.acknowledged_by ?? ''} 已签收`
}
