import { type Kysely, sql } from 'kysely'
import type { Database } from '@gridsight/db'
import type { GenerateContext } from '../context.js'

/** Common surnames and given-name characters: generated names, no real person's. */
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程'.split('')
const GIVEN = '建国华明丽芳军平秀英志强敏静燕红霞玉兰桂林涛斌波勇刚杰娟婷雪梅琴云春晓海鹏宇欣怡'.split('')
/** Grids with a part-time worker beside the full-time one, in percent. */
const PART_TIME_PERCENT = 15
/** Patrol tracks: workers sampled at full scale, and the days back from the end date. */
const TRACKED_WORKERS = 80
const TRACK_DAYS = 7

const arr = (xs: string[]) => sql.raw(`array[${xs.map((x) => `'${x}'`).join(',')}]::text[]`)
/** A generated name from a key: surname and one or two given characters. */
const nameOf = (key: string) => sql`(${arr(SURNAMES)})[1 + abs(hashtext(${sql.raw(key)} || 's')) % ${SURNAMES.length}]
  || (${arr(GIVEN)})[1 + abs(hashtext(${sql.raw(key)} || 'g')) % ${GIVEN.length}]
  || case when abs(hashtext(${sql.raw(key)} || 'h')) % 10 < 6 then (${arr(GIVEN)})[1 + abs(hashtext(${sql.raw(key)} || 'k')) % ${GIVEN.length}] else '' end`
const phoneOf = (key: string) => sql`'1' || (array['38','39','58','77','86','35'])[1 + abs(hashtext(${sql.raw(key)} || 'p')) % 6] || '****'
  || lpad((abs(hashtext(${sql.raw(key)} || 't')) % 10000)::text, 4, '0')`

/**
 * The registry of grid workers (DOMAIN.md, issue 11): a full-time worker in every grid (accounts `wgy-<grid code>`,
 * the grid's existing worker account kept, e.g. gudongmei), a part-time one in some (`wgy-<grid code>-2`), the
 * worker of each village's first grid as its 网格长, and a 网格指导员 per town (`wgzd-<town code>`). Names are
 * generated; phones masked; no ID numbers. All share the demo password's hash. Returns the accounts created.
 */
export async function ensureGridWorkers(db: Kysely<Database>, hash: string): Promise<number> {
  const r = await sql`
    insert into app_user (username, display_name, role, grid_code, password_hash)
    select 'wgy-' || g.code, ${nameOf('g.code')} || '（' || v.name || '网格员）', 'grid_worker', g.code, ${hash}
    from grid g join admin_unit v on v.code = g.village_code
    where not exists (select 1 from app_user u where u.grid_code = g.code and u.role = 'grid_worker')
    union all
    select 'wgy-' || g.code || '-2', ${nameOf("g.code || '-2'")} || '（' || v.name || '兼职网格员）', 'grid_worker', g.code, ${hash}
    from grid g join admin_unit v on v.code = g.village_code where abs(hashtext(g.code || 'part')) % 100 < ${PART_TIME_PERCENT}
    union all
    select 'wgzd-' || t.code, ${nameOf('t.code')} || '（' || t.name || '网格指导员）', 'grid_worker', (select min(code) from grid where code like t.code || '%'), ${hash}
    from admin_unit t where t.level = 'town' and exists (select 1 from grid where code like t.code || '%')
    on conflict (username) do nothing`.execute(db)
  await sql`
    insert into worker_profile (user_id, employment, post, unit_code, phone_masked)
    select u.id, case when u.username like '%-2' then 'part_time' else 'full_time' end,
      case when u.username like 'wgzd-%' then 'instructor' when u.username not like '%-2' and g.code = first.code then 'grid_head' else 'worker' end,
      case when u.username like 'wgzd-%' then substr(u.username, 6) when u.username not like '%-2' and g.code = first.code then g.village_code end,
      ${phoneOf('u.username')}
    from app_user u join grid g on g.code = u.grid_code
    join lateral (select min(code) as code from grid where village_code = g.village_code) first on true
    where u.role = 'grid_worker' and not u.demo_actor
    on conflict (user_id) do nothing`.execute(db)
  return Number(r.numAffectedRows ?? 0)
}

/** Each grid's full-time worker (the one who files the grid's reports in the generated history), as SQL rows (grid_code, id). */
export const GRID_WORKER_SQL = sql`select distinct on (u.grid_code) u.grid_code, u.id from app_user u join worker_profile p on p.user_id = u.id
  where p.employment = 'full_time' and p.post <> 'instructor' order by u.grid_code, u.id`

/**
 * Patrol tracks (巡查轨迹) of a sample of full-time workers over the last TRACK_DAYS days before the end date: rounds
 * of their grid's edge (25 m inside) from 08:30 to 17:30, a point every 5 minutes; the sample is on duty now, sharing
 * its position (the last point).
 */
export async function generateTracks(ctx: GenerateContext) {
  const n = Math.max(5, Math.round(TRACKED_WORKERS * ctx.scale))
  const end = sql`${ctx.endDate.toISOString()}::timestamptz`
  await sql`
    with sample as (
      select u.id, g.geom from app_user u join worker_profile p on p.user_id = u.id join grid g on g.code = u.grid_code
      where p.employment = 'full_time' and p.post <> 'instructor' order by abs(hashtext(u.username || ${String(ctx.seed)})), u.id limit ${n}),
    ring as (
      select s.id, ST_ExteriorRing(ST_GeometryN(coalesce(nullif(ST_Buffer(s.geom::geography, -25)::geometry, 'POLYGON EMPTY'::geometry), s.geom), 1)) as line
      from sample s)
    insert into worker_position (user_id, at, geom)
    select r.id, t.at, ST_Translate(ST_LineInterpolatePoint(r.line, ((k / 108.0) * 2 + (r.id % 7) / 7.0) - floor((k / 108.0) * 2 + (r.id % 7) / 7.0)),
        (abs(hashtext(r.id || '-' || d || '-' || k)) % 100 - 50) * 0.0000006, (abs(hashtext(k || '-' || d || '-' || r.id)) % 100 - 50) * 0.0000006)
    from ring r cross join generate_series(0, ${TRACK_DAYS - 1}) d cross join generate_series(0, 107) k
    cross join lateral (select ((${end} at time zone 'Asia/Shanghai')::date - d + time '08:30' + k * interval '5 minutes') at time zone 'Asia/Shanghai' as at) t
    where t.at <= ${end} and not ST_IsEmpty(r.line)
    on conflict do nothing`.execute(ctx.db)
  await sql`
    update worker_profile p set on_duty = true, shares_position = true, position = l.geom, position_at = l.at
    from (select distinct on (user_id) user_id, at, geom from worker_position order by user_id, at desc) l
    where l.user_id = p.user_id`.execute(ctx.db)
}
