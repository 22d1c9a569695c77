import { type Kysely, sql, type Transaction } from 'kysely'
import { point } from '../postgis.js'
import type { Database, IncidentStatus } from '../schema.js'
import { ACTIONS, type ActionName, type Actor, refusal } from '../workflow.js'

export class CaseError extends Error {
  constructor(readonly status: 400 | 403 | 404 | 409 | 422, readonly code: string, message: string) {
    super(message)
  }
}

/** What every screen receives about a case: no reporter, no phone, no description. */
export interface IncidentSummary {
  id: number; title: string; category_code: string; status: IncidentStatus; priority: number; lon: number; lat: number
  town_code: string | null; village_code: string | null; grid_code: string | null; department_code: string | null
  reported_at: string; deadline: string | null; overdue: boolean; supervision: string; version: number
}

const summarySql = (alias: string) => sql.raw(`json_build_object('id', ${alias}.id, 'title', ${alias}.title,
  'category_code', ${alias}.category_code, 'status', ${alias}.status, 'priority', ${alias}.priority,
  'lon', ST_X(${alias}.geom), 'lat', ST_Y(${alias}.geom), 'town_code', ${alias}.town_code, 'village_code', ${alias}.village_code,
  'grid_code', ${alias}.grid_code, 'department_code', ${alias}.department_code, 'reported_at', ${alias}.reported_at,
  'deadline', ${alias}.deadline, 'overdue', coalesce(${alias}.deadline < coalesce(${alias}.closed_at, now()), false),
  'supervision', ${alias}.supervision, 'version', ${alias}.version)`)

/** The channel on which writers announce new live events (ids only: NOTIFY payloads are small). */
export const LIVE_CHANNEL = 'gridsight_live'

/** Serializes event publication to commit order (pg_advisory_xact_lock key). */
const LIVE_LOCK = 73_050_117

async function publish(trx: Transaction<Database>, type: 'incident.created' | 'incident.updated', id: number): Promise<IncidentSummary> {
  // Event ids must become visible in id order, or a reader that saw id n+1 commit before n would skip n.
  // Held from here to commit (the transaction's last statements), so ids are taken in commit order.
  await sql`select pg_advisory_xact_lock(${LIVE_LOCK})`.execute(trx)
  const r = await sql<{ payload: IncidentSummary | string; event_id: number }>`
    insert into live_event (type, incident_id, payload)
    select ${type}, i.id, ${summarySql('i')}::jsonb from incident i where i.id = ${id}
    returning payload, id::int as event_id`.execute(trx)
  // Delivered at commit to every API process listening (LISTEN/NOTIFY).
  await sql`select pg_notify(${LIVE_CHANNEL}, ${String(r.rows[0]!.event_id)})`.execute(trx)
  const payload = r.rows[0]!.payload
  return typeof payload === 'string' ? JSON.parse(payload) : payload
}

export interface NewReport {
  client_id: string
  category_code: string
  description: string
  lon: number
  lat: number
  people_involved: number
  title?: string
}

/**
 * Files a report. The point must lie in the district; a grid worker's point is snapped into their own grid.
 * Idempotent on client_id: the same report sent twice is stored once (created=false the second time).
 */
