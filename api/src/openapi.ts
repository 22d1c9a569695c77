import type { Hono } from 'hono'
import { describeRoute, generateSpecs } from 'hono-openapi'
import { declaredBodyLimit } from './validate.js'

/**
 * Each route says what it is with `describe` (its summary and tag in the OpenAPI document); its inputs are described
 * by the validators of validate.ts. A route without `describe` is missing from the document, and a test fails.
 */
export const describe = (tag: string, summary: string, more: { description?: string; responses?: Record<string, { description: string }> } = {}) =>
  describeRoute({ tags: [tag], summary, ...more, responses: more.responses ?? { 200: { description: 'OK' } } })

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * The OpenAPI 3.1 document of the API, generated from the routes themselves; each write also says the largest body it
 * takes (`x-body-limit`, bytes: more is a 413).
 */
export async function openApiDocument(app: Hono<any, any, any>) {
  const doc = await generateSpecs(app, {
    excludeStaticFile: false,
    documentation: {
      info: { title: 'GridSight API', version: '1', description: 'GridSight (网格慧眼): situational awareness and command for grassroots social governance.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'gs_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  })
  const handlers = new Map<string, unknown[]>()
  for (const r of app.routes) {
    if (!WRITES.has(r.method)) continue
    const key = `${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z_]+)(\{[^}]*\})?/g, '{$1}')}`
    handlers.set(key, [...(handlers.get(key) ?? []), r.handler])
  }
  for (const [key, hs] of handlers) {
    const [method, path] = key.split(' ') as [string, string]
    const op = (doc.paths?.[path] as Record<string, Record<string, unknown>> | undefined)?.[method]
    if (op) op['x-body-limit'] = declaredBodyLimit(hs)
  }
  return doc
}
