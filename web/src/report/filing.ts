import type { StatusMessage } from '../common/status-message'
import type { OutgoingReport, SendResult } from './outbox'

/** What the grid worker fills in; settled: the result, when they settled it on the spot (自行处置). */
export type ReportFields = Pick<OutgoingReport, 'category_code' | 'description' | 'people_involved'> & { settled: string | null }
export const emptyFields = (): ReportFields => ({ category_code: '', description: '', people_involved: 1, settled: null })

/** Where it happened: from the phone's position or a tap on the map. */
export interface ReportLocation { lon: number; lat: number; source: 'gps' | 'map' }

/**
 * A report can be filed once it has a category, a description and a place; a matter settled on the spot also needs
 * the result and a photo of it.
 */
export function canFile(f: ReportFields, at: ReportLocation | null, photos = 0): at is ReportLocation {
  const settledOk = f.settled === null || (f.settled.trim().length > 0 && photos > 0)
  return !!f.category_code && f.description.trim().length > 0 && !!at && settledOk
}

/** The report as the outbox keeps it: with the id that makes the server store it once, photos only if any. */
export function toOutgoing(f: ReportFields, at: ReportLocation, photos: string[], clientId: string, now: Date): OutgoingReport {
  return {
    client_id: clientId, category_code: f.category_code, description: f.description.trim(), lon: at.lon, lat: at.lat,
    people_involved: f.people_involved, ...(photos.length ? { photos } : {}), ...(f.settled !== null ? { settled: { result: f.settled.trim() } } : {}),
    createdAt: now.toISOString(),
  }
}

export function locationText(at: ReportLocation | null): string {
  return at ? `位置：${at.lon.toFixed(5)}, ${at.lat.toFixed(5)}（${at.source === 'gps' ? '定位' : '地图点选'}）` : '请定位或在地图上点选位置'
}

/** How the server's answer to one report decides its fate: offline, signed out or a server error wait and retry. */
export function sendResult(status: number): SendResult {
  return status >= 200 && status < 300 ? 'sent' : status === 401 || status >= 500 ? 'retry' : 'rejected'
}

/** What the phone says after a round of sending, if anything. */
export function flushMessage(r: { sent: number; waiting: number }): StatusMessage | null {
  if (r.sent) return { kind: 'ok', text: `已上报 ${r.sent} 条${r.waiting ? `，${r.waiting} 条待网络恢复后发送` : ''}` }
  if (r.waiting) return { kind: 'error', text: `网络不可用：${r.waiting} 条已保存在手机上，恢复后自动发送` }
  return null
}
