import type { Db, Role } from '@gridsight/db'
import type { LiveHub } from './live.js'
import type { WarningRunner } from './warning.js'

export interface SessionUser { id: number; username: string; display_name: string; role: Role; department_code: string | null; grid_code: string | null }

/** What every route can reach: the open database, the live hub, the early-warning runner, and the logged-in user if any. */
export type AppEnv = { Variables: { db: Db; hub: LiveHub; warn: WarningRunner; user?: SessionUser } }
