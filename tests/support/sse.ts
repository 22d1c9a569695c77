import { get } from 'node:http'
import { createParser } from 'eventsource-parser'

export interface SseEvent { id: string; event: string; data: string }

/**
 * A minimal Server-Sent Events client (Node has no EventSource): node:http and eventsource-parser, cheap enough for a
 * benchmark to follow a hundred streams. Calls onEvent for each event; `ready` resolves at the server's 'ready'
 * event; close() ends it. With a session token, as that user (screens and the public see less: README "Who sees what").
 */
export function openStream(url: string, onEvent: (e: SseEvent) => void, lastEventId?: string, token?: string) {
  let markReady: () => void = () => {}
  const ready = new Promise<void>((r) => { markReady = r })
  let markDone: () => void = () => {}
  const done = new Promise<void>((r) => { markDone = r })
  const parser = createParser({
    onEvent: (e) => {
      if (e.event === 'ready') markReady()
      else if (e.event) onEvent({ id: e.id ?? '', event: e.event, data: e.data })
    },
  })
  const req = get(url, { headers: { accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) } }, (res) => {
    res.setEncoding('utf8')
    res.on('data', (chunk: string) => parser.feed(chunk))
    res.on('end', markDone)
    res.on('error', markDone)
  })
  req.on('error', markDone)
  req.on('close', markDone)
  return { ready, close: async () => { req.destroy(); await done } }
}