export async function createIncident(db: Kysely<Database>, r: NewReport, actor: Actor & { grid_code: string | null }):
  Promise<{ created: boolean; incident: IncidentSummary }> {
  return db.transaction().execute(async (trx) => {
    const existing = await sql<{ id: number }>`select id::int as id from incident where client_id = ${r.client_id}::uuid`.execute(trx)
    if (existing.rows[0]) {
      const s = await sql<{ s: IncidentSummary }>`select ${summarySql('i')} as s from incident i where i.id = ${existing.rows[0].id}`.execute(trx)
      return { created: false, incident: s.rows[0]!.s }
    }
    const cat = await trx.selectFrom('incident_category').selectAll().where('code', '=', r.category_code).executeTakeFirst()
    if (!cat || !cat.parent_code) throw new CaseError(400, 'unknown_category', `no incident category ${r.category_code} (use a second-level code such as dispute.neighbour)`)
    const inside = await sql<{ ok: boolean }>`select exists (select 1 from admin_unit where level = 'district' and ST_Intersects(geom, ${point(r.lon, r.lat)})) as ok`.execute(trx)
    if (!inside.rows[0]?.ok) throw new CaseError(422, 'outside_district', 'the location is outside the district')
    const snapped = actor.role === 'grid_worker' && actor.grid_code
      ? sql`(select case when ST_Intersects(g.geom, p.pt) then p.pt else ST_ClosestPoint(g.geom, p.pt) end from grid g, (select ${point(r.lon, r.lat)} as pt) p where g.code = ${actor.grid_code})`
      : point(r.lon, r.lat)
    const inserted = await sql<{ id: number }>`
      insert into incident (client_id, title, description, category_code, source, status, priority, people_involved, geom,
        grid_code, village_code, town_code, reported_at, reporter_user_id)
      select ${r.client_id}::uuid, coalesce(${r.title ?? null}, v.name || ' ' || ${cat.name}), ${r.description}, ${r.category_code},
        ${actor.role === 'grid_worker' ? 'grid_worker' : 'hotline'}, 'reported',
        case when ${r.category_code} like 'collective.%' or ${r.people_involved}::int >= 30 then 3 else 1 end,
        ${r.people_involved}::int, q.pt, g.code, g.village_code, v.parent_code, now(), ${actor.id}
      from (select ${snapped} as pt) q
      -- A grid worker's report belongs to their grid (the snapped point may sit on its edge).
      left join grid g on ${actor.role === 'grid_worker' && actor.grid_code ? sql`g.code = ${actor.grid_code}` : sql`ST_Intersects(g.geom, q.pt)`}
      left join admin_unit v on v.code = g.village_code
      order by g.code limit 1
      returning id::int as id`.execute(trx)
    const id = inserted.rows[0]!.id
    await trx.insertInto('incident_log').values({
      incident_id: id, action: 'report', from_status: null, to_status: 'reported', actor: actor.display_name,
      organisation: actor.role, note: r.description, at: new Date(),
    }).execute()
    return { created: true, incident: await publish(trx, 'incident.created', id) }
  })
}

export interface ActionParams {
  note?: string
  /** dispatch: the department (default: the category's). */
  department_code?: string
  /** dispatch: hours to the deadline (default: the category's); extend: hours added. */
  hours?: number
  /** supervise: the level. */
  level?: 'normal' | 'yellow' | 'red'
  /** Optimistic lock: the version the actor saw. */
  version?: number
}

/**
 * Takes one workflow action on a case, under a row lock: illegal transitions, other departments' cases and
 * stale versions are refused and change nothing. Logs the step and publishes it to the live feed.
 */
