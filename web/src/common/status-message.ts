/** The line a page shows after a write: what was done, or why it was not. */
export interface StatusMessage { kind: 'ok' | 'error'; text: string }

/** `已<verb>` (or `done` when given), or `未能<verb>：<the server's reason>`. */
export function outcome(ok: boolean, verb: string, reason?: string, done?: string): StatusMessage {
  return ok ? { kind: 'ok', text: done ?? `已${verb}` } : { kind: 'error', text: `未能${verb}：${reason}` }
}
