import { DomainError } from '@gridsight/contract'
import { createHash } from 'node:crypto'
import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { AlertStatus, Role, Severity } from '@gridsight/contract'
import type { MultiPolygon, Point, Polygon } from 'geojson'
import { caseStanding } from '../case-states.js'
import { asGeoJson } from '../postgis.js'
import type { Database } from '../schema.js'
import { createIncident, type IncidentSummary } from './cases.js'
import * as live from './live.js'

/** What every screen receives about an alert: no reporter, no description of a case. */
export interface AlertSummary {
  id: number; rule_code: string; rule_name: string; severity: Severity; status: AlertStatus; title: string; detail: string
  category_code: string | null; unit_code: string | null; unit_name: string | null; lon: number; lat: number; area: boolean
  incident_count: number; device_count: number; raised_at: string; last_evidence_at: string
  acknowledged_at: string | null; acknowledged_by: string | null; closed_at: string | null; closed_by: string | null
  close_note: string | null; case_incident_id: number | null; version: number
  /** People named by its reports, and where the screens place it: its village's (or town's) label point, never the evidence's own place. */
  people: number; place: { name: string | null; lon: number; lat: number }
  /** All its evidence is the demo actor's (the screens tag it 演示). */
  simulated: boolean
}

const summaryOf = (alias: string) => sql.raw(`json_build_object('id', ${alias}.id, 'rule_code', ${alias}.rule_code, 'rule_name', r.name,
  'severity', ${alias}.severity, 'status', ${alias}.status, 'title', ${alias}.title, 'detail', ${alias}.detail,
  'category_code', ${alias}.category_code, 'unit_code', ${alias}.unit_code, 'unit_name', u.name,
  'lon', round(ST_X(ST_PointOnSurface(${alias}.geom))::numeric, 6), 'lat', round(ST_Y(ST_PointOnSurface(${alias}.geom))::numeric, 6),
  'area', GeometryType(${alias}.geom) like '%POLYGON', 'incident_count', cardinality(${alias}.incident_ids),
  'device_count', cardinality(${alias}.device_ids), 'raised_at', ${alias}.raised_at, 'last_evidence_at', ${alias}.last_evidence_at,
  'acknowledged_at', ${alias}.acknowledged_at, 'acknowledged_by', ${alias}.acknowledged_by, 'closed_at', ${alias}.closed_at,
  'closed_by', ${alias}.closed_by, 'close_note', ${alias}.close_note, 'case_incident_id', ${alias}.case_incident_id, 'version', ${alias}.version,
  'people', (select coalesce(sum(pi.people_involved), 0)::int from incident pi where pi.id = any(${alias}.incident_ids)),
  'place', (select json_build_object('name', pu.name, 'lon', round(ST_X(pu.label_point)::numeric, 6), 'lat', round(ST_Y(pu.label_point)::numeric, 6))
    from admin_unit pu where pu.code = coalesce(u.code, (select g.village_code from grid g where g.code = ${alias}.unit_code))
      or (pu.level = 'district' and ST_Intersects(pu.geom, ST_PointOnSurface(${alias}.geom)))
    order by pu.level = 'district' limit 1),
  'simulated', ${alias}.simulated)`)

/** The live payload of one alert (a scalar subquery). */
export function alertPayloadSql(id: number): RawBuilder<unknown> {
  return sql`select ${summaryOf('a')} from alert a join alert_rule r on r.code = a.rule_code left join admin_unit u on u.code = a.unit_code where a.id = ${id}`
}

/** An alert's unit code (null: none), or undefined when there is no such alert. */
export async function alertUnit(db: Kysely<Database>, id: number): Promise<string | null | undefined> {
  const r = await db.selectFrom('alert').select('unit_code').where('id', '=', id).executeTakeFirst()
  return r ? r.unit_code : undefined
}

export interface AlertFilter { status?: 'open' | AlertStatus | 'all'; severity?: Severity[]; unit?: string; limit?: number }

