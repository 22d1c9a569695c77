import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely'
import { fromJson } from '../json.js'
import type { LiveEventType } from '@gridsight/contract'
import type { Database } from '../schema.js'

/** The channel on which writers announce new live events (ids only: NOTIFY payloads are small). */
export const LIVE_CHANNEL = 'gridsight_live'

/** Serializes event publication to commit order (pg_advisory_xact_lock key). */
const LIVE_LOCK = 73_050_117

/**
 * The CTEs `published` and `announced` that append one live event per row of `from` and announce each at commit
 * (LISTEN/NOTIFY); the statement must select from `announced`, or nothing is announced. Event ids must become
 * visible in id order, or a reader that saw id n+1 commit before n would skip n: the advisory lock is taken before
 * an id is drawn and held to commit (publish last in a transaction), so ids are taken in commit order.
 */
export function publishCtes(type: LiveEventType, from: RawBuilder<unknown>, ref: { incident_id: RawBuilder<unknown> | null; alert_id: RawBuilder<unknown> | null },
  payloadSql: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`live_lock as (select pg_advisory_xact_lock(${LIVE_LOCK}) as locked),
    published as (
      insert into live_event (type, incident_id, alert_id, payload)
      select ${type}, ${ref.incident_id ?? sql`null`}::bigint, ${ref.alert_id ?? sql`null`}::bigint, (${payloadSql})::jsonb from ${from}, live_lock
      returning id, payload),
    announced as (select id::int as event_id, payload, pg_notify(${LIVE_CHANNEL}, id::text) as notified from published)`
}

/** Appends a live event whose payload the given select builds, and announces it at commit (call it last in the transaction). */
export async function publish<T>(trx: Transaction<Database>, type: LiveEventType, ref: { incident_id?: number; alert_id?: number },
  payloadSql: RawBuilder<unknown>): Promise<T> {
  const r = await sql<{ payload: T | string; event_id: number }>`
    with ${publishCtes(type, sql`(select 1) one`, { incident_id: ref.incident_id ? sql`${ref.incident_id}` : null, alert_id: ref.alert_id ? sql`${ref.alert_id}` : null }, sql`(${payloadSql})`)}
    select payload, event_id from announced`.execute(trx)
  return fromJson(r.rows[0]!.payload)
}

/** An event of the log; origin is the application_name of the connection that wrote it (Db.origin of its process). */
export interface LiveEvent { id: number; type: LiveEventType; payload: unknown; origin: string }

/** Live events after an id, in order (the SSE stream's replay and fan-out). */
export async function eventsAfter(db: Kysely<Database>, after: number, limit = 1000): Promise<LiveEvent[]> {
  const r = await sql<LiveEvent>`select id::int as id, type, payload, origin from live_event where id > ${after} order by id limit ${limit}`.execute(db)
  return r.rows.map((e) => ({ ...e, payload: fromJson(e.payload) }))
}

export async function lastEventId(db: Kysely<Database>): Promise<number> {
  const r = await sql<{ id: number }>`select coalesce(max(id), 0)::int as id from live_event`.execute(db)
  return r.rows[0]!.id
}

/** How far a replay after an id would reach: its events (counted up to `cap` + 1) and when the first of them was written. */
export async function replayExtent(db: Kysely<Database>, after: number, cap: number): Promise<{ events: number; oldest: Date | null }> {
  const r = await sql<{ events: number; oldest: Date | string | null }>`
    select count(*)::int as events, min(at) as oldest from (select at from live_event where id > ${after} order by id limit ${cap + 1}) e`.execute(db)
  const { events, oldest } = r.rows[0]!
  return { events, oldest: oldest === null ? null : new Date(oldest) }
}
