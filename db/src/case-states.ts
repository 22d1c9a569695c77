import { CLOSED_STATUSES, PAUSED_STATUSES, REFUSED_STATUSES } from '@gridsight/contract'
import { type RawBuilder, sql } from 'kysely'

/**
 * The contract's case standing (closed, paused, merged, overdue, late, on time, due — see
 * db/contract/src/case-states.ts) as SQL predicates on an incident alias, so every query counts alike.
 * `at` is the moment of judgement (now() unless a replay or a report says otherwise). Each is true or false, never null.
 */
const quoted = (xs: readonly string[]) => sql.raw(xs.map((x) => `'${x}'`).join(', '))
const NOW = sql`now()`

export function caseStanding(alias = 'i') {
  const col = (c: string) => sql.ref(`${alias}.${c}`)
  const closed = sql<boolean>`${col('status')} in (${quoted(CLOSED_STATUSES)})`
  const paused = sql<boolean>`${col('status')} in (${quoted(PAUSED_STATUSES)})`
  const merged = sql<boolean>`${col('merged_into')} is not null`
  const refused = sql<boolean>`${col('status')} in (${quoted(REFUSED_STATUSES)})`
  const overdue = (at: RawBuilder<unknown> = NOW) =>
    sql<boolean>`coalesce(not ${closed} and not ${refused} and not ${paused} and not ${merged} and ${col('deadline')} < ${at}, false)`
  return {
    closed,
    /** Still being worked on: neither closed nor refused (不予受理). */
    open: sql<boolean>`not ${closed} and not ${refused}`,
    refused,
    paused,
    merged,
    /** 超期未结: open, clock running, deadline passed. */
    overdue,
    /** 按期结案. */
    closedOnTime: sql<boolean>`coalesce(${closed} and not ${merged} and (${col('deadline')} is null or ${col('closed_at')} <= ${col('deadline')}), false)`,
    /** 应结案: closed, or past its deadline with the clock running; never a merged duplicate. */
    due: (at: RawBuilder<unknown> = NOW) =>
      sql<boolean>`coalesce(not ${merged} and (${closed} or (not ${paused} and ${col('deadline')} <= ${at})), false)`,
  }
}

/** The map's colour class of a case: the index in STATUS_CLASSES (0 open, 1 overdue, 2 closed). */
export function statusClassSql(alias = 'i') {
  const s = caseStanding(alias)
  return sql<number>`case when ${s.closed} or ${s.refused} then 2 when ${s.overdue()} then 1 else 0 end`
}
