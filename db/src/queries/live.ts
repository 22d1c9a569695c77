import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely'
import type { Database, LiveEventType } from '../schema.js'

/** The channel on which writers announce new live events (ids only: NOTIFY payloads are small). */
export const LIVE_CHANNEL = 'gridsight_live'

/** Serializes event publication to commit order (pg_advisory_xact_lock key). */
const LIVE_LOCK = 73_050_117

/**
 * Appends a live event whose payload the given select builds, and announces it at commit.
 * Event ids must become visible in id order, or a reader that saw id n+1 commit before n would skip n:
 * the lock is held from here to commit (call this last in the transaction), so ids are taken in commit order.
 */
export async function publish<T>(trx: Transaction<Database>, type: LiveEventType, ref: { incident_id?: number; alert_id?: number },
  payloadSql: RawBuilder<unknown>): Promise<T> {
  // One statement: the lock (taken before the id is drawn), the event, and its announcement at commit to every
  // API process listening (LISTEN/NOTIFY).
  const r = await sql<{ payload: T | string; event_id: number }>`
    with locked as (select pg_advisory_xact_lock(${LIVE_LOCK}) as l),
    e as (
      insert into live_event (type, incident_id, alert_id, payload)
      select ${type}, ${ref.incident_id ?? null}::bigint, ${ref.alert_id ?? null}::bigint, (${payloadSql})::jsonb from locked
      returning id, payload)
    select payload, id::int as event_id, pg_notify(${LIVE_CHANNEL}, id::text) as notified from e`.execute(trx)
  const payload = r.rows[0]!.payload
  return typeof payload === 'string' ? JSON.parse(payload) : payload
}

export interface LiveEvent { id: number; type: LiveEventType; payload: unknown }

/** Live events after an id, in order (the SSE stream's replay and fan-out). */
export async function eventsAfter(db: Kysely<Database>, after: number, limit = 1000): Promise<LiveEvent[]> {
  const r = await sql<LiveEvent>`select id::int as id, type, payload from live_event where id > ${after} order by id limit ${limit}`.execute(db)
  return r.rows.map((e) => ({ ...e, payload: typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload }))
}

export async function lastEventId(db: Kysely<Database>): Promise<number> {
  const r = await sql<{ id: number }>`select coalesce(max(id), 0)::int as id from live_event`.execute(db)
  return r.rows[0]!.id
}
