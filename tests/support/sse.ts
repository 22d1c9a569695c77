import { get } from 'node:http'

export interface SseEvent { id: string; event: string; data: string }

/**
 * A minimal Server-Sent Events client (Node has no EventSource) on node:http, cheap enough for a benchmark to
 * follow a hundred streams: calls onEvent for each event; `ready` resolves at the server's 'ready' event;
 * close() ends it.
 */
export function openStream(url: string, onEvent: (e: SseEvent) => void, lastEventId?: string) {
  let markReady: () => void = () => {}
  const ready = new Promise<void>((r) => { markReady = r })
  let markDone: () => void = () => {}
  const done = new Promise<void>((r) => { markDone = r })
  const req = get(url, { headers: { accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } }, (res) => {
    res.setEncoding('utf8')
    let buf = ''
    res.on('data', (chunk: string) => {
      buf += chunk
      let start = 0
      let end: number
      while ((end = buf.indexOf('\n\n', start)) >= 0) {
        let id = ''
        let event = ''
        let data = ''
        for (let i = start; i < end;) {
          let nl = buf.indexOf('\n', i)
          if (nl < 0 || nl > end) nl = end
          const colon = buf.indexOf(':', i)
          if (colon > i && colon < nl) {
            const value = buf.slice(buf.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1, nl)
            switch (buf.slice(i, colon)) {
              case 'id': id = value; break
              case 'event': event = value; break
              case 'data': data = value; break
            }
          }
          i = nl + 1
        }
        start = end + 2
        if (event === 'ready') markReady()
        else if (event) onEvent({ id, event, data })
      }
      buf = buf.slice(start)
    })
    res.on('end', markDone)
    res.on('error', markDone)
  })
  req.on('error', markDone)
  req.on('close', markDone)
  return { ready, close: async () => { req.destroy(); await done } }
}
