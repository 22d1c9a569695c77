import type { IncomingMessage } from 'node:http'
import { DEFAULT_BODY_BYTES, DomainError, textProblem } from '@gridsight/contract'
import type { Context, Env, MiddlewareHandler, ValidationTargets } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { createMiddleware } from 'hono/factory'
import { matchedRoutes } from 'hono/route'
import { findTargetHandler } from 'hono/utils/handler'
import type { InferInput } from 'hono/validator'
import { resolver, uniqueSymbol } from 'hono-openapi'
import type { z } from 'zod'

type Target = 'query' | 'param' | 'json'

/** How a JSON body may come: `maxBytes` (default DEFAULT_BODY_BYTES); `untyped`: devices may send it without a Content-Type. */
export interface JsonOptions { maxBytes?: number; untyped?: boolean }

/** A route that reads no body takes at most this much (a client's stray `{}`). */
export const NO_BODY_BYTES = 1024
const BODY_LIMIT = Symbol('body limit')
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i
/** Keys that would reach an object's prototype in some consumer; no body of ours has them. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/** The Node request behind a request served over HTTP (@hono/node-server); none under app.request() (tests). */
const nodeRequest = (c: Context): IncomingMessage | undefined => (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
/** Requests whose body limitBody checked by their Content-Length: readJson reads them from Node itself. */
const sized = new WeakSet<IncomingMessage>()
const utf8 = new TextDecoder()

/** A body as text, as Request.text() gives it (UTF-8, a BOM dropped). */
async function bodyText(c: Context): Promise<string> {
  const incoming = nodeRequest(c)
  if (!incoming || !sized.has(incoming)) return c.req.text()
  const chunks: Buffer[] = []
  for await (const chunk of incoming) chunks.push(chunk as Buffer)
  return utf8.decode(Buffer.concat(chunks))
}

/**
 * A JSON body: absent (no bytes) is `undefined`, which optional bodies take; present, it must be sent as
 * application/json (415 otherwise; devices may send no Content-Type) and be JSON (400) without prototype keys (400).
 */
async function readJson(c: Context, o: JsonOptions): Promise<unknown> {
  const type = c.req.header('content-type')
  const unsupported = (what: string) => new DomainError('unsupported_media_type', `send the body as application/json, not ${what}`, 'json_required')
  if (type && !JSON_TYPE.test(type)) throw unsupported(type.split(';')[0]!.trim() || 'an empty Content-Type')
  const body = await bodyText(c)
  if (body === '') return undefined
  if (!type && !o.untyped) throw unsupported('a body without Content-Type')
  try {
    return JSON.parse(body, (key, value: unknown) => {
      if (PROTOTYPE_KEYS.has(key)) throw new DomainError('bad_request', `the body may not have a key named ${key}`, 'invalid_body')
      return value
    })
  } catch (e) {
    if (e instanceof DomainError) throw e
    // The parser's message quotes the body (a password, perhaps): not repeated.
    throw new DomainError('bad_request', 'the body is not valid JSON', 'invalid_body')
  }
}

/** Query-string and path values follow the contract's text rule too: no control or bidi characters anywhere. */
function readValues(values: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(values)) {
    const problem = textProblem(value)
    if (problem) throw new DomainError('bad_request', `${name}: ${problem}`, 'invalid_parameter')
  }
  return values
}

const READ: Record<Target, (c: Context, o: JsonOptions) => unknown> = {
  query: (c) => readValues(c.req.query()),
  param: (c) => readValues(c.req.param() as Record<string, string>),
  json: readJson,
}

/**
 * Validates one part of the request with a schema of the contract (a failure is a 400 naming the first problem,
 * in the one error shape), hands the parsed value to the handler (`c.req.valid(target)`), types the typed client's
 * input, and describes the input in the OpenAPI document.
 */
function validated<T extends Target, S extends z.ZodType>(target: T, schema: S, o: JsonOptions = {}) {
  type In = z.input<S>
  type I = {
    in: { [K in T]: K extends 'json' ? In : InferInput<In, K> }
    out: { [K in T]: z.output<S> }
  }
  const code = target === 'json' ? 'invalid_body' : 'invalid_parameter'
  const middleware = createMiddleware<Env, string, I>(async (c, next) => {
    const raw = await READ[target](c, o)
    const notAnObject = target === 'json' && (raw === null || typeof raw !== 'object')
    if (notAnObject && raw !== undefined) throw new DomainError('bad_request', 'the body must be a JSON object', code)
    const r = await schema.safeParseAsync(raw)
    if (!r.success) {
      // No body at all is fine where the schema allows it (optional steps); otherwise it is no JSON object.
      if (notAnObject) throw new DomainError('bad_request', 'the body must be a JSON object', code)
      const issue = r.error.issues[0]!
      throw new DomainError('bad_request', `${issue.path.join('.') || (target === 'json' ? 'body' : 'query')}: ${issue.message}`, code)
    }
    c.req.addValidatedData(target as keyof ValidationTargets, r.data as never)
    await next()
  })
  const limit = target === 'json' ? { [BODY_LIMIT]: o.maxBytes ?? DEFAULT_BODY_BYTES } : {}
  return Object.assign(middleware, limit, { [uniqueSymbol]: { target, ...resolver(schema) } })
}

export const query = <S extends z.ZodType>(schema: S) => validated('query', schema)
export const params = <S extends z.ZodType>(schema: S) => validated('param', schema)
export const json = <S extends z.ZodType>(schema: S, o?: JsonOptions) => validated('json', schema, o)

/** The body limit a route declares with its json() validator, or NO_BODY_BYTES. */
export function declaredBodyLimit(handlers: readonly unknown[]): number {
  for (const h of handlers) {
    const limit = (findTargetHandler(h as never) as unknown as Record<symbol, number | undefined>)[BODY_LIMIT]
    if (limit !== undefined) return limit
  }
  return NO_BODY_BYTES
}

/**
 * Every request's body is limited to what its route takes (413 beyond, before anything reads it): the route's json()
 * validator declares it; a route that reads no body takes NO_BODY_BYTES. Over HTTP, a request that is not chunked
 * is judged by its Content-Length (none: no body) from the Node request: hono's bodyLimit asks the web Request, and
 * that builds one (undici's, with an AbortController and a web stream of the body) for every request, GETs too.
 */
export const limitBody: MiddlewareHandler = (c, next) => {
  const maxSize = declaredBodyLimit(matchedRoutes(c).map((r) => r.handler))
  const tooLarge = () => { throw new DomainError('too_large', `the body of ${c.req.method} ${c.req.path} may be at most ${maxSize} bytes`, 'too_large') }
  const incoming = nodeRequest(c)
  if (incoming && incoming.headers['transfer-encoding'] === undefined) {
    const length = incoming.headers['content-length']
    if (length === undefined) return next()
    if (Number.parseInt(length, 10) > maxSize) tooLarge()
    sized.add(incoming)
    return next()
  }
  return bodyLimit({ maxSize, onError: tooLarge })(c, next)
}
