import type { Db, Role } from '@gridsight/db'
import type { LiveHub } from './live.js'

export interface SessionUser { id: number; username: string; display_name: string; role: Role; department_code: string | null; grid_code: string | null }

/** What every route can reach: the open database, the live hub, and the logged-in user if any. */
export type AppEnv = { Variables: { db: Db; hub: LiveHub; user?: SessionUser } }
