import { describe, expect, it } from 'vitest'
import { queueOrder } from './queue'

describe('dispatch queue', () => {
  it('puts overdue first, then new cases, then the rest, newest first', () => {
    const items: { id: number; status: 'handling' | 'reported' | 'dispatched'; overdue: boolean; reported_at: string; priority: number }[] = [
      { id: 1, status: 'handling', overdue: false, reported_at: '2026-11-24T01:00:00Z', priority: 1 },
      { id: 2, status: 'reported', overdue: false, reported_at: '2026-11-24T00:00:00Z', priority: 1 },
      { id: 3, status: 'dispatched', overdue: true, reported_at: '2026-11-20T00:00:00Z', priority: 1 },
      { id: 4, status: 'reported', overdue: false, reported_at: '2026-11-24T02:00:00Z', priority: 1 },
      { id: 5, status: 'reported', overdue: false, reported_at: '2026-11-23T02:00:00Z', priority: 3 },
    ]
    expect(queueOrder(items).map((i) => i.id)).toEqual([3, 5, 4, 2, 1])
  })
})
