import {
  actionBody, beijingDay, beijingMinute, DomainError, idPath, INCIDENT_POINTS_LAYOUT, INCIDENT_SOURCE_LABELS, INCIDENT_STATUS_LABELS, incidentFilter,
  incidentListQuery, LEDGER_MAX_ROWS, ledgerQuery, nearbyQuery, PHOTO_BODY_BYTES, readReasonQuery, reportBody,
} from '@gridsight/contract'
import { ACTION_NAMES, cases, inDeskArea, incidents, nearby, offeredActions, type SessionUser } from '@gridsight/db'
import { type Context, Hono } from 'hono'
import { requireRole } from '../auth.js'
import type { AppEnv } from '../context.js'
import { describe } from '../openapi.js'
import { processPhotos } from '../photos.js'
import { attachment, CSV_TYPE, type Table, toCsv, toXlsx, XLSX_TYPE } from '../exports.js'
import { columnsResponse } from '../responses.js'
import { json, params, query } from '../validate.js'
import { requireScope } from './units.js'
import { audited } from '../audit.js'
import { requireReason, viewerOf } from '../privacy.js'
import { unitOf } from './workers.js'

/**
 * Department staff list only their department's queue; grid workers only their own grid's cases; a town or village
 * desk only its unit's (a narrower unit inside it, when asked for one).
 */
function limitToOwnCases<T extends { unit?: string; department?: string }>(user: SessionUser | undefined, q: T): T {
  if (user?.role === 'department') return { ...q, department: user.department_code ?? '-' }
  if (user?.role === 'grid_worker' && user.grid_code) return { ...q, unit: user.grid_code }
  return user?.unit_code ? { ...q, unit: unitOf(user, q.unit) ?? undefined } : q
}

/** A filter as this user may apply it (limitToOwnCases), its unit resolved, sensitive cases left out for the public. */
async function ownFilter<T extends { unit?: string; department?: string }>(c: Context<AppEnv>, query: T) {
  const { unit, ...q } = limitToOwnCases(c.get('user'), query)
  const viewer = viewerOf(c.get('user'))
  return { q, viewer, filter: { scope: unit ? await requireScope(c.get('db'), unit) : undefined, exceptSensitive: viewer.audience === 'public' } }
}

/**
 * The district's desks see every case; a town or village desk its unit's; department staff only their department's,
 * grid workers their grid's and their own reports.
 */
export function mayReadCase(user: SessionUser, c: { department_code: string | null; grid_code: string | null; reporter_user_id: number | null; town_code: string | null; village_code: string | null }): DomainError | null {
  if (user.role === 'screen') return new DomainError('forbidden', 'the screen sees aggregates only')
  if (!inDeskArea(user, c)) return new DomainError('forbidden', 'this case is not in your unit', 'not_your_case')
  if (user.role === 'department' && c.department_code !== user.department_code) return new DomainError('forbidden', 'this case is not dispatched to your department', 'not_your_case')
  if (user.role === 'grid_worker' && c.grid_code !== user.grid_code && c.reporter_user_id !== user.id) return new DomainError('forbidden', 'this case is not in your grid', 'not_your_case')
  return null
}

const noIncident = (id: number) => new DomainError('not_found', `no incident ${id}`, 'unknown_incident')
const tag = 'incidents'

