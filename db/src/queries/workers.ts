import { DomainError, type Employment, type TaskKind, type WorkerPost } from '@gridsight/contract'
import { type Kysely, sql } from 'kysely'
import { beijingDaySql } from '../beijing.js'
import { metresBetween, point } from '../postgis.js'
import type { Database } from '../schema.js'
import { insertPhotos, type ProcessedPhoto } from './attachments.js'

/**
 * The grid workers as a force (DOMAIN.md): the registry (grid worker accounts with their profile), their duty and
 * shared position (only while on duty, only when they opt in; positions are kept 30 days), the nearest to a point by
 * distance on the spheroid, patrol tracks per day, the desks' tasks, and the figures leaders ask for.
 */
export const POSITION_DAYS = 30
/** A position older than this is not "where the worker is now" (shown greyed); older than STALE_HOURS, not shown. */
export const FRESH_MINUTES = 30
export const STALE_HOURS = 12

/** The unit a desk serves, as a code prefix of grids (the district's desks: every grid). */
export type UnitScope = string | null
const inUnit = (col: string, unit: UnitScope) => (unit ? sql`${sql.ref(col)} like ${`${unit}%`}` : sql`true`)

export interface Worker {
  id: number; username: string; display_name: string; grid_code: string; village_code: string; town_code: string
  employment: Employment; post: WorkerPost; unit_code: string | null; phone_masked: string | null; on_duty: boolean
}

/** The registry of a unit (a town's or a village's grids, or the district's), by grid. */
export async function registry(db: Kysely<Database>, unit: UnitScope, limit = 2000): Promise<Worker[]> {
  const r = await sql<Worker>`
    select u.id, u.username, u.display_name, u.grid_code, g.village_code, left(g.village_code, 9) as town_code,
      p.employment, p.post, p.unit_code, p.phone_masked, p.on_duty
    from app_user u join worker_profile p on p.user_id = u.id join grid g on g.code = u.grid_code
    where u.role = 'grid_worker' and ${inUnit('u.grid_code', unit)}
    order by u.grid_code, p.post desc, u.id limit ${limit}`.execute(db)
  return r.rows
}

/** Distance and age only: where the worker stands is not sent (a track is read, audited, on its own). */
export interface NearWorker { id: number; display_name: string; grid_code: string; post: WorkerPost; metres: number; position_at: Date; fresh: boolean }

/** The on-duty workers sharing their position nearest a point (real distance), nearest first. */
export async function nearest(db: Kysely<Database>, lon: number, lat: number, unit: UnitScope, limit = 10): Promise<NearWorker[]> {
  const r = await sql<NearWorker>`
    select u.id, u.display_name, u.grid_code, p.post, ${metresBetween(sql`p.position`, point(lon, lat))} as metres, p.position_at,
      p.position_at > now() - ${FRESH_MINUTES}::int * interval '1 minute' as fresh
    from worker_profile p join app_user u on u.id = p.user_id
    where p.on_duty and p.shares_position and p.position is not null and ${inUnit('u.grid_code', unit)}
      and p.position_at > now() - ${STALE_HOURS}::int * interval '1 hour'
    order by p.position <-> ${point(lon, lat)}, u.id limit ${limit * 4}`.execute(db)
  // The index orders by planar distance; the spheroid decides.
  return r.rows.sort((a, b) => a.metres - b.metres || a.id - b.id).slice(0, limit)
}

/**
 * The phone reports duty and position. Off duty, or without consent, nothing of the position is kept beyond the
 * switch itself: going off duty clears the current position. Positions older than POSITION_DAYS are deleted.
 */
/** The worker's own duty and sharing, as the phone shows them after a reload. */
export async function duty(db: Kysely<Database>, userId: number) {
  const r = await sql<{ on_duty: boolean; shares_position: boolean; position_at: Date | null }>`
    select on_duty, shares_position, position_at from worker_profile where user_id = ${userId}`.execute(db)
  if (!r.rows[0]) throw new DomainError('forbidden', 'this account is not in the grid worker registry', 'not_a_worker')
  return r.rows[0]
}

