import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './context.js'
import { sameOriginWrites } from './csrf.js'
import { securityHeaders } from './secure-headers.js'
import type { SignInSettings } from './sign-in-settings.js'

/**
 * What every request passes first, pages and API alike (app.ts mounts them in one line): the sign-in settings in
 * the context, the security headers on the answer (also on refusals), and the same-origin check of writes.
 */
export function webSecurity(signIn: SignInSettings, basemapUrl: string | null): MiddlewareHandler<AppEnv>[] {
  return [
    async (c, next) => {
      c.set('signIn', signIn)
      await next()
    },
    securityHeaders(basemapUrl),
    sameOriginWrites(signIn.trustedProxies),
  ]
}
