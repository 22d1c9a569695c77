import { describe, expect, it } from 'vitest'
import type { AlertSummary } from '../api/types'
import { applyAlert, boardFrom } from './alert-state'

const alert = (over: Partial<AlertSummary>): AlertSummary => ({
  id: 1, rule_code: 'collective.people', rule_name: '', severity: 'orange', status: 'raised', title: 't', detail: '', category_code: null,
  unit_code: null, unit_name: null, lon: 106.2, lat: 30, area: false, incident_count: 1, device_count: 0, raised_at: '2026-11-24T00:00:00Z',
  last_evidence_at: '2026-11-24T00:00:00Z', acknowledged_at: null, acknowledged_by: null, closed_at: null, closed_by: null, close_note: null,
  case_incident_id: null, version: 1, people: 0, place: { name: null, lon: 106.2, lat: 30 }, simulated: false, ...over,
})

describe('alert board', () => {
  it.each([
    ['a new red alert', alert({ severity: 'red' }), 1, true],
    ['a new orange alert', alert({}), 1, true],
    ['a new yellow alert', alert({ severity: 'yellow' }), 0, false],
    ['an acknowledged one', alert({ severity: 'red', status: 'acknowledged' }), 0, false],
  ])('banners and chimes for %s as expected', (_w, a, banner, chime) => {
    const r = applyAlert(boardFrom([]), a)
    expect(r.board.banner).toHaveLength(banner)
    expect(r.chime).toBe(chime)
    expect(r.board.open).toHaveLength(1)
  })

  it('clears the banner when the alert is acknowledged and drops it from the list when closed', () => {
    let b = applyAlert(boardFrom([]), alert({ severity: 'red' })).board
    b = applyAlert(b, alert({ severity: 'red', status: 'acknowledged', version: 2 })).board
    expect(b.banner).toHaveLength(0)
    expect(b.counts.red).toBe(1)
    b = applyAlert(b, alert({ severity: 'red', status: 'closed', version: 3 })).board
    expect(b.open).toHaveLength(0)
    expect(b.counts.red).toBe(0)
  })

  it('chimes again only when an alert escalates, and ignores stale versions', () => {
    let r = applyAlert(boardFrom([]), alert({ severity: 'yellow' }))
    r = applyAlert(r.board, alert({ severity: 'orange', version: 2 }))
    expect(r.chime).toBe(true)
    r = applyAlert(r.board, alert({ severity: 'orange', version: 3, incident_count: 2 }))
    expect(r.chime).toBe(false)
    expect(r.board.banner[0]!.incident_count).toBe(2)
    r = applyAlert(r.board, alert({ severity: 'yellow', version: 1 }))
    expect(r.board.open[0]!.version).toBe(3)
  })

  it('orders raised before acknowledged, then by severity', () => {
    const b = boardFrom([alert({ id: 1, severity: 'blue' }), alert({ id: 2, severity: 'red', status: 'acknowledged' }), alert({ id: 3, severity: 'yellow' })])
    expect(b.open.map((a) => a.id)).toEqual([3, 1, 2])
  })
})