/** Alerts, newest first; open means raised or acknowledged. Counts by severity of the open ones come along. */
export async function listAlerts(db: Kysely<Database>, f: AlertFilter): Promise<{ items: AlertSummary[]; open: Record<Severity, number> }> {
  const status = f.status ?? 'open'
  const where = sql`where ${status === 'all' ? sql`true` : status === 'open' ? sql`a.status <> 'closed'` : sql`a.status = ${status}`}
    ${f.severity?.length ? sql`and a.severity = any(${f.severity}::text[])` : sql``}
    ${f.unit ? sql`and a.unit_code like ${`${f.unit}%`}` : sql``}`
  const items = await sql<{ s: AlertSummary }>`
    select ${summaryOf('a')} as s from alert a join alert_rule r on r.code = a.rule_code left join admin_unit u on u.code = a.unit_code
    ${where} order by (a.status = 'raised') desc, array_position(array['red','orange','yellow','blue'], a.severity), a.last_evidence_at desc
    limit ${f.limit ?? 100}`.execute(db)
  const counts = await sql<{ severity: Severity; n: number }>`
    select severity, count(*)::int as n from alert a where a.status <> 'closed' ${f.unit ? sql`and a.unit_code like ${`${f.unit}%`}` : sql``} group by 1`.execute(db)
  const open = { blue: 0, yellow: 0, orange: 0, red: 0 }
  for (const c of counts.rows) open[c.severity] = c.n
  return { items: items.rows.map((r) => r.s), open }
}

export interface AlertDetail {
  alert: AlertSummary & { geometry: Point | Polygon | MultiPolygon; device_ids: string[] }
  incidents: IncidentSummary[]
  devices: Array<{ id: string; kind: string; name: string; status: string; lon: number; lat: number }>
  log: Array<{ action: string; actor: string; note: string | null; at: string }>
}

/** An alert with its evidence (incident summaries — no reporters — and devices) and its lifecycle log. */
export async function alertDetail(db: Kysely<Database>, id: number): Promise<AlertDetail | null> {
  const a = await sql<{ s: AlertDetail['alert'] }>`
    select ${summaryOf('a')}::jsonb || jsonb_build_object('geometry', ${asGeoJson(sql`a.geom`)}::jsonb, 'device_ids', a.device_ids) as s
    from alert a join alert_rule r on r.code = a.rule_code left join admin_unit u on u.code = a.unit_code where a.id = ${id}`.execute(db)
  if (!a.rows[0]) return null
  const incidents = await sql<IncidentSummary>`
    select i.id::int as id, i.title, i.category_code, i.status, i.priority, ST_X(i.geom) as lon, ST_Y(i.geom) as lat, i.town_code,
      i.village_code, i.grid_code, i.department_code, i.reported_at, i.deadline,
      ${caseStanding('i').overdue()} as overdue, i.supervision, i.version, i.simulated
    from alert a join incident i on i.id = any(a.incident_ids) where a.id = ${id} order by i.reported_at limit 200`.execute(db)
  const devices = await sql<AlertDetail['devices'][number]>`
    select s.id, s.kind, s.name, s.state as status, ST_X(s.geom) as lon, ST_Y(s.geom) as lat from alert a join sensor s on s.id = any(a.device_ids) where a.id = ${id}
    union all
    select c.id, 'camera', c.name, c.status, ST_X(c.geom), ST_Y(c.geom) from alert a join camera c on c.id = any(a.device_ids) where a.id = ${id}
    limit 200`.execute(db)
  const log = await sql<AlertDetail['log'][number]>`select action, actor, note, at from alert_log where alert_id = ${id} order by at, id`.execute(db)
  return { alert: a.rows[0].s, incidents: incidents.rows, devices: devices.rows, log: log.rows }
}

interface Who { display_name: string; role: Role; id: number; department_code: string | null }

