import { BULLETIN_READERS, bulletinBody, bulletinFilePath, DomainError } from '@gridsight/contract'
import { bulletins } from '@gridsight/db'
import { Hono } from 'hono'
import { requireRole } from '../auth.js'
import { composeBulletin } from '../bulletin.js'
import type { AppEnv } from '../context.js'
import { attachment, XLSX_TYPE } from '../exports.js'
import { describe } from '../openapi.js'
import { json, params } from '../validate.js'
import { requireScope } from './units.js'

const tag = 'statistics'

/** The monthly bulletins (月度通报) and those made on demand: listed, made, downloaded as issued. */
export const bulletinRoutes = new Hono<AppEnv>()
  .get('/', describe(tag, 'The bulletins issued, newest first (monthly ones on the first working day of each month, others on demand)'), requireRole(...BULLETIN_READERS),
    async (c) => c.json(await bulletins.list(c.get('db').kysely)))
  .post('/', describe(tag, 'Make and keep a bulletin of a unit (default: the district) for a window: XLSX and PDF', { responses: { 201: { description: 'made' } } }),
    requireRole(...BULLETIN_READERS), json(bulletinBody), async (c) => {
      const b = c.req.valid('json')
      const scope = await requireScope(c.get('db'), b.unit ?? (await c.get('district')()).code)
      if (scope.level === 'grid') throw new DomainError('bad_request', 'unit: a bulletin is made for the district, a town or a village', 'invalid_body')
      const made = await composeBulletin(c.get('db'), scope, b.from, b.to)
      const kept = await bulletins.store(c.get('db').kysely, {
        kind: 'on_demand', unit_code: scope.code, period_from: b.from, period_to: b.to, title: made.title, created_by: c.get('user')!.username,
        pages: made.pages, xlsx: made.xlsx, pdf: made.pdf,
      })
      return c.json(kept, 201)
    })
  .get('/:id/:format', describe(tag, 'A bulletin as issued: its workbook (xlsx) or its PDF'), requireRole(...BULLETIN_READERS), params(bulletinFilePath), async (c) => {
    const { id, format } = c.req.valid('param')
    const f = await bulletins.file(c.get('db').kysely, id, format)
    if (!f) throw new DomainError('not_found', `no bulletin ${id}`, 'unknown_bulletin')
    return c.body(f.bytes as Uint8Array<ArrayBuffer>, 200, attachment(`${f.title}.${format}`, format === 'pdf' ? 'application/pdf' : XLSX_TYPE))
  })
