import { MAX_REPLAY_EVENTS, MAX_REPLAY_HOURS } from '@gridsight/contract'
import { live, type Db } from '@gridsight/db'
import type { LiveHub } from './live.js'

/** Why a stream does not resume where the screen asked: an id the log never reached, or too much to replay. */
export type ResetReason = 'unknown_event' | 'too_far_behind'

/**
 * Where a stream starts. Without Last-Event-ID: after the newest event. With one: after it, unless the log never had
 * it (a database re-created under a running wall: without a reset the wall would wait forever for ids that will not
 * come again) or it is so far behind that a replay would cost more than reloading (more than MAX_REPLAY_EVENTS
 * events or MAX_REPLAY_HOURS hours). Then the stream starts after the newest event and first sends a `reset`: the
 * screen reloads its state.
 */
export async function resumePoint(db: Db, hub: LiveHub, lastEventId: string | undefined): Promise<{ cursor: number; reset: ResetReason | null }> {
  if (!lastEventId || !/^[0-9]{1,18}$/.test(lastEventId)) return { cursor: hub.lastId, reset: null }
  const asked = Number(lastEventId)
  // Another process may have written past this hub's last read: only the log itself says an id is from the future.
  const newest = asked > hub.lastId ? await live.lastEventId(db.kysely) : hub.lastId
  // The screen re-reads its state after the reset, which holds every event up to the log's newest: go on from there
  // (this hub may not have read the newest yet; its later batches up to it are in the re-read, not sent twice).
  if (asked > newest) return { cursor: newest, reset: 'unknown_event' }
  if (asked === newest) return { cursor: asked, reset: null }
  const { events, oldest } = await live.replayExtent(db.kysely, asked, MAX_REPLAY_EVENTS)
  const tooOld = oldest !== null && Date.now() - oldest.getTime() > MAX_REPLAY_HOURS * 3_600_000
  if (events > MAX_REPLAY_EVENTS || tooOld) return { cursor: hub.lastId, reset: 'too_far_behind' }
  return { cursor: asked, reset: null }
}
