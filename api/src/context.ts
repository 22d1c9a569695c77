import type { Db } from '@gridsight/db'

/** What every route can reach: the open database. */
export type AppEnv = { Variables: { db: Db } }
