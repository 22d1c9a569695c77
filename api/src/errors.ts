import { DomainError, type ErrorBody, type ErrorKind } from '@gridsight/contract'
import { describeError } from '@gridsight/db'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** The one place that knows which HTTP status a domain error is. */
const STATUS: Record<ErrorKind, ContentfulStatusCode> = {
  bad_request: 400, unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409, too_large: 413,
  unsupported_media_type: 415, unprocessable: 422, too_many_requests: 429,
}

const body = (code: string, message: string): ErrorBody => ({ error: { code, message } })

/** Every failure as the one JSON shape; anything unexpected is a 500 that says nothing was applied. */
export function renderError(err: Error, c: Context) {
  if (err instanceof DomainError) return c.json(body(err.code, err.message), STATUS[err.kind])
  if (err instanceof HTTPException) {
    return c.json(body(err.status === 413 ? 'too_large' : 'http_error', err.message || 'request failed'), err.status as ContentfulStatusCode)
  }
  // Never the error object itself: database errors carry the query's parameters (personal data, passwords).
  console.error(`GridSight: ${c.req.method} ${c.req.path} failed: ${describeError(err)}`)
  return c.json(body('internal', 'internal error; the request was not applied'), 500)
}
