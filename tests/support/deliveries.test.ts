import { describe, expect, it } from 'vitest'
import { allDelivered, ScreenLog } from './deliveries.js'

const created = (eventId: number, caseId: number) => ({ id: String(eventId), event: 'incident.created', data: `{"id": ${caseId}, "title": "x"}` })
const updated = (eventId: number, caseId: number) => ({ id: String(eventId), event: 'incident.updated', data: `{"id": ${caseId}, "title": "x"}` })

/**
 * The live benchmark's account (tests/bench/live.ts): the last reports of a burst were counted lost on screens that
 * had them a moment later, because a screen looked done once it had received as many incident events as there were
 * posts, and the overdue sweep's updates of older cases ride the same stream.
 */
describe("the live benchmark's delivery account", () => {
  it('waits for every posted case, whatever else the stream carried', () => {
    const posted = new Map([[501, 0], [502, 0], [503, 0]])
    const screen = new ScreenLog()
    screen.record(created(10, 501), 1)
    // The sweep escalates two old overdue cases meanwhile; an alert is raised.
    screen.record(updated(11, 17), 2)
    screen.record(updated(12, 18), 3)
    screen.record({ id: '13', event: 'alert.raised', data: '{"id": 4}' }, 4)
    screen.record(created(14, 502), 5)
    expect(allDelivered(posted, [screen])).toBe(false)
    expect(screen.missing(posted.keys())).toEqual([503])
    // The burst's last batch arrives.
    screen.record(created(15, 503), 6)
    expect(allDelivered(posted, [screen])).toBe(true)
    expect(screen.missing(posted.keys())).toEqual([])
    expect(screen.received.get(503)).toBe(6)
    expect(screen.lastId).toBe('15')
  })

  it('is not done while one screen of several lacks a case', () => {
    const posted = new Map([[1, 0], [2, 0]])
    const [a, b] = [new ScreenLog(), new ScreenLog()]
    for (const s of [a, b]) s.record(created(1, 1), 0)
    a.record(created(2, 2), 0)
    b.record(updated(2, 9), 0)
    b.record(updated(3, 8), 0)
    expect(allDelivered(posted, [a, b])).toBe(false)
    b.record(created(4, 2), 0)
    expect(allDelivered(posted, [a, b])).toBe(true)
  })

  it('counts an event received again (a resumed stream replaying too far) as a duplicate, not an update of the same case', () => {
    const screen = new ScreenLog()
    screen.record(created(1, 7), 0)
    screen.record(updated(2, 7), 0)
    expect(screen.duplicates).toBe(0)
    screen.record(updated(2, 7), 0)
    expect(screen.duplicates).toBe(1)
  })
})
