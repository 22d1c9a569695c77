import type { ReportBody } from '@gridsight/contract'

/**
 * The phone's outbox: a report is stored here first (with the id the server uses to make it idempotent),
 * and leaves only when the server has accepted it. A dropped network loses nothing and sends nothing twice.
 */
export type OutgoingReport = ReportBody & {
  /** When the phone stored it (the outbox's own field; the API ignores it). */
  createdAt: string
}

export interface Storage { getItem(k: string): string | null; setItem(k: string, v: string): void }

const KEY = 'gridsight.outbox'

export function readOutbox(s: Storage): OutgoingReport[] {
  try {
    const v = JSON.parse(s.getItem(KEY) ?? '[]')
    return Array.isArray(v) ? v : []
  } catch {
    return []
  }
}

export function enqueue(s: Storage, r: OutgoingReport): OutgoingReport[] {
  const next = [...readOutbox(s).filter((x) => x.client_id !== r.client_id), r]
  s.setItem(KEY, JSON.stringify(next))
  return next
}

export type SendResult = 'sent' | 'retry' | 'rejected'

/**
 * Sends what waits, oldest first. 'sent' and 'rejected' (the server refused it for good: bad input) leave
 * the outbox; 'retry' (offline, server error) stays and stops the round, so order is kept.
 */
export async function flush(s: Storage, send: (r: OutgoingReport) => Promise<SendResult>): Promise<{ sent: number; rejected: OutgoingReport[]; waiting: number }> {
  let sent = 0
  const rejected: OutgoingReport[] = []
  for (const r of readOutbox(s)) {
    const result = await send(r)
    if (result === 'retry') break
    if (result === 'sent') sent++
    else rejected.push(r)
    s.setItem(KEY, JSON.stringify(readOutbox(s).filter((x) => x.client_id !== r.client_id)))
  }
  return { sent, rejected, waiting: readOutbox(s).length }
}

/** A v4 UUID, also where crypto.randomUUID is missing (plain-HTTP pages on a LAN are not secure contexts). */
export function newClientId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
