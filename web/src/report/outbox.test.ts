import { describe, expect, it } from 'vitest'
import { enqueue, flush, newClientId, type OutgoingReport, readOutbox, type SendResult } from './outbox'

function memory() {
  const m = new Map<string, string>()
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) }
}
const report = (id: string): OutgoingReport => ({ client_id: id, category_code: 'dispute.neighbour', description: 'x', lon: 106.26, lat: 29.99, people_involved: 2, createdAt: '2026-11-24T00:00:00Z' })

describe('outbox', () => {
  it('keeps reports while offline and sends each once when back', async () => {
    const s = memory()
    enqueue(s, report('a'))
    enqueue(s, report('b'))
    enqueue(s, report('a')) // the same report again replaces, never duplicates
    expect(readOutbox(s).map((r) => r.client_id)).toEqual(['b', 'a'])
    expect(await flush(s, async () => 'retry')).toEqual({ sent: 0, rejected: [], waiting: 2 })
    const sent: string[] = []
    expect(await flush(s, async (r) => { sent.push(r.client_id); return 'sent' })).toEqual({ sent: 2, rejected: [], waiting: 0 })
    expect(sent).toEqual(['b', 'a'])
  })

  it.each([
    [['sent', 'retry'] as SendResult[], 1, 1],
    [['rejected', 'sent'] as SendResult[], 1, 0],
  ])('stops at a retry and drops a rejected report (%j)', async (results, sentCount, waiting) => {
    const s = memory()
    enqueue(s, report('a'))
    enqueue(s, report('b'))
    let i = 0
    const r = await flush(s, async () => results[i++]!)
    expect([r.sent, r.waiting]).toEqual([sentCount, waiting])
  })

  it('survives a corrupted store', () => {
    const s = memory()
    s.setItem('gridsight.outbox', '{not json')
    expect(readOutbox(s)).toEqual([])
  })
})

describe('newClientId', () => {
  it('makes distinct v4 UUIDs', () => {
    const a = newClientId()
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(newClientId()).not.toBe(a)
  })
})
