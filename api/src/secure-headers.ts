import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import type { AppEnv } from './context.js'

const common = {
  xFrameOptions: 'DENY',
  // No address of a case, a person or a token leaves in a Referer.
  referrerPolicy: 'same-origin',
  // Sent on every answer; browsers heed it only over https.
  strictTransportSecurity: 'max-age=15552000',
} as const

/**
 * Security headers on every answer. The web app's pages: scripts only from our own files (Vite inlines none), styles
 * may be inline (Vue and MapLibre set element styles, ECharts' tooltips carry style attributes), MapLibre's workers
 * and images come from blob:/data: URLs, and the configured base map's host serves tiles. API answers load nothing.
 * Personal answers — anything answered to a signed-in user, and every sign-in answer — are never stored by a cache.
 */
export function securityHeaders(basemapUrl: string | null): MiddlewareHandler<AppEnv> {
  const basemap = basemapUrl ? [new URL(basemapUrl.replace(/\{[a-z]+\}/gi, '0')).origin] : []
  const page = secureHeaders({
    ...common,
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:', ...basemap],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", ...basemap],
      workerSrc: ["'self'", 'blob:'],
      childSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  })
  const api = secureHeaders({ ...common, contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } })
  return async (c, next) => {
    const isApi = c.req.path.startsWith('/api/')
    await (isApi ? api : page)(c, next)
    if (isApi && (c.get('user') || c.req.path.startsWith('/api/auth/'))) c.header('Cache-Control', 'no-store')
  }
}
