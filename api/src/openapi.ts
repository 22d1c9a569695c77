import type { Hono } from 'hono'
import { describeRoute, generateSpecs } from 'hono-openapi'

/**
 * Each route says what it is with `describe` (its summary and tag in the OpenAPI document); its inputs are described
 * by the validators of validate.ts. A route without `describe` is missing from the document, and a test fails.
 */
export const describe = (tag: string, summary: string, more: { description?: string; responses?: Record<string, { description: string }> } = {}) =>
  describeRoute({ tags: [tag], summary, ...more, responses: more.responses ?? { 200: { description: 'OK' } } })

/** The OpenAPI 3.1 document of the API, generated from the routes themselves. */
export function openApiDocument(app: Hono<any, any, any>) {
  return generateSpecs(app, {
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
}