export async function reportDuty(db: Kysely<Database>, userId: number, d: { on_duty: boolean; share_position: boolean; lon?: number; lat?: number }) {
  return db.transaction().execute(async (trx) => {
    const sharing = d.on_duty && d.share_position
    const where = sharing && d.lon !== undefined && d.lat !== undefined ? point(d.lon, d.lat) : null
    if (where) {
      const inside = await sql<{ ok: boolean }>`select exists (select 1 from admin_unit where level = 'district' and ST_Intersects(geom, ${where})) as ok`.execute(trx)
      if (!inside.rows[0]?.ok) throw new DomainError('unprocessable', 'the position is outside the district', 'outside_district')
    }
    const r = await sql<{ on_duty: boolean; shares_position: boolean; position_at: Date | null }>`
      update worker_profile set on_duty = ${d.on_duty}, shares_position = ${sharing},
        position = ${where ?? (sharing ? sql`position` : sql`null`)}, position_at = ${where ? sql`now()` : sharing ? sql`position_at` : sql`null`}
      where user_id = ${userId} returning on_duty, shares_position, position_at`.execute(trx)
    if (!r.rows[0]) throw new DomainError('forbidden', 'this account is not in the grid worker registry', 'not_a_worker')
    if (where) await sql`insert into worker_position (user_id, at, geom) values (${userId}, now(), ${where}) on conflict do nothing`.execute(trx)
    await sql`delete from worker_position where at < now() - ${POSITION_DAYS}::int * interval '1 day'`.execute(trx)
    return r.rows[0]
  })
}

/** A worker's patrol track on a Beijing day: the positions in order, the distance walked and the share of the grid passed. */
export async function track(db: Kysely<Database>, userId: number, day: string) {
  const r = await sql<{ points: [number, number, string][] | null; metres: number | null; coverage: number | null }>`
    with p as (select at, geom from worker_position where user_id = ${userId} and ${beijingDaySql(sql`at`)} = ${day} order by at),
    line as (select ST_MakeLine(geom order by at) as geom, count(*) as n from p)
    select (select json_agg(json_build_array(round(ST_X(geom)::numeric, 6), round(ST_Y(geom)::numeric, 6), at) order by at) from p) as points,
      (select round(ST_Length(geom::geography))::int from line where n > 1) as metres,
      -- Patrol coverage: the share of the worker's grid within 50 m of the track.
      (select round((ST_Area(ST_Intersection(g.geom, ST_Buffer(l.geom::geography, 50)::geometry)::geography) / nullif(ST_Area(g.geom::geography), 0))::numeric, 3)::float8
        from line l, app_user u join grid g on g.code = u.grid_code where u.id = ${userId} and l.n > 0) as coverage`.execute(db)
  const row = r.rows[0]!
  return { day, points: (row.points ?? []).map(([lon, lat, at]) => ({ lon, lat, at })), metres: row.metres ?? 0, coverage: row.coverage ?? 0 }
}

export interface WorkerRef { id: number; grid_code: string }
/** A worker of the registry within a desk's unit (null when not, or not a worker). */
export async function workerInUnit(db: Kysely<Database>, id: number, unit: UnitScope): Promise<WorkerRef | null> {
  const r = await sql<WorkerRef>`select u.id, u.grid_code from app_user u join worker_profile p on p.user_id = u.id
    where u.id = ${id} and u.role = 'grid_worker' and ${inUnit('u.grid_code', unit)}`.execute(db)
  return r.rows[0] ?? null
}

export interface Task {
  id: number; assignee_id: number; assignee: string; kind: TaskKind; title: string; note: string; incident_id: number | null
  due_at: Date; created_at: Date; created_by: string | null; done_at: Date | null; result: string | null; overdue: boolean
  photos: number[]
}
const taskSql = sql`select t.id, t.assignee_id, a.display_name as assignee, t.kind, t.title, t.note, t.incident_id::int as incident_id, t.due_at,
    t.created_at, c.display_name as created_by, t.done_at, t.result, (t.done_at is null and t.due_at < now()) or t.done_at > t.due_at as overdue,
    coalesce((select json_agg(x.id order by x.id) from attachment x where x.task_id = t.id), '[]'::json) as photos
  from worker_task t join app_user a on a.id = t.assignee_id left join app_user c on c.id = t.created_by`

export async function createTask(db: Kysely<Database>, t: { assignee_id: number; kind: TaskKind; title: string; note?: string; incident_id?: number; due_at: Date }, by: number): Promise<Task> {
  const r = await db.insertInto('worker_task').values({ assignee_id: t.assignee_id, kind: t.kind, title: t.title, note: t.note ?? '', incident_id: t.incident_id ?? null, due_at: t.due_at, created_by: by })
    .returning('id').executeTakeFirstOrThrow()
  return (await task(db, Number(r.id)))!
}

export async function task(db: Kysely<Database>, id: number): Promise<Task | null> {
  return (await sql<Task>`${taskSql} where t.id = ${id}`.execute(db)).rows[0] ?? null
}

/** Tasks of one worker (the phone) or of a unit's workers (a desk), open first, then by due time. */
export async function tasks(db: Kysely<Database>, q: { assignee?: number; unit?: UnitScope; open?: boolean; limit?: number }): Promise<Task[]> {
  const r = await sql<Task>`${taskSql}
    where ${q.assignee !== undefined ? sql`t.assignee_id = ${q.assignee}` : inUnit('a.grid_code', q.unit ?? null)}
      and ${q.open ? sql`t.done_at is null` : sql`true`}
    order by t.done_at is not null, t.due_at, t.id limit ${q.limit ?? 200}`.execute(db)
  return r.rows
}

