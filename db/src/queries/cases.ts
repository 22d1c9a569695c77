import {
  CASE_REQUEST_LABELS, type CaseRequest, type CommandLevel, COMMAND_LEVEL_LABELS, REFUSAL_REASON_LABELS, type RefusalReason, type DeadlineClock, DomainError, GRADE_LABELS, type Grade, type IncidentSource, type IncidentStatus,
  SATISFACTION_LABELS, type Satisfaction, SUPERVISION_LABELS,
} from '@gridsight/contract'
import { type Kysely, sql, type Transaction } from 'kysely'
import { caseStanding } from '../case-states.js'
import { point } from '../postgis.js'
import type { Database } from '../schema.js'
import { insertPhotos, type ProcessedPhoto } from './attachments.js'
import * as live from './live.js'
import { fromJson } from '../json.js'
import { clockMinutes, deadlineAfter, workingHoursBetween } from '../worktime.js'
import { ACTIONS, type ActionName, type Actor, type CaseAtLevel, inDeskArea, levelAfter, levelOf, refusal } from '../workflow.js'
import { loadCalendar } from './calendar.js'


/** What every screen receives about a case: no reporter, no phone, no description. */
export interface IncidentSummary {
  id: number; title: string; category_code: string; status: IncidentStatus; priority: number; lon: number; lat: number
  town_code: string | null; village_code: string | null; grid_code: string | null; department_code: string | null
  reported_at: string; deadline: string | null; overdue: boolean; supervision: string; version: number
  /** Filed by the demo actor (the screens tag it 演示). */
  simulated: boolean
  /** The level of command handling it now (once closed: settled at); self_settled: by the grid worker on the spot. */
  level: CommandLevel
  self_settled: boolean
}

