import type { BBox } from '@gridsight/db'
import { z } from 'zod'
import { badRequest } from './errors.js'

/** Parses query parameters with a zod schema; failures become 400 with the first problem named. */
export function parseQuery<T extends z.ZodType>(schema: T, query: Record<string, string | undefined>): z.infer<T> {
  const r = schema.safeParse(query)
  if (!r.success) {
    const issue = r.error.issues[0]!
    throw badRequest(`${issue.path.join('.') || 'query'}: ${issue.message}`, 'invalid_parameter')
  }
  return r.data
}

/** Parses a JSON body with a zod schema; failures become 400 naming the first problem. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (body === null || typeof body !== 'object') throw badRequest('the body must be a JSON object', 'invalid_body')
  const r = schema.safeParse(body)
  if (!r.success) {
    const issue = r.error.issues[0]!
    throw badRequest(`${issue.path.join('.') || 'body'}: ${issue.message}`, 'invalid_body')
  }
  return r.data
}

const finite = (name: string) => z.coerce.number({ message: `${name} must be a number` }).refine(Number.isFinite, `${name} must be a finite number`)

/** bbox=west,south,east,north in WGS-84 degrees. */
export const bboxParam = z.string().transform((value, ctx): BBox => {
  const parts = value.split(',')
  const nums = parts.map(Number)
  if (parts.length !== 4 || nums.some((n) => !Number.isFinite(n) || parts.some((p) => p.trim() === ''))) {
    ctx.addIssue({ code: 'custom', message: 'bbox must be four numbers: west,south,east,north' })
    return z.NEVER
  }
  const [west, south, east, north] = nums as [number, number, number, number]
  if (Math.abs(west) > 180 || Math.abs(east) > 180) ctx.addIssue({ code: 'custom', message: 'longitude must be within -180..180' })
  if (Math.abs(south) > 90 || Math.abs(north) > 90) ctx.addIssue({ code: 'custom', message: 'latitude must be within -90..90' })
  if (west > east || south > north) ctx.addIssue({ code: 'custom', message: 'bbox must be west,south,east,north with west ≤ east and south ≤ north' })
  return { west, south, east, north }
})

export const zoomParam = z.coerce.number().int('z must be an integer').min(0, 'z must be ≥ 0').max(22, 'z must be ≤ 22')
export const unitCode = z.string().regex(/^500117([0-9]{3}([0-9]{3}([0-9]{3})?)?)?$/, 'must be an admin code of this district (6, 9 or 12 digits) or a 15-digit grid code')
export const adminCode = z.string().regex(/^[0-9]{6}([0-9]{3}([0-9]{3})?)?$/, 'must be a 6, 9 or 12-digit admin code')
export const page = z.coerce.number().int('page must be an integer').min(1, 'page must be ≥ 1').default(1)
export const pageSize = z.coerce.number().int('pageSize must be an integer').min(1, 'pageSize must be ≥ 1').max(500, 'pageSize must be ≤ 500').default(50)
export const isoDate = z.string().transform((v, ctx) => {
  const d = new Date(v)
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO date or date-time' })
    return z.NEVER
  }
  return d
})
export { finite }

/** A numeric path id (the id of an incident or alert). */
export const idParam = (raw: string) => {
  if (!/^[0-9]{1,12}$/.test(raw)) throw badRequest('id must be a positive integer', 'invalid_parameter')
  return Number(raw)
}
