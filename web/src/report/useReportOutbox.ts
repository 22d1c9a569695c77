import { onBeforeUnmount, onMounted, ref } from 'vue'
import { api, ApiFailure } from '../api/client'
import type { StatusMessage } from '../common/status-message'
import { flushMessage, sendResult } from './filing'
import { enqueue, flush, type OutgoingReport, readOutbox, type SendResult } from './outbox'

/**
 * The phone's outbox at work: a report waits on the phone until the server has it, and goes when filed, when the
 * network returns, and every 10 s while any wait.
 */
export function useReportOutbox(o: { notify: (m: StatusMessage) => void; signedOut: () => void; sent: () => void }) {
  const waiting = ref(readOutbox(window.localStorage).length)
  let retry: number | undefined

  async function sendOne(r: OutgoingReport): Promise<SendResult> {
    const { createdAt: _created, ...body } = r
    try {
      await api.incidents.$post({ json: body })
      return 'sent'
    } catch (e) {
      // No answer at all (offline) waits like a signed-out phone or a server error; a refusal is final and said.
      const status = e instanceof ApiFailure ? e.status : 0
      if (status === 401) o.signedOut()
      const result = status === 0 ? 'retry' : sendResult(status)
      if (result === 'rejected') o.notify({ kind: 'error', text: `上报被拒绝：${(e as ApiFailure).detail}` })
      return result
    }
  }
  async function send() {
    const r = await flush(window.localStorage, sendOne)
    waiting.value = r.waiting
    const m = flushMessage(r)
    if (m) o.notify(m)
    if (r.sent) o.sent()
  }
  /** Keeps a report on the phone and sends what waits; false when the phone's storage is full. */
  function file(r: OutgoingReport): boolean {
    try {
      enqueue(window.localStorage, r)
    } catch {
      o.notify({ kind: 'error', text: '手机存储已满：请删去照片或待已保存的上报发出后再试' })
      return false
    }
    waiting.value = readOutbox(window.localStorage).length
    void send()
    return true
  }

  onMounted(() => {
    window.addEventListener('online', send)
    retry = window.setInterval(() => { if (waiting.value) void send() }, 10_000)
  })
  onBeforeUnmount(() => {
    window.removeEventListener('online', send)
    window.clearInterval(retry)
  })
  return { waiting, send, file }
}
