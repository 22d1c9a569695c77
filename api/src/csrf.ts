import { DomainError } from '@gridsight/contract'
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { SESSION_COOKIE } from './auth.js'
import { requestHost } from './client-address.js'
import type { AppEnv } from './context.js'

/** The requests that put a session into the browser: a cross-site page must not log a victim in (or plant its own). */
const STARTS_SESSION = new Set(['/api/auth/login', '/api/auth/session'])

/**
 * Cross-site request forgery: a write that the browser authenticates by itself (the session cookie, no Bearer token)
 * or that starts a session must come from a page of this origin. Browsers say where a request comes from in
 * Sec-Fetch-Site (all current ones) or Origin; a request with neither is not a browser's (devices, scripts) or from a
 * browser too old for them, where the SameSite=Lax cookie still stays off cross-site posts. Behind this, the JSON
 * bodies of login and session are taken only as application/json (validate.ts), which a form of another site cannot
 * send without asking (CORS), and nobody is ever granted.
 */
export function sameOriginWrites(trustedProxies: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS' || !c.req.path.startsWith('/api/')) return next()
    const startsSession = STARTS_SESSION.has(c.req.path)
    const byCookie = !c.req.header('authorization') && getCookie(c, SESSION_COOKIE) !== undefined
    if ((startsSession || byCookie) && !fromSameOrigin(c, trustedProxies)) {
      throw new DomainError('forbidden', '拒绝跨站请求：请在本系统的页面上操作', 'cross_site_request')
    }
    await next()
  }
}

function fromSameOrigin(c: Context, trustedProxies: number): boolean {
  const site = c.req.header('sec-fetch-site')?.toLowerCase()
  // 'none': the user's own action (typed address, bookmark); 'same-site' is another origin (a sibling subdomain).
  if (site) return site === 'same-origin' || site === 'none'
  const origin = c.req.header('origin')
  if (origin === undefined) return true
  try {
    return new URL(origin).host.toLowerCase() === requestHost(c, trustedProxies)
  } catch {
    return false // 'null' (a sandboxed frame, a redirect across sites) or garbage
  }
}
