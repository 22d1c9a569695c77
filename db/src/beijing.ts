import { TIME_ZONE } from '@gridsight/contract'
import { type RawBuilder, sql } from 'kysely'

/** Beijing days in SQL, with the contract's time zone (never a hand-written +8 h). */

/** The Beijing calendar day of a timestamptz, as 'YYYY-MM-DD'. */
export const beijingDaySql = (t: RawBuilder<unknown>) => sql<string>`to_char((${t}) at time zone ${sql.lit(TIME_ZONE)}, 'YYYY-MM-DD')`

/** The moment the Beijing day of a timestamptz began. */
export const startOfBeijingDaySql = (t: RawBuilder<unknown>) =>
  sql<Date>`(date_trunc('day', (${t}) at time zone ${sql.lit(TIME_ZONE)}) at time zone ${sql.lit(TIME_ZONE)})`
