import { inLane, type Lane } from '@gridsight/db'
import type { MiddlewareHandler } from 'hono'

/** Big reads: the whole district's points, density, tiles and statistics. They queue behind everything else. */
const HEAVY: RegExp[] = [/^\/api\/incidents\/points$/, /^\/api\/households\/density$/, /^\/api\/tiles\//, /^\/api\/stats\//,
  /^\/api\/units\/geojson$/, /^\/api\/grids\/geojson$/]
/** Reads that must answer while the heavy ones queue. */
const FIRST: RegExp[] = [/^\/api\/health$/]

/** The lane (db/src/lanes.ts) of a request: writes and health first, big reads last, the rest between. */
export function laneOf(method: string, path: string): Lane {
  if (method !== 'GET' && method !== 'HEAD') return 'first'
  if (FIRST.some((r) => r.test(path))) return 'first'
  return HEAVY.some((r) => r.test(path)) ? 'heavy' : 'light'
}

/** Runs each request's database work in its lane; reads are bounded by the server's statement timeout. */
export const lanes: MiddlewareHandler = (c, next) => {
  const read = c.req.method === 'GET' || c.req.method === 'HEAD'
  return inLane({ lane: laneOf(c.req.method, c.req.path), bounded: read }, next)
}
