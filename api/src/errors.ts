import { cases } from '@gridsight/db'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** The API's one error type: a status, a stable code and a human message, rendered as one JSON shape. */
export class ApiError extends HTTPException {
  constructor(status: ContentfulStatusCode, readonly code: string, message: string) {
    super(status, { message })
  }
  toJSON() {
    return { error: { code: this.code, message: this.message } }
  }
}

export const badRequest = (message: string, code = 'bad_request') => new ApiError(400, code, message)
export const notFound = (message: string, code = 'not_found') => new ApiError(404, code, message)

/** A refusal from the domain layer (workflow, alerts, devices) as an API error; anything else rethrown. */
export function caseError(e: unknown): never {
  if (e instanceof cases.CaseError) throw new ApiError(e.status, e.code, e.message)
  throw e
}

export function renderError(err: Error, c: Context) {
  if (err instanceof ApiError) return c.json(err.toJSON(), err.status)
  if (err instanceof HTTPException) {
    return c.json({ error: { code: err.status === 413 ? 'too_large' : 'http_error', message: err.message || 'request failed' } }, err.status)
  }
  console.error(err)
  return c.json({ error: { code: 'internal', message: 'internal error; the request was not applied' } }, 500)
}