export async function applyAction(db: Kysely<Database>, id: number, action: ActionName, actor: Actor, p: ActionParams): Promise<IncidentSummary> {
  return db.transaction().execute(async (trx) => {
    const row = await sql<{ status: IncidentStatus; department_code: string | null; version: number; category_code: string; town_code: string | null }>`
      select status, department_code, version, category_code, town_code from incident where id = ${id} for update`.execute(trx)
    const c = row.rows[0]
    if (!c) throw new CaseError(404, 'unknown_incident', `no incident ${id}`)
    if (p.version !== undefined && p.version !== c.version) {
      throw new CaseError(409, 'stale_version', `the case changed meanwhile (version ${c.version}, you saw ${p.version}); reload it`)
    }
    const no = refusal(action, c.status, c.department_code, actor)
    if (no) throw new CaseError(no.status, no.code, no.message)
    const rule = ACTIONS[action]
    const to: IncidentStatus = rule.to === 'same' ? c.status : rule.to
    const set: Record<string, unknown> = { status: to, version: c.version + 1 }
    let note = p.note ?? null
    const now = new Date()
    if (action === 'accept') set.accepted_at = now
    if (action === 'dispatch') {
      const cat = await trx.selectFrom('incident_category').select(['department_code', 'deadline_hours']).where('code', '=', c.category_code).executeTakeFirst()
      const dept = p.department_code ?? cat?.department_code ?? (c.town_code ? `town_${c.town_code}` : null)
      const d = dept ? await trx.selectFrom('department').select(['code', 'name']).where('code', '=', dept).executeTakeFirst() : undefined
      if (!d) throw new CaseError(400, 'unknown_department', `no department ${dept ?? '(none given)'}`)
      const hours = p.hours ?? cat?.deadline_hours ?? 24
      set.department_code = d.code
      set.dispatched_at = now
      set.deadline = new Date(now.getTime() + hours * 3_600_000)
      note = `派遣至${d.name}，限${hours}小时${note ? `：${note}` : ''}`
    }
    if (action === 'feedback') set.fed_back_at = now
    if (action === 'close') set.closed_at = now
    if (action === 'supervise') {
      set.supervision = p.level ?? 'normal'
      note = `督办（${{ normal: '普通', yellow: '黄牌', red: '红牌' }[p.level ?? 'normal']}）${note ? `：${note}` : ''}`
    }
    if (action === 'urgent') set.priority = 3
    if (action === 'extend') {
      if (!p.hours || p.hours <= 0) throw new CaseError(400, 'invalid_parameter', 'extend needs hours > 0')
      await sql`update incident set deadline = deadline + ${p.hours}::int * interval '1 hour' where id = ${id}`.execute(trx)
      note = `延期${p.hours}小时${note ? `：${note}` : ''}`
    }
    await trx.updateTable('incident').set(set).where('id', '=', id).execute()
    await trx.insertInto('incident_log').values({
      incident_id: id, action, from_status: c.status, to_status: to, actor: actor.display_name,
      organisation: actor.department_code ?? actor.role, note, at: now,
    }).execute()
    return publish(trx, 'incident.updated', id)
  })
}

export interface TimelineStep { action: string; from_status: string | null; to_status: string | null; actor: string; organisation: string | null; note: string | null; at: Date; elapsed_minutes: number | null }

export type IncidentDetail = IncidentSummary & { description: string; people_involved: number; reporter_user_id: number | null }

/** A case with its timeline in order and the minutes between steps. */
export async function incidentDetail(db: Kysely<Database>, id: number): Promise<{ incident: IncidentDetail; timeline: TimelineStep[] } | null> {
  const i = await sql<{ s: IncidentDetail }>`
    select ${summarySql('i')}::jsonb || jsonb_build_object('description', i.description, 'people_involved', i.people_involved,
      'reporter_user_id', i.reporter_user_id) as s
    from incident i where i.id = ${id}`.execute(db)
  if (!i.rows[0]) return null
  const t = await sql<TimelineStep>`
    select action, from_status, to_status, actor, organisation, note, at,
      round(extract(epoch from at - lag(at) over (order by at, id)) / 60.0, 1)::float8 as elapsed_minutes
    from incident_log where incident_id = ${id} order by at, id`.execute(db)
  return { incident: i.rows[0].s, timeline: t.rows }
}

export interface LiveEvent { id: number; type: string; payload: IncidentSummary }

/** Live events after an id, in order (the SSE stream's replay and fan-out). */
export async function eventsAfter(db: Kysely<Database>, after: number, limit = 1000): Promise<LiveEvent[]> {
  const r = await sql<LiveEvent>`select id::int as id, type, payload from live_event where id > ${after} order by id limit ${limit}`.execute(db)
  return r.rows.map((e) => ({ ...e, payload: typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload }))
}

export async function lastEventId(db: Kysely<Database>): Promise<number> {
  const r = await sql<{ id: number }>`select coalesce(max(id), 0)::int as id from live_event`.execute(db)
  return r.rows[0]!.id
}
