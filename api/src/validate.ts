import { DomainError } from '@gridsight/contract'
import type { Context, Env, ValidationTargets } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { InferInput } from 'hono/validator'
import { resolver, uniqueSymbol } from 'hono-openapi'
import type { z } from 'zod'

type Target = 'query' | 'param' | 'json'

const READ: Record<Target, (c: Context) => unknown> = {
  query: (c) => c.req.query(),
  param: (c) => c.req.param(),
  // A body that is not JSON is as wrong as a body of the wrong shape; no Content-Type is required of devices.
  json: (c) => c.req.json().catch(() => undefined),
}

/**
 * Validates one part of the request with a schema of the contract (a failure is a 400 naming the first problem,
 * in the one error shape), hands the parsed value to the handler (`c.req.valid(target)`), types the typed client's
 * input, and describes the input in the OpenAPI document.
 */
function validated<T extends Target, S extends z.ZodType>(target: T, schema: S) {
  type In = z.input<S>
  type I = {
    in: { [K in T]: K extends 'json' ? In : InferInput<In, K> }
    out: { [K in T]: z.output<S> }
  }
  const code = target === 'json' ? 'invalid_body' : 'invalid_parameter'
  const middleware = createMiddleware<Env, string, I>(async (c, next) => {
    const raw = await READ[target](c)
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
  return Object.assign(middleware, { [uniqueSymbol]: { target, ...resolver(schema) } })
}

export const query = <S extends z.ZodType>(schema: S) => validated('query', schema)
export const params = <S extends z.ZodType>(schema: S) => validated('param', schema)
export const json = <S extends z.ZodType>(schema: S) => validated('json', schema)