/** The worker closes a task with what was found and at least one photo; a closed task stays closed. */
export async function completeTask(db: Kysely<Database>, id: number, userId: number, result: string, photos: ProcessedPhoto[]): Promise<Task> {
  if (!photos.length) throw new DomainError('bad_request', 'a task is closed with a photo of what was found', 'photo_required')
  return db.transaction().execute(async (trx) => {
    const r = await sql<{ assignee_id: number; done_at: Date | null }>`select assignee_id, done_at from worker_task where id = ${id} for update`.execute(trx)
    const t = r.rows[0]
    if (!t) throw new DomainError('not_found', `no task ${id}`, 'unknown_task')
    if (t.assignee_id !== userId) throw new DomainError('forbidden', 'this task is not yours', 'not_your_task')
    if (t.done_at) throw new DomainError('conflict', 'this task is closed already', 'illegal_transition')
    await sql`update worker_task set done_at = now(), result = ${result} where id = ${id}`.execute(trx)
    await insertPhotos(trx, { task: id }, null, photos, userId)
    return (await task(trx, id))!
  })
}

export interface WorkerFigures {
  id: number; display_name: string; grid_code: string; employment: Employment; post: WorkerPost
  reports: number; self_settled: number; verifications: number; verified_in_time: number
  tasks: number; tasks_done_in_time: number; patrol_days: number
  /** The share of the grid within 50 m of the window's tracks (null without any). */
  coverage: number | null
}

/**
 * Figures per worker over a window (leaders' 网格员考核): reports filed and settled on the spot, verifications done
 * and how many within 24 hours of the feedback, tasks done by their due time, days on patrol and the share of the grid
 * their tracks passed (within 50 m).
 */
export async function figures(db: Kysely<Database>, unit: UnitScope, from: Date, to: Date, limit = 2000): Promise<WorkerFigures[]> {
  // Each figure in one pass over its table for the whole unit (not a look-up per worker).
  const r = await sql<WorkerFigures>`
    with w as (
      select u.id, u.display_name, u.grid_code, p.employment, p.post from app_user u join worker_profile p on p.user_id = u.id
      where u.role = 'grid_worker' and ${inUnit('u.grid_code', unit)}),
    rep as (
      select i.reporter_user_id as id, count(*)::int as reports, count(*) filter (where i.self_settled)::int as self_settled
      from incident i where i.reporter_user_id in (select id from w) and i.reported_at >= ${from} and i.reported_at < ${to} group by 1),
    chk as (
      -- A check counts as timely within 24 hours of the feedback before it.
      select i.grid_code, l.actor, count(*)::int as n,
        count(*) filter (where l.at - (select max(x.at) from incident_log x where x.incident_id = l.incident_id and x.action = 'feedback' and x.at <= l.at)
          <= interval '24 hours')::int as in_time
      from incident_log l join incident i on i.id = l.incident_id
      where l.action in ('verify', 'rework') and l.organisation = 'grid_worker' and l.at >= ${from} and l.at < ${to} and ${inUnit('i.grid_code', unit)}
      group by 1, 2),
    tsk as (
      select t.assignee_id as id, count(*)::int as n, count(*) filter (where t.done_at <= t.due_at)::int as in_time
      from worker_task t where t.assignee_id in (select id from w) and t.due_at >= ${from} and t.due_at < ${to} group by 1),
    pat as (
      select p.user_id as id, count(distinct ${beijingDaySql(sql`p.at`)})::int as days, ST_Collect(p.geom) as walked
      from worker_position p where p.user_id in (select id from w) and p.at >= ${from} and p.at < ${to} group by 1)
    select w.id, w.display_name, w.grid_code, w.employment, w.post, coalesce(rep.reports, 0) as reports, coalesce(rep.self_settled, 0) as self_settled,
      coalesce(chk.n, 0) as verifications, coalesce(chk.in_time, 0) as verified_in_time, coalesce(tsk.n, 0) as tasks,
      coalesce(tsk.in_time, 0) as tasks_done_in_time, coalesce(pat.days, 0) as patrol_days,
      (select round((ST_Area(ST_Intersection(g.geom, ST_Buffer(pat.walked::geography, 50)::geometry)::geography)
        / nullif(ST_Area(g.geom::geography), 0))::numeric, 3)::float8 from grid g where g.code = w.grid_code and pat.walked is not null) as coverage
    from w left join rep on rep.id = w.id left join chk on chk.grid_code = w.grid_code and chk.actor = w.display_name
      left join tsk on tsk.id = w.id left join pat on pat.id = w.id
    order by reports desc, w.grid_code, w.id limit ${limit}`.execute(db)
  return r.rows
}
