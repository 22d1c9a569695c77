import { describe, expect, it } from 'vitest'
import { followLiveFeed, type LiveSource } from './live-feed'

/** A stand-in for the browser's EventSource: the same events, dispatched by the test. */
class Source extends EventTarget implements LiveSource {
  onerror: ((e: Event) => void) | null = null
  send(type: string, data: unknown = {}) { this.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data) })) }
}

describe('the live feed of a screen', () => {
  const follow = () => {
    const source = new Source()
    const seen: string[] = []
    followLiveFeed(source, {
      incident: (type, i) => seen.push(`${type} ${i.id}`),
      alert: (a) => seen.push(`alert ${a.id}`),
      reset: () => seen.push('reset'),
      connected: (on) => seen.push(on ? 'ready' : 'lost'),
    })
    return { source, seen }
  }

  it('re-reads its state when the server cannot resume (a re-created database), and goes on live after it', () => {
    const { source, seen } = follow()
    source.send('incident.created', { id: 7 })
    source.onerror!(new Event('error'))
    source.send('reset', { lastEventId: 3, reason: 'unknown_event' })
    source.send('ready', { lastEventId: 3 })
    source.send('incident.updated', { id: 8 })
    source.send('alert.raised', { id: 2 })
    expect(seen).toEqual(['incident.created 7', 'lost', 'reset', 'ready', 'incident.updated 8', 'alert 2'])
  })
})
