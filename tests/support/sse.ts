export interface SseEvent { id: string; event: string; data: string }

/**
 * A minimal Server-Sent Events client over fetch (Node has no EventSource): calls onEvent for each
 * event; `ready` resolves at the server's 'ready' event; close() ends it.
 */
export function openStream(url: string, onEvent: (e: SseEvent) => void, lastEventId?: string) {
  const ctrl = new AbortController()
  let markReady: () => void = () => {}
  const ready = new Promise<void>((r) => { markReady = r })
  const done = (async () => {
    const res = await fetch(url, { headers: lastEventId ? { 'last-event-id': lastEventId } : {}, signal: ctrl.signal })
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let buf = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      buf += decoder.decode(value, { stream: true })
      let i
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i)
        buf = buf.slice(i + 2)
        const field = (k: string) => block.split('\n').find((l) => l.startsWith(`${k}:`))?.slice(k.length + 1).trim() ?? ''
        const event = field('event')
        if (event === 'ready') markReady()
        else if (event) onEvent({ id: field('id'), event, data: field('data') })
      }
    }
  })().catch(() => { /* aborted */ })
  return { ready, close: async () => { ctrl.abort(); await done } }
}