const summarySql = (alias: string) => sql`${sql.raw(`json_build_object('id', ${alias}.id, 'title', ${alias}.title,
  'category_code', ${alias}.category_code, 'status', ${alias}.status, 'priority', ${alias}.priority,
  'lon', ST_X(${alias}.geom), 'lat', ST_Y(${alias}.geom), 'town_code', ${alias}.town_code, 'village_code', ${alias}.village_code,
  'grid_code', ${alias}.grid_code, 'department_code', ${alias}.department_code, 'reported_at', ${alias}.reported_at,
  'deadline', ${alias}.deadline, 'overdue', `)}${caseStanding(alias).overdue()},
  'supervision', ${sql.ref(`${alias}.supervision`)}, 'version', ${sql.ref(`${alias}.version`)}, 'simulated', ${sql.ref(`${alias}.simulated`)},
  'level', ${sql.ref(`${alias}.level`)}, 'self_settled', ${sql.ref(`${alias}.self_settled`)})`

async function publishIncident(trx: Transaction<Database>, type: 'incident.created' | 'incident.updated', id: number): Promise<IncidentSummary> {
  return live.publish<IncidentSummary>(trx, type, { incident_id: id }, sql`select ${summarySql('i')} from incident i where i.id = ${id}`)
}

/** Hours as the timeline says them on a category's clock: 4个工作小时, or 4小时 for emergencies. */
const hoursOn = (hours: number, clock: DeadlineClock) => `${hours}${clock === 'working' ? '个工作小时' : '小时'}`


export interface NewReport {
  client_id: string
  category_code: string
  description: string
  lon: number
  lat: number
  people_involved: number
  title?: string
  /** Where a desk got it (alerts turned into cases: camera or iot); a grid worker's report is always 网格员上报. */
  source?: Exclude<IncidentSource, 'grid_worker'>
  priority?: 1 | 2 | 3
  /** Up to three photos, already checked and re-encoded; they hang on the report's timeline row (or the settlement's). */
  photos?: ProcessedPhoto[]
  /** 自行处置: the grid worker settled it on the spot (a category that allows it, with a result photo). */
  settled?: { result: string }
}

/** The level a new case starts at: a grid worker's report goes to the village desk, a desk's case stays at its level. */
export const filingLevel = (role: Actor['role']): CommandLevel => (role === 'grid_worker' ? 'village' : levelOf(role) ?? 'district')

/**
 * Files a report. The point must lie in the district; a grid worker's point is snapped into their own grid.
 * Idempotent on client_id: the same report sent twice is stored once (created=false the second time).
 */
export async function createIncident(db: Kysely<Database>, r: NewReport, actor: Actor & { grid_code: string | null }):
  Promise<{ created: boolean; incident: IncidentSummary }> {
  if (r.settled && actor.role !== 'grid_worker') throw new DomainError('forbidden', 'only a grid worker settles a matter on the spot (自行处置)')
  if (r.settled && !r.photos?.length) throw new DomainError('bad_request', 'a matter settled on the spot needs a photo of the result', 'photo_required')
  // A town or village desk files cases in its own unit; everyone else anywhere in the district.
  const area = actor.unit_code ? sql`code = ${actor.unit_code}` : sql`level = 'district'`
  const snapped = actor.role === 'grid_worker' && actor.grid_code
    ? sql`(select case when ST_Intersects(g.geom, p.pt) then p.pt else ST_ClosestPoint(g.geom, p.pt) end from grid g, (select ${point(r.lon, r.lat)} as pt) p where g.code = ${actor.grid_code})`
    : point(r.lon, r.lat)
  // One statement (a report is one round trip at hundreds a second): the checks, the case, its first timeline row
  // and its live event. Nothing is written unless the checks pass; the caller reads why from the checks.
  const file = (x: Kysely<Database>) => sql<{ existing: IncidentSummary | string | null; category_name: string | null; category_parent: string | null;
    inside: boolean; payload: IncidentSummary | string | null; log_id: number | null }>`
    with k as (
      select (select ${summarySql('i')} from incident i where i.client_id = ${r.client_id}::uuid) as existing,
        c.name as category_name, c.parent_code as category_parent,
        exists (select 1 from admin_unit where ${area} and ST_Intersects(geom, ${point(r.lon, r.lat)})) as inside
      from (select 1) one left join incident_category c on c.code = ${r.category_code}),
    i as (
      insert into incident (client_id, title, description, category_code, source, status, priority, people_involved, geom,
        grid_code, village_code, town_code, reported_at, reporter_user_id, simulated, level)
      select ${r.client_id}::uuid, coalesce(${r.title ?? null}, v.name || ' ' || k.category_name), ${r.description}, ${r.category_code},
        ${actor.role === 'grid_worker' ? 'grid_worker' : r.source ?? 'hotline'}, 'reported',
        coalesce(${r.priority ?? null}::int, case when ${r.category_code} like 'collective.%' or ${r.people_involved}::int >= 30 then 3 else 1 end),
        ${r.people_involved}::int, q.pt, g.code, g.village_code, v.parent_code, now(), ${actor.id},
        -- The demo actor's accounts file simulated cases; everyone else's are real.
        coalesce((select demo_actor from app_user where id = ${actor.id}), false), ${filingLevel(actor.role)}
      from k, (select ${snapped} as pt) q
      -- A grid worker's report belongs to their grid (the snapped point may sit on its edge).
      left join grid g on ${actor.role === 'grid_worker' && actor.grid_code ? sql`g.code = ${actor.grid_code}` : sql`ST_Intersects(g.geom, q.pt)`}
      left join admin_unit v on v.code = g.village_code
      where k.existing is null and k.category_parent is not null and k.inside
      order by g.code limit 1
      -- The same report sent twice at once (a phone's retry racing its first try): the second finds the first.
      on conflict (client_id) do nothing
      returning *),
    l as (
      insert into incident_log (incident_id, action, from_status, to_status, actor, organisation, note, at, level)
      select i.id, 'report', null, 'reported', ${actor.display_name}, ${actor.role}, ${r.description}, now(), ${levelOf(actor.role)} from i
      returning id),
    ${live.publishCtes('incident.created', sql`i`, { incident_id: sql`i.id`, alert_id: null }, summarySql('i'))}
    select k.existing, k.category_name, k.category_parent, k.inside, a.payload, (select id::int from l) as log_id
    from k left join announced a on true`.execute(x)
  const run = async (x: Kysely<Database>) => {
    const k = (await file(x)).rows[0]!
    if (k.payload) {
      const filed: IncidentSummary = fromJson(k.payload)
      if (r.settled) return { created: true, incident: await settleOnTheSpot(x as Transaction<Database>, filed.id, r.settled.result, r.photos!, actor) }
      if (r.photos?.length) await insertPhotos(x, filed.id, k.log_id!, r.photos, actor.id)
      return { created: true, incident: filed }
    }
    if (k.existing) return { created: false, incident: fromJson(k.existing) }
    if (!k.category_name || !k.category_parent) throw new DomainError('bad_request', `no incident category ${r.category_code} (use a second-level code such as dispute.neighbour)`, 'unknown_category')
    if (!k.inside) {
      throw actor.unit_code ? new DomainError('unprocessable', 'the location is outside your unit', 'outside_unit')
        : new DomainError('unprocessable', 'the location is outside the district', 'outside_district')
    }
    // Lost the race to a concurrent copy of the same report: that one is the case.
    const first = await sql<{ s: IncidentSummary | string }>`select ${summarySql('i')} as s from incident i where i.client_id = ${r.client_id}::uuid`.execute(x)
    return { created: false, incident: fromJson(first.rows[0]!.s) }
  }
  // With photos, they join the case in the same transaction; without, the one statement is its own transaction.
  return r.photos?.length ? db.transaction().execute(run) : run(db)
}

/**
 * 自行处置: the grid worker settled the matter on the spot. The case is closed at village level as soon as it is
 * filed (it counts as settled in the statistics), with the result and its photos on a timeline row of its own.
 */
async function settleOnTheSpot(trx: Transaction<Database>, id: number, result: string, photos: ProcessedPhoto[], actor: Actor): Promise<IncidentSummary> {
  const allowed = await sql<{ self_settle: boolean; name: string; deadline_clock: DeadlineClock; reported_at: Date }>`
    select c.self_settle, c.name, c.deadline_clock, i.reported_at from incident i join incident_category c on c.code = i.category_code where i.id = ${id}`.execute(trx)
  const cat = allowed.rows[0]!
  if (!cat.self_settle) throw new DomainError('unprocessable', `${cat.name} is not settled on the spot: report it to the village desk`, 'not_self_settled')
  // Registered when filed: its handling time runs from the report.
  const now = new Date()
  const minutes = clockMinutes(new Date(cat.reported_at), now, cat.deadline_clock, cat.deadline_clock === 'working' ? await loadCalendar(trx) : undefined)
  await sql`update incident set status = 'closed', closed_at = ${now}, self_settled = true, level = 'village', handling_minutes = ${minutes},
    version = version + 1 where id = ${id}`.execute(trx)
  const log = await trx.insertInto('incident_log').values({
    incident_id: id, action: 'settle', from_status: 'reported', to_status: 'closed', actor: actor.display_name,
    organisation: actor.role, note: result, at: new Date(), level: 'village',
  }).returning('id').executeTakeFirstOrThrow()
  await insertPhotos(trx, id, Number(log.id), photos, actor.id)
  return publishIncident(trx, 'incident.updated', id)
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
  /** Photos of the step (a department's feedback), already checked and re-encoded. */
  photos?: ProcessedPhoto[]
  /** merge: the case this one repeats. */
  into?: number
  /** evaluate: the reporter's satisfaction and the desk's grade. */
  satisfaction?: Satisfaction
  grade?: Grade
  /** refuse: why the report is not taken up. */
  reason?: RefusalReason
}

/**
 * Takes one workflow action on a case, under a row lock: illegal transitions, other departments' cases and
 * stale versions are refused and change nothing. Logs the step and publishes it to the live feed.
 */
export async function applyAction(db: Kysely<Database>, id: number, action: ActionName, actor: Actor, p: ActionParams): Promise<IncidentSummary> {
  return db.transaction().execute(async (trx) => {
    const row = await sql<CaseAtLevel & { version: number; category_code: string; deadline: Date | null; paused_at: Date | null; simulated: boolean;
      by_demo_actor: boolean | null; request_hours: number | null; reported_at: Date; registered_at: Date | null; fed_back_at: Date | null; paused_minutes: number }>`
      select status, department_code, version, category_code, town_code, village_code, grid_code, level, deadline, paused_at, simulated,
        request, request_hours, reported_at, registered_at, fed_back_at, paused_minutes,
        (select demo_actor from app_user where id = ${actor.id}) as by_demo_actor
      from incident where id = ${id} for update`.execute(trx)
    const c = row.rows[0]
    if (!c) throw new DomainError('not_found', `no incident ${id}`, 'unknown_incident')
    if (c.by_demo_actor && !c.simulated) throw new DomainError('forbidden', 'the demo actor acts only on the cases it filed', 'not_demo_data')
    if (p.version !== undefined && p.version !== c.version) {
      throw new DomainError('conflict', `the case changed meanwhile (version ${c.version}, you saw ${p.version}); reload it`, 'stale_version')
    }
    const no = refusal(action, c, actor, p.note)
    if (no) throw no
    if (actor.role === 'grid_worker' && !p.photos?.length) {
      throw new DomainError('bad_request', 'a check in the field needs a photo of what was found', 'photo_required')
    }
    const rule = ACTIONS[action]
    // Approving an application to send the case back returns it to the desk.
    const to: IncidentStatus = action === 'approve' && c.request === 'return' ? 'returned' : rule.to === 'same' ? c.status : rule.to
    const level = levelAfter(action, c, actor)
    const set: Record<string, unknown> = { status: to, version: c.version + 1, level }
    let note = p.note ?? null
    const now = new Date()
    const calendar = () => loadCalendar(trx)
    const clockOf = async () => (await trx.selectFrom('incident_category').select('deadline_clock').where('code', '=', c.category_code).executeTakeFirst())?.deadline_clock ?? 'working'
    /** Minutes from a moment to now on the category's clock (受理, 核查 and handling times, issue 12). */
    const minutesSince = async (t: Date) => { const clock = await clockOf(); return clockMinutes(new Date(t), now, clock, clock === 'working' ? await calendar() : undefined) }
    if (action === 'accept') Object.assign(set, { accepted_at: now, accept_minutes: await minutesSince(c.reported_at) })
    if (action === 'register') set.registered_at = now
    if (action === 'refuse') {
      if (!p.reason) throw new DomainError('bad_request', `refuse needs a reason: ${Object.keys(REFUSAL_REASON_LABELS).join(', ')}`, 'invalid_parameter')
      set.refused_reason = p.reason
      note = `不予受理（${REFUSAL_REASON_LABELS[p.reason]}）${note ? `：${note}` : ''}`
    }
    if (action === 'request_extension') {
      if (!p.hours) throw new DomainError('bad_request', 'request_extension needs hours: how much more time', 'invalid_parameter')
      Object.assign(set, { request: 'extend', request_hours: p.hours })
      note = `申请延期${hoursOn(p.hours, await clockOf())}：${note}`
    }
    if (action === 'request_return') {
      set.request = 'return'
      note = `申请回退：${note}`
    }
    if (action === 'approve' || action === 'deny') Object.assign(set, { request: null, request_hours: null })
    if (action === 'deny') note = `驳回${CASE_REQUEST_LABELS[c.request!]}：${note}`
    if (action === 'approve' && c.request === 'return') {
      // The department's dispatch is undone: the desk routes the case again (the department stays on the timeline).
      Object.assign(set, { department_code: null, return_count: sql`return_count + 1` })
      note = `同意回退${note ? `：${note}` : ''}`
    }
    if (action === 'approve' && c.request === 'extend') {
      const clock = await clockOf()
      const hours = c.request_hours ?? 24
      Object.assign(set, { deadline: deadlineAfter(new Date(c.deadline ?? now), hours, clock, await calendar()), extension_count: sql`extension_count + 1` })
      note = `同意延期${hoursOn(hours, clock)}${note ? `：${note}` : ''}`
    }
    if (action === 'rework') set.rework_count = sql`rework_count + 1`
    if (action === 'escalate') note = `上报至${COMMAND_LEVEL_LABELS[level]}级：${note}`
    if (action === 'assign') {
      const unit = await trx.selectFrom('admin_unit').select('name').where('code', '=', (level === 'town' ? c.town_code : c.village_code)!).executeTakeFirst()
      note = `交办至${unit?.name ?? COMMAND_LEVEL_LABELS[level]}${note ? `：${note}` : ''}`
    }
    if (action === 'handle') {
      // The desk handles it itself: the category's time limit runs from now, no department.
      const cat = await trx.selectFrom('incident_category').select(['deadline_hours', 'deadline_clock']).where('code', '=', c.category_code).executeTakeFirst()
      const hours = p.hours ?? cat?.deadline_hours ?? 24
      const clock = cat?.deadline_clock ?? 'working'
      set.department_code = null
      set.dispatched_at = now
      set.deadline = deadlineAfter(now, hours, clock, await calendar())
      note = `${COMMAND_LEVEL_LABELS[level]}级本级处置，限${hoursOn(hours, clock)}${note ? `：${note}` : ''}`
    }
    if (action === 'dispatch') {
      const cat = await trx.selectFrom('incident_category').select(['department_code', 'deadline_hours', 'deadline_clock']).where('code', '=', c.category_code).executeTakeFirst()
      const dept = p.department_code ?? cat?.department_code ?? (c.town_code ? `town_${c.town_code}` : null)
      const d = dept ? await trx.selectFrom('department').select(['code', 'name']).where('code', '=', dept).executeTakeFirst() : undefined
      if (!d) throw new DomainError('bad_request', `no department ${dept ?? '(none given)'}`, 'unknown_department')
      const hours = p.hours ?? cat?.deadline_hours ?? 24
      set.department_code = d.code
      set.dispatched_at = now
      const clock = cat?.deadline_clock ?? 'working'
      set.deadline = deadlineAfter(now, hours, clock, await calendar())
      note = `派遣至${d.name}，限${hoursOn(hours, clock)}${note ? `：${note}` : ''}`
    }
    if (action === 'feedback') set.fed_back_at = now
    if (action === 'verify' && c.fed_back_at) set.verify_minutes = await minutesSince(c.fed_back_at)
    if (action === 'close') {
      set.closed_at = now
      if (c.registered_at) set.handling_minutes = Math.max(0, (await minutesSince(c.registered_at)) - c.paused_minutes)
    }
    if (action === 'supervise') {
      set.supervision = p.level ?? 'normal'
      note = `督办（${SUPERVISION_LABELS[p.level ?? 'normal']}）${note ? `：${note}` : ''}`
    }
    if (action === 'urgent') set.priority = 3
    // 缓办 and 挂账 stop the clock; resuming moves the deadline on by the time it stood, on the category's clock.
    if (action === 'defer' || action === 'park') set.paused_at = c.paused_at ?? now
    if ((action === 'resume' || action === 'unpark') && c.paused_at) {
      set.paused_at = null
      if (c.deadline) {
        const clock = await clockOf()
        const cal = await calendar()
        const hours = clock === 'working' ? workingHoursBetween(new Date(c.paused_at), now, cal) : (now.getTime() - new Date(c.paused_at).getTime()) / 3_600_000
        const rounded = Math.round(hours * 10) / 10
        set.deadline = deadlineAfter(new Date(c.deadline), hours, clock, cal)
        set.paused_minutes = c.paused_minutes + Math.round(hours * 60)
        note = `时限顺延${hoursOn(rounded, clock)}${note ? `：${note}` : ''}`
      }
    }
    if (action === 'evaluate') {
      if (!p.satisfaction && !p.grade) throw new DomainError('bad_request', 'evaluate needs the reporter\'s satisfaction or the desk\'s grade', 'invalid_parameter')
      if (p.satisfaction) set.satisfaction = p.satisfaction
      if (p.grade) set.grade = p.grade
      note = [p.satisfaction && `群众评价：${SATISFACTION_LABELS[p.satisfaction]}`, p.grade && `办理评定：${GRADE_LABELS[p.grade]}`, note].filter(Boolean).join('；')
    }
    let mergedTarget: number | null = null
    if (action === 'merge') {
      if (!p.into) throw new DomainError('bad_request', 'merge needs into: the case this one repeats', 'invalid_parameter')
      if (p.into === id) throw new DomainError('bad_request', 'a case cannot be merged into itself', 'invalid_parameter')
      const t = await sql<{ status: IncidentStatus; merged_into: number | null; simulated: boolean; town_code: string | null; village_code: string | null }>`
        select status, merged_into, simulated, town_code, village_code from incident where id = ${p.into} for update`.execute(trx)
      const target = t.rows[0]
      if (!target || !inDeskArea(actor, target)) throw new DomainError('bad_request', `no incident ${p.into} to merge into in your unit`, 'unknown_incident')
      if (c.by_demo_actor && !target.simulated) throw new DomainError('forbidden', 'the demo actor acts only on the cases it filed', 'not_demo_data')
      if (target.merged_into !== null || target.status === 'closed' || target.status === 'evaluated') {
        throw new DomainError('conflict', `case ${p.into} is closed or merged itself; merge into an open case`, 'illegal_transition')
      }
      set.merged_into = p.into
      set.closed_at = now
      note = `合并至 #${p.into}（重复上报）${note ? `：${note}` : ''}`
      await trx.insertInto('incident_log').values({
        incident_id: p.into, action: 'merge', from_status: target.status, to_status: target.status, actor: actor.display_name,
        organisation: actor.department_code ?? actor.unit_code ?? actor.role, note: `并入重复上报 #${id}`, at: now, level: levelOf(actor.role),
      }).execute()
      await sql`update incident set version = version + 1 where id = ${p.into}`.execute(trx)
      mergedTarget = p.into
    }
    if (action === 'extend') {
      if (!p.hours || p.hours <= 0) throw new DomainError('bad_request', 'extend needs hours > 0', 'invalid_parameter')
      const clock = await clockOf()
      set.deadline = deadlineAfter(new Date(c.deadline ?? now), p.hours, clock, await calendar())
      set.extension_count = sql`extension_count + 1`
      note = `延期${hoursOn(p.hours, clock)}${note ? `：${note}` : ''}`
    }
    await trx.updateTable('incident').set(set).where('id', '=', id).execute()
    const log = await trx.insertInto('incident_log').values({
      incident_id: id, action, from_status: c.status, to_status: to, actor: actor.display_name,
      organisation: actor.department_code ?? actor.unit_code ?? actor.role, note, at: now, level: levelOf(actor.role),
    }).returning('id').executeTakeFirstOrThrow()
    if (p.photos?.length) await insertPhotos(trx, id, Number(log.id), p.photos, actor.id)
    if (mergedTarget) await publishIncident(trx, 'incident.updated', mergedTarget)
    return publishIncident(trx, 'incident.updated', id)
  })
}

export interface TimelineStep {
  action: string; from_status: string | null; to_status: string | null; actor: string; organisation: string | null; note: string | null; at: Date
  /** The level of command of the desk that took the step (null: a grid worker, a department, the engine). */
  level: CommandLevel | null
  elapsed_minutes: number | null
  /** Photos of the step: GET /api/attachments/{id}?size=thumb|full. */
  attachments: Array<{ id: number; width: number; height: number }>
}

export type IncidentDetail = IncidentSummary & {
  description: string; people_involved: number; reporter_user_id: number | null; merged_into: number | null
  /** A department's application waiting for the desk (申请延期 with its hours, 申请回退); why a report was refused. */
  request: CaseRequest | null; request_hours: number | null; refused_reason: RefusalReason | null
  return_count: number; rework_count: number; extension_count: number
}

/** A case with its timeline in order and the minutes between steps. */
export async function incidentDetail(db: Kysely<Database>, id: number): Promise<{ incident: IncidentDetail; timeline: TimelineStep[] } | null> {
  const i = await sql<{ s: IncidentDetail }>`
    select ${summarySql('i')}::jsonb || jsonb_build_object('description', i.description, 'people_involved', i.people_involved,
      'reporter_user_id', i.reporter_user_id, 'merged_into', i.merged_into, 'request', i.request, 'request_hours', i.request_hours,
      'refused_reason', i.refused_reason, 'return_count', i.return_count, 'rework_count', i.rework_count, 'extension_count', i.extension_count) as s
    from incident i where i.id = ${id}`.execute(db)
  if (!i.rows[0]) return null
  const t = await sql<TimelineStep>`
    select l.action, l.from_status, l.to_status, l.actor, l.organisation, l.note, l.at, l.level,
      round(extract(epoch from l.at - lag(l.at) over (order by l.at, l.id)) / 60.0, 1)::float8 as elapsed_minutes,
      coalesce((select json_agg(json_build_object('id', a.id, 'width', a.width, 'height', a.height) order by a.id)
        from attachment a where a.log_id = l.id), '[]'::json) as attachments
    from incident_log l where l.incident_id = ${id} order by l.at, l.id`.execute(db)
  return { incident: i.rows[0].s, timeline: t.rows }
}


const LEVEL_RANK = sql`case supervision when 'none' then 0 when 'normal' then 1 when 'yellow' then 2 else 3 end`
const LEVELS = ['none', 'normal', 'yellow', 'red'] as const

/**
 * Escalates the supervision of open overdue cases on a schedule: overdue → normal, after yellowHours → yellow,
 * after redHours → red, the hours counted on the category's clock (working time by the calendar, or natural hours).
 * Each step is a timeline row by the early-warning engine and a live event.
 */
export async function escalateOverdue(db: Kysely<Database>, at: Date, yellowHours: number, redHours: number): Promise<number> {
  // Natural hours are never fewer than working hours: the cases whose natural-hours level is above their own are
  // the candidates; the category's clock then decides.
  const natural = sql`case when ${at}::timestamptz - i.deadline >= ${redHours}::int * interval '1 hour' then 3
    when ${at}::timestamptz - i.deadline >= ${yellowHours}::int * interval '1 hour' then 2 else 1 end`
  const candidates = await sql<{ id: number; rank: number; deadline: Date; clock: DeadlineClock }>`
    select i.id::int as id, ${LEVEL_RANK} as rank, i.deadline, coalesce(c.deadline_clock, 'working') as clock
    from incident i left join incident_category c on c.code = i.category_code
    where ${caseStanding('i').overdue(sql`${at}::timestamptz`)} and i.closed_at is null and ${LEVEL_RANK} < ${natural}`.execute(db)
  if (!candidates.rows.length) return 0
  const cal = await loadCalendar(db)
  let n = 0
  for (const c of candidates.rows) {
    const hours = c.clock === 'working' ? workingHoursBetween(new Date(c.deadline), at, cal) : (at.getTime() - new Date(c.deadline).getTime()) / 3_600_000
    const level = hours >= redHours ? 3 : hours >= yellowHours ? 2 : 1
    if (level <= c.rank) continue
    await db.transaction().execute(async (trx) => {
      const to = LEVELS[level]!
      const r = await sql<{ status: IncidentStatus }>`update incident set supervision = ${to}, version = version + 1
        where id = ${c.id} and ${LEVEL_RANK} < ${level}::int returning status`.execute(trx)
      if (!r.rows[0]) return
      await trx.insertInto('incident_log').values({
        incident_id: c.id, action: 'supervise', from_status: r.rows[0].status, to_status: r.rows[0].status, actor: '预警引擎',
        organisation: 'early_warning', note: `超期${hoursOn(Math.floor(hours), c.clock)}，自动督办（${SUPERVISION_LABELS[to as keyof typeof SUPERVISION_LABELS]}）`, at, level: null,
      }).execute()
      await publishIncident(trx, 'incident.updated', c.id)
      n++
    })
  }
  return n
}

/** Who a case belongs to, for access checks (its department, grid and reporter). */
export async function caseOwnership(db: Kysely<Database>, id: number): Promise<{ department_code: string | null; grid_code: string | null; reporter_user_id: number | null; category_code: string; town_code: string | null; village_code: string | null } | null> {
  const r = await db.selectFrom('incident').select(['department_code', 'grid_code', 'reporter_user_id', 'category_code', 'town_code', 'village_code']).where('id', '=', id).executeTakeFirst()
  return r ?? null
}
