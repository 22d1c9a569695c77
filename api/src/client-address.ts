import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'

/**
 * Where a request comes from and how it arrived. Behind `trustedProxies` reverse proxies, the X-Forwarded-* headers
 * they add are believed, counted from the right (a client can put anything on the left); otherwise only the socket.
 */

/** The last `trusted` proxies' view of a forwarded header: the entry the outermost of them added. */
function forwarded(c: Context, header: string, trusted: number): string | undefined {
  if (trusted <= 0) return undefined
  const hops = (c.req.header(header) ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  return hops.length ? hops[Math.max(0, hops.length - trusted)] : undefined
}

/** The client's address; null when it is unknown (a request made in-process, as tests do). */
export function clientAddress(c: Context, trustedProxies: number): string | null {
  const address = forwarded(c, 'x-forwarded-for', trustedProxies) ?? socketAddress(c)
  // An IPv4 client on a dual-stack socket reads ::ffff:1.2.3.4; one client, one spelling. Bounded: it is stored.
  return address ? address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '').slice(0, 64) : null
}

function socketAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null
  } catch {
    return null // no Node socket behind this request (app.request in-process)
  }
}

/** The request reached us (or the trusted proxy) over https. */
export function overHttps(c: Context, trustedProxies: number): boolean {
  return new URL(c.req.url).protocol === 'https:' || forwarded(c, 'x-forwarded-proto', trustedProxies)?.toLowerCase() === 'https'
}

/** The host the client addressed (host:port), as the browser would put it in Origin. */
export function requestHost(c: Context, trustedProxies: number): string {
  return (forwarded(c, 'x-forwarded-host', trustedProxies) ?? c.req.header('host') ?? new URL(c.req.url).host).toLowerCase()
}
