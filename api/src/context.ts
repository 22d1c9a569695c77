import type { Db, SessionUser } from '@gridsight/db'
import type { DistrictSummary } from './district.js'
import type { LiveHub } from './live.js'
import type { PrivacyPolicy } from './privacy.js'
import type { SignInSettings } from './sign-in-settings.js'
import type { WarningRunner } from './warning.js'

export type { SessionUser }

/**
 * What every route can reach: the open database, the live hub, the early-warning runner, the deployment's default
 * district, the privacy policy, the sign-in settings, and the logged-in user if any.
 */
export type AppEnv = { Variables: { db: Db; hub: LiveHub; warn: WarningRunner; district: () => Promise<DistrictSummary>; privacy: PrivacyPolicy; signIn: SignInSettings; user?: SessionUser } }
