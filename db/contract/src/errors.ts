/**
 * The one domain error. The domain layer (queries, workflow, rules) and the API's checks throw it with a kind and a
 * stable code; only the API's error handler knows which HTTP status a kind is. Clients read the code and message
 * from the one error body `{ "error": { "code", "message" } }`.
 */
export const ERROR_KINDS = [
  'bad_request', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'too_large', 'unsupported_media_type',
  /** The input is well-formed but cannot be taken: a point outside the district, an invalid geometry. */
  'unprocessable',
  /** Too many attempts (failed logins): wait, or an administrator lifts the lock. */
  'too_many_requests',
] as const
export type ErrorKind = (typeof ERROR_KINDS)[number]

export class DomainError extends Error {
  /** kind decides the status; code is what the client sees (defaults to the kind), e.g. 'not_your_case', 'outside_district'. */
  constructor(readonly kind: ErrorKind, message: string, readonly code: string = kind) {
    super(message)
    this.name = 'DomainError'
  }
}

/** The error body every failed request answers with. */
export interface ErrorBody { error: { code: string; message: string } }