/** Lifecycle steps: raised → acknowledged → closed; anything else is 409 and changes nothing. */
async function step(db: Kysely<Database>, id: number, action: 'acknowledged' | 'closed', who: Who, note: string | null, version?: number): Promise<AlertSummary> {
  return db.transaction().execute(async (trx) => {
    const r = await sql<{ status: AlertStatus; version: number; simulated: boolean; by_demo_actor: boolean | null }>`
      select status, version, simulated, (select demo_actor from app_user where id = ${who.id}) as by_demo_actor from alert where id = ${id} for update`.execute(trx)
    const a = r.rows[0]
    if (!a) throw new DomainError('not_found', `no alert ${id}`, 'unknown_alert')
    if (a.by_demo_actor && !a.simulated) throw new DomainError('forbidden', 'the demo actor acts only on its own alerts', 'not_demo_data')
    if (version !== undefined && version !== a.version) throw new DomainError('conflict', `the alert changed meanwhile (version ${a.version}, you saw ${version}); reload it`, 'stale_version')
    if (action === 'acknowledged' && a.status !== 'raised') throw new DomainError('conflict', `cannot acknowledge an alert that is ${a.status}`, 'illegal_transition')
    if (action === 'closed' && a.status === 'closed') throw new DomainError('conflict', 'the alert is already closed', 'illegal_transition')
    const now = new Date()
    if (action === 'acknowledged') {
      await sql`update alert set status = 'acknowledged', acknowledged_at = ${now}, acknowledged_by = ${who.display_name}, version = version + 1 where id = ${id}`.execute(trx)
    } else {
      await sql`update alert set status = 'closed', closed_at = ${now}, closed_by = ${who.display_name}, close_note = ${note},
        acknowledged_at = coalesce(acknowledged_at, ${now}), acknowledged_by = coalesce(acknowledged_by, ${who.display_name}), version = version + 1
        where id = ${id}`.execute(trx)
    }
    await trx.insertInto('alert_log').values({ alert_id: id, action, actor: who.display_name, note, at: now }).execute()
    return live.publish<AlertSummary>(trx, 'alert.updated', { alert_id: id }, alertPayloadSql(id))
  })
}

export const acknowledgeAlert = (db: Kysely<Database>, id: number, who: Who, note?: string, version?: number) => step(db, id, 'acknowledged', who, note ?? null, version)
export const closeAlert = (db: Kysely<Database>, id: number, who: Who, note: string, version?: number) => step(db, id, 'closed', who, note, version)

const isDemoActor = async (db: Kysely<Database>, userId: number) =>
  (await db.selectFrom('app_user').select('demo_actor').where('id', '=', userId).executeTakeFirst())?.demo_actor ?? false

/** A device-made, stable client id: turning the same alert into a case twice files one case. */
const caseClientId = (alertId: number) => {
  const h = createHash('sha256').update(`gridsight-alert-case:${alertId}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/**
 * Files a case for an alert (at its place, with its category unless another is given), links it and
 * acknowledges the alert if nobody has yet. Idempotent: a second call returns the same case.
 */
export async function alertToCase(db: Kysely<Database>, id: number, who: Who, categoryCode?: string): Promise<{ alert: AlertSummary; incident: IncidentSummary }> {
  const d = await alertDetail(db, id)
  if (!d) throw new DomainError('not_found', `no alert ${id}`, 'unknown_alert')
  if (!d.alert.simulated && await isDemoActor(db, who.id)) throw new DomainError('forbidden', 'the demo actor acts only on its own alerts', 'not_demo_data')
  if (d.alert.status === 'closed') throw new DomainError('conflict', 'the alert is closed', 'illegal_transition')
  const category = categoryCode ?? d.alert.category_code
  if (!category) throw new DomainError('bad_request', 'this alert has no category: choose one (category_code)', 'category_required')
  const source = d.alert.rule_code.startsWith('sensor.') ? 'iot' as const : d.alert.rule_code.startsWith('camera.') ? 'camera' as const : undefined
  const { incident } = await createIncident(db, {
    client_id: caseClientId(id), category_code: category, title: d.alert.title.slice(0, 200),
    description: `由预警转立：${d.alert.rule_name}。${d.alert.detail}${d.incidents.length ? `（关联事件 ${d.incidents.map((i) => `#${i.id}`).join('、')}）` : ''}`.slice(0, 2000),
    lon: d.alert.lon, lat: d.alert.lat, people_involved: 0, source, priority: d.alert.severity === 'red' || d.alert.severity === 'orange' ? 3 : 2,
  }, { ...who, grid_code: null })
  const alert = await db.transaction().execute(async (trx) => {
    const now = new Date()
    const r = await sql`update alert set case_incident_id = ${incident.id}, version = version + 1,
        status = case when status = 'raised' then 'acknowledged' else status end,
        acknowledged_at = coalesce(acknowledged_at, ${now}), acknowledged_by = coalesce(acknowledged_by, ${who.display_name})
      where id = ${id} and case_incident_id is null`.execute(trx)
    if (Number(r.numAffectedRows ?? 0) > 0) {
      await trx.insertInto('alert_log').values({ alert_id: id, action: 'case', actor: who.display_name, note: `转为案件 #${incident.id}`, at: now }).execute()
    }
    return live.publish<AlertSummary>(trx, 'alert.updated', { alert_id: id }, alertPayloadSql(id))
  })
  return { alert, incident }
}