/** Listing and filing cases and moving them through the workflow; every write is published on the live event log. */
export const incidentRoutes = new Hono<AppEnv>()
  .get('/', describe(tag, 'Incidents, newest first, with the total'), query(incidentListQuery), async (c) => {
    const { q, viewer, filter } = await ownFilter(c, c.req.valid('query'))
    const policy = await c.get('privacy').ready()
    const { items, total } = await incidents.listIncidents(c.get('db').kysely, { ...q, ...filter })
    return c.json({ items: items.map((i) => policy.incident(viewer, i)!), total, page: q.page, pageSize: q.pageSize })
  })
  .get('/export', describe(tag, `The filter's case ledger (台账) as XLSX or CSV, newest first, at most ${LEDGER_MAX_ROWS} rows; each row as the list shows it to this user`),
    query(ledgerQuery), async (c) => {
      const { q: { format, ...q }, viewer, filter } = await ownFilter(c, c.req.valid('query'))
      const policy = await c.get('privacy').ready()
      const { items, total } = await incidents.listIncidents(c.get('db').kysely, { ...q, ...filter, page: 1, pageSize: LEDGER_MAX_ROWS })
      type Row = (typeof items)[number]
      const time = (d: Date | string | null) => (d === null ? null : beijingMinute(d))
      const table: Table<Row> = {
        name: '案件台账',
        title: `案件台账 · ${total > items.length ? `前 ${items.length} 件（共 ${total} 件）` : `${total} 件`}`,
        rows: items.map((i) => policy.incident(viewer, i)!),
        columns: [
          { header: '编号', value: (r) => r.id, format: 'int' }, { header: '标题', value: (r) => r.title }, { header: '类别', value: (r) => r.category_name },
          { header: '来源', value: (r) => INCIDENT_SOURCE_LABELS[r.source as keyof typeof INCIDENT_SOURCE_LABELS] ?? r.source },
          { header: '状态', value: (r) => INCIDENT_STATUS_LABELS[r.status] }, { header: '优先级', value: (r) => r.priority, format: 'int' },
          { header: '镇街', value: (r) => r.town_code }, { header: '村社区', value: (r) => r.village_code }, { header: '网格', value: (r) => r.grid_code },
          { header: '承办部门', value: (r) => r.department_code }, { header: '上报时间', value: (r) => time(r.reported_at) },
          { header: '处置时限', value: (r) => time(r.deadline) }, { header: '结案时间', value: (r) => time(r.closed_at) },
          { header: '超期未结', value: (r) => (r.overdue ? '是' : '否') },
        ],
      }
      const file = `案件台账-${beijingDay(Date.now())}`
      // Who took which cases away: the filter as asked (the query string) and how many rows left.
      await audited(c, 'case.export', `incidents:${new URL(c.req.url).search.slice(1)}`, `${items.length} 件 ${format.toUpperCase()}`)
      return format === 'csv' ? c.body(toCsv(table), 200, attachment(`${file}.csv`, CSV_TYPE))
        : c.body(await toXlsx([table]), 200, attachment(`${file}.xlsx`, XLSX_TYPE))
    })
  .get('/points', describe(tag, "The filter's incidents for the map as binary columns (INCIDENT_POINTS_LAYOUT)"), query(incidentFilter), async (c) => {
    // Exact points are full detail: department staff and grid workers get their own cases' only, as in the list.
    const { q, viewer, filter } = await ownFilter(c, c.req.valid('query'))
    const points = await incidents.incidentPoints(c.get('db').kysely, { ...q, ...filter })
    return columnsResponse(INCIDENT_POINTS_LAYOUT, c.get('privacy').points(viewer, points))
  })
  .post('/', describe(tag, 'File a report (idempotent on client_id)', { responses: { 201: { description: 'filed' }, 200: { description: 'already filed' } } }),
    requireRole('grid_worker', 'dispatcher', 'town_desk', 'village_desk', 'admin'), json(reportBody, { maxBytes: PHOTO_BODY_BYTES }), async (c) => {
      const { photos, ...body } = c.req.valid('json')
      const r = await cases.createIncident(c.get('db').kysely, { ...body, photos: await processPhotos(photos) }, c.get('user')!)
      return c.json(r.incident, r.created ? 201 : 200)
    })
  .get('/:id', describe(tag, 'A case with its description and timeline (audited; a sensitive case needs ?reason=)'), requireRole('admin', 'leader', 'dispatcher', 'town_desk', 'village_desk', 'department', 'grid_worker'),
    params(idPath), query(readReasonQuery), async (c) => {
      const { id } = c.req.valid('param')
      const detail = await cases.incidentDetail(c.get('db').kysely, id)
      if (!detail) throw noIncident(id)
      const user = c.get('user')!
      const refused = mayReadCase(user, detail.incident)
      if (refused) throw refused
      const policy = await c.get('privacy').ready()
      const { reason } = c.req.valid('query')
      if (policy.isSensitiveCategory(detail.incident.category_code) && user.role !== 'leader') requireReason(reason, `case ${id} is of a sensitive category`)
      await audited(c, 'case.read', `incident:${id}`, reason)
      // The actions this user may take now: the desk's buttons (each is decided again when taken).
      const actions = offeredActions(detail.incident, user)
      if (user.role !== 'leader') return c.json({ ...detail, actions })
      // Leaders supervise without personal details: no description, reporter, place finer than a cell, or photos.
      const incident = policy.incident(viewerOf(user), detail.incident)!
      const redacted: typeof detail = { incident: { ...incident, description: '', reporter_user_id: null },
        timeline: detail.timeline.map((t) => ({ ...t, note: t.action === 'report' ? null : t.note, attachments: [] })) }
      return c.json({ ...redacted, actions })
    })
  .get('/:id/nearby', describe(tag, 'Cameras within a radius, grid workers of the grid and its neighbours, possible duplicates'),
    requireRole('admin', 'leader', 'dispatcher', 'town_desk', 'village_desk'), params(idPath), query(nearbyQuery), async (c) => {
      const { id } = c.req.valid('param')
      const owner = await cases.caseOwnership(c.get('db').kysely, id)
      if (owner && !inDeskArea(c.get('user')!, owner)) throw new DomainError('forbidden', 'this case is not in your unit', 'not_your_case')
      const r = await nearby.aroundIncident(c.get('db').kysely, id, c.req.valid('query').radius, c.get('user')!.unit_code)
      if (!r) throw noIncident(id)
      return c.json(r)
    })
  .post('/:id/actions', describe(tag, 'A workflow action on a case (db/src/workflow.ts)'), requireRole('admin', 'leader', 'dispatcher', 'town_desk', 'village_desk', 'department', 'grid_worker'),
    params(idPath), json(actionBody(ACTION_NAMES as [string, ...string[]]), { maxBytes: PHOTO_BODY_BYTES }), async (c) => {
      const { action: name, photos, ...rest } = c.req.valid('json')
      const updated = await cases.applyAction(c.get('db').kysely, c.req.valid('param').id, name as (typeof ACTION_NAMES)[number], c.get('user')!,
        { ...rest, photos: await processPhotos(photos) })
      return c.json(updated)
    })
