import { beijingDay, TIME_ZONE } from '@gridsight/contract'
import { calendar, NATURAL_CLOCK_CATEGORIES, officeHoursOn, startOfBeijingDaySql } from '@gridsight/db'
import { type RawBuilder, sql } from 'kysely'
import type { GenerateContext } from '../context.js'
import { CATEGORIES } from './reference.js'
import { COMMAND_CENTRE } from './stories.js'
import { GRID_WORKER_SQL } from './workers.js'

/** Relative frequency of reports per hour of day: quiet nights, a morning and an afternoon peak. */
const HOUR_WEIGHTS = [0.3, 0.2, 0.15, 0.15, 0.2, 0.4, 1.2, 2.5, 4.5, 6, 6.5, 6, 4.5, 4, 5.5, 6, 5.5, 4.5, 3.5, 3, 2.5, 2, 1.2, 0.6]
const INCIDENTS_PER_YEAR = 200_000
/** Mean handling time as a share of the deadline; exponential, so about 8 % of cases end overdue. */
const MEAN_HANDLING_SHARE = 0.4

function cumulative(weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0)
  let run = 0
  return weights.slice(0, -1).map((w) => (run += w / total))
}

const arr = (values: (string | number | null)[]) =>
  sql.raw(`array[${values.map((v) => (v === null ? 'null' : typeof v === 'number' ? String(v) : `'${v}'`)).join(',')}]`)

/**
 * Shares of the history's cases by what happened to them beyond the plain path (DOMAIN.md's practice; the issue's
 * ranges): 不予受理 2–5 %, 回退 2–4 % (only a department returns a case, and about half the cases go to one),
 * 返工 1–5 %, 延期 1–3 %, 缓办 under 1 %. Cumulative bounds of one draw.
 */
const REFUSED = 0.035
const RETURNED = REFUSED + 0.06
const REWORKED = RETURNED + 0.03
const EXTENDED = REWORKED + 0.02
const DEFERRED = EXTENDED + 0.007

/**
 * The working clock in SQL, for a year of history at once: gen_work_day gives each Beijing day its working minutes
 * before it (cum) and its office periods, so a moment's working-minute count is one join; gen_slot gives the moment
 * of every working minute, so a count back to a moment is another. Built from the calendar (holidays, 调休 days,
 * seasonal office hours) from `from` for `days` days.
 */
async function workingClock(ctx: GenerateContext, from: Date, days: number) {
  const cal = await calendar.loadCalendar(ctx.db)
  const rows: string[] = []
  let cum = 0
  for (let d = 0; d < days; d++) {
    const date = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + d))
    const day = date.toISOString().slice(0, 10)
    const periods = officeHoursOn(cal, day, date.getUTCDay())
    const col = (i: number, j: 0 | 1) => periods[i]?.[j] ?? 'null'
    rows.push(`('${day}'::date, ${cum}, ${col(0, 0)}, ${col(0, 1)}, ${col(1, 0)}, ${col(1, 1)}, ${col(2, 0)}, ${col(2, 1)})`)
    cum += periods.reduce((a, [s, e]) => a + (e - s), 0)
  }
  await sql`drop table if exists gen_work_day, gen_slot`.execute(ctx.db)
  await sql`create table gen_work_day (day date primary key, cum int not null, s1 int, e1 int, s2 int, e2 int, s3 int, e3 int)`.execute(ctx.db)
  await sql`insert into gen_work_day values ${sql.raw(rows.join(','))}`.execute(ctx.db)
  await sql`create table gen_slot as
    select d.cum + p.before + g as k, (d.day::timestamp + (p.s + g) * interval '1 minute') at time zone ${sql.lit(TIME_ZONE)} as at
    from gen_work_day d
    cross join lateral (values (d.s1, d.e1, 0), (d.s2, d.e2, coalesce(d.e1 - d.s1, 0)),
      (d.s3, d.e3, coalesce(d.e1 - d.s1, 0) + coalesce(d.e2 - d.s2, 0))) p(s, e, before)
    cross join lateral generate_series(0, p.e - p.s - 1) g
    where p.s is not null`.execute(ctx.db)
  await sql`alter table gen_slot add primary key (k)`.execute(ctx.db)
}

/** A moment's count of working minutes since the clock's first day (a moment outside office hours counts those before it). */
const workingMinutesSql = (t: RawBuilder<unknown>, d: string) => {
  const m = sql`extract(epoch from (${t}) at time zone ${sql.lit(TIME_ZONE)} - ${sql.raw(d)}.day::timestamp) / 60`
  const part = (s: string, e: string) => sql`coalesce(greatest(0, least(${sql.raw(`${d}.${e}`)}, ${m}) - ${sql.raw(`${d}.${s}`)}), 0)`
  return sql`(${sql.raw(d)}.cum + ${part('s1', 'e1')} + ${part('s2', 'e2')} + ${part('s3', 'e3')})`
}

/**
 * One year of historical incidents, generated in SQL from deterministic hashes: the rhythm of the day and
 * week, the category mix, the level each is settled at, and every step on the category's clock as live cases run
 * it — the desk's steps inside office hours and deadlines in working time from dispatch (natural hours for
 * emergencies) — with the shares of refused, returned, reworked, extended and deferred cases above.
 */
export async function generateIncidents(ctx: GenerateContext) {
  const leaves = CATEGORIES.flatMap((c) => c.children)
  const n = Math.max(2000, Math.round(INCIDENTS_PER_YEAR * ctx.scale))
  const end = ctx.endDate.toISOString()
  // The clock runs from before the first report to well past the last deadline.
  const firstDay = beijingDay(ctx.endDate.getTime() - 370 * 86_400_000)
  await workingClock(ctx, new Date(`${firstDay}T00:00:00Z`), 370 + 160)
  const origin = sql.raw(`('${firstDay}'::timestamp at time zone '${TIME_ZONE}')`)
  const natural = leaves.map((l) => l[0]).filter((c) => (NATURAL_CLOCK_CATEGORIES as readonly string[]).includes(c))
  // One seeded random stream in one statement: the same seed gives the same history on an engine.
  await sql`select setseed(${(ctx.seed % 1000) / 1000}::float8)`.execute(ctx.db)
  await sql`drop table if exists gen_plan, gen_case`.execute(ctx.db)
  await sql`
    create table gen_plan as
    with hh as (select min(id) as lo, max(id) - min(id) + 1 as n from household),
    draw as (
      select i,
        floor(random() * 365)::int as day,
        width_bucket(random(), ${arr(cumulative(HOUR_WEIGHTS))}::float8[]) as hour,
        random() as minute,
        random() as weekday_shift,
        1 + width_bucket(random(), ${arr(cumulative(leaves.map((l) => l[4])))}::float8[]) as cat,
        random() as src,
        random() as dur,
        random() as acc,
        random() as dis,
        random() as ppl,
        random() as pri,
        random() as lvl,
        random() as ev,
        random() as ev2,
        hh.lo + floor(random() * hh.n)::bigint as household_id
      from generate_series(1, ${n}::int) i, hh
    ),
    timed as (
      select d.*, (${arr(leaves.map((l) => l[0]))}::text[])[d.cat] as category_code,
        (${arr(leaves.map((l) => l[3]))}::int[])[d.cat] * 60 as h,
        (${arr(leaves.map((l) => (l[2] === 'town' ? null : l[2])))}::text[])[d.cat] as dept,
        (${arr(leaves.map((l) => l[1]))}::text[])[d.cat] as category_name,
        t0 - case when extract(isodow from t0 at time zone ${sql.lit(TIME_ZONE)}) >= 6 and d.weekday_shift < 0.35
          then (extract(isodow from t0 at time zone ${sql.lit(TIME_ZONE)}) - 5) * interval '1 day' else interval '0' end as reported_at
      from draw d
      -- Days and hours of Beijing time.
      cross join lateral (select ${startOfBeijingDaySql(sql`${end}::timestamptz`)} - interval '364 days'
        + d.day * interval '1 day' + d.hour * interval '1 hour' + d.minute * interval '59 minutes' as t0) t
    ),
    leveled as (
      -- "小事不出村、大事不出镇": about half settled in the village (many on the spot by the grid worker who found
      -- them, where the category allows), a third in the town, the rest at the district; emergencies and
      -- collective-action signs go to the town or the district.
      select t.*, case when t.category_code like 'collective.%' or t.category_code like 'order.%' or t.category_code like 'disaster.%'
            then case when t.lvl < 0.5 then 'town' else 'district' end
          when t.lvl < 0.52 then 'village' when t.lvl < 0.84 then 'town' else 'district' end as level,
        (t.src < 0.7 and t.lvl < 0.3 and c.self_settle) as self,
        t.category_code in (${sql.join(natural)}) as natural
      from timed t join incident_category c on c.code = t.category_code
      where t.reported_at <= ${end}::timestamptz
    ),
    kinded as (
      select l.*, case when l.self then 'self' when l.ev < ${REFUSED} then 'refused'
          when l.ev < ${RETURNED} then case when l.level = 'village' then 'plain' else 'returned' end
          when l.ev < ${REWORKED} then 'reworked' when l.ev < ${EXTENDED} then 'extended' when l.ev < ${DEFERRED} then 'deferred' else 'plain' end as kind,
        -- Where the report stands on its clock: working minutes (or natural minutes for emergencies) since the clock began.
        case when l.natural then extract(epoch from l.reported_at - ${origin}) / 60 else ${workingMinutesSql(sql`l.reported_at`, 'wd')} end as w0
      from leveled l
      left join gen_work_day wd on wd.day = (l.reported_at at time zone ${sql.lit(TIME_ZONE)})::date
    ),
    handled as (
      -- Handling time: exponential around a share of the deadline (about 8 % end late); an extended case needs more.
      select k.*, case when k.kind = 'extended' then k.h * (0.9 + k.dur * 0.9) else greatest(24, k.h * -ln(1 - k.dur) * ${MEAN_HANDLING_SHARE}::float8) end as handle,
        case when k.kind = 'deferred' then 480 + k.ev2 * 1920 else 0 end as pause,
        -- Accepted within half an hour on the clock, a few only after an hour or more (及时受理率 is not always 100 %).
        k.w0 + 2 + k.acc * 28 + case when k.ev2 > 0.97 then 45 + k.dur * 150 else 0 end as w_acc
      from kinded k
    ),
    dispatched as (
      select h.*, h.w_acc + 3 + h.acc * 5 as w_reg, h.w_acc + 5 + h.acc * 5 + h.dis * 55 as w_d0 from handled h
    )
    select row_number() over (order by reported_at, i) + (select coalesce(max(id), 0) from incident) as id, d.*,
      case when d.kind = 'returned' then d.w_d0 + 60 + d.ev2 * 180 end as w_ret,
      case when d.kind = 'returned' then d.w_d0 + 80 + d.ev2 * 180 + d.dis * 30 else d.w_d0 end as w_d
    from dispatched d`.execute(ctx.db)
  // Back from the clock to moments: one join per step every case takes, a look-up for the steps a few take.
  const on = (w: string, slot?: string) => sql.raw(`case when p.natural then ${origin.compile(ctx.db).sql} + (${w}) * interval '1 minute' else ${slot ? `${slot}.at` : `(select s.at from gen_slot s where s.k = floor(${w})::int)`} + ((${w}) - floor(${w})) * interval '1 minute' end`)
  const endAt = sql`${end}::timestamptz`
  await sql`
    create table gen_case as
    with t as (
      select p.*, ${on('p.w_acc', 'sa')} as t_acc, ${on('p.w_reg', 'sr')} as t_reg, ${on('p.w_d', 'sd')} as t_d,
        ${on('p.w_d + p.h + p.pause + case when p.kind = \'extended\' then p.h else 0 end', 'sl')} as t_dl,
        ${on('p.w_d + p.pause + greatest(10, p.handle * 0.9)', 'sf')} as t_fb, ${on('p.w_d + p.pause + p.handle', 'sc')} as t_cl,
        case when p.kind = 'returned' then ${on('p.w_d0')} end as t_d0,
        case when p.kind = 'returned' then ${on('p.w_ret - 30')} end as t_rq,
        case when p.kind = 'returned' then ${on('p.w_ret')} end as t_ret,
        case when p.kind = 'reworked' then ${on('p.w_d + p.handle * 0.5')} end as t_fb0,
        case when p.kind = 'reworked' then ${on('p.w_d + p.handle * 0.5 + 30')} end as t_rw,
        case when p.kind = 'extended' then ${on('p.w_d + p.h * 0.6')} end as t_xr,
        case when p.kind = 'extended' then ${on('p.w_d + p.h * 0.6 + 20')} end as t_xa,
        case when p.kind = 'deferred' then ${on('p.w_d + p.handle * 0.2')} end as t_def,
        case when p.kind = 'deferred' then ${on('p.w_d + p.handle * 0.2 + p.pause')} end as t_res,
        -- Lateness on the category's clock, in minutes, at closing or now.
        least(p.w_d + p.pause + p.handle, case when p.natural then extract(epoch from ${endAt} - ${origin}) / 60
          else (select ${workingMinutesSql(endAt, 'we')} from gen_work_day we where we.day = (${endAt} at time zone ${sql.lit(TIME_ZONE)})::date) end)
          - (p.w_d + p.h + p.pause + case when p.kind = 'extended' then p.h else 0 end) as late
      from gen_plan p
      left join gen_slot sa on sa.k = floor(p.w_acc)::int left join gen_slot sr on sr.k = floor(p.w_reg)::int
      left join gen_slot sd on sd.k = floor(p.w_d)::int
      left join gen_slot sl on sl.k = floor(p.w_d + p.h + p.pause + case when p.kind = 'extended' then p.h else 0 end)::int
      left join gen_slot sf on sf.k = floor(p.w_d + p.pause + greatest(10, p.handle * 0.9))::int
      left join gen_slot sc on sc.k = floor(p.w_d + p.pause + p.handle)::int
    )
    select t.*, case when t.self then t.reported_at + (10 + t.acc * 30) * interval '1 minute' else t.t_cl end as closed,
      case
        when t.self then case when t.reported_at + (10 + t.acc * 30) * interval '1 minute' <= ${endAt} then 'closed' else 'reported' end
        when t.kind = 'refused' then case when t.t_acc <= ${endAt} then 'refused' else 'reported' end
        when t.t_cl <= ${endAt} then case when t.t_cl < ${endAt} - interval '7 days' and t.pri < 0.3 then 'evaluated' else 'closed' end
        when t.t_fb <= ${endAt} then 'fed_back'
        when t.t_def <= ${endAt} and t.t_res > ${endAt} then 'deferred'
        when t.t_ret <= ${endAt} and t.t_d > ${endAt} then 'returned'
        when coalesce(t.t_d0, t.t_d) <= ${endAt} then 'handling'
        when t.t_reg <= ${endAt} then 'registered'
        when t.t_acc <= ${endAt} then 'accepted'
        else 'reported' end as status
    from t`.execute(ctx.db)
  await sql`
    insert into incident (id, title, description, category_code, source, status, priority, people_involved, geom, grid_code,
      village_code, town_code, department_code, reported_at, accepted_at, registered_at, dispatched_at, fed_back_at, closed_at, deadline,
      supervision, level, self_settled, refused_reason, paused_at, return_count, rework_count, extension_count, reporter_user_id,
      accept_minutes, verify_minutes, handling_minutes, paused_minutes, satisfaction, grade)
    select p.id, v.name || ' ' || p.category_name,
      case when p.src < 0.7 then '网格员巡查发现' when p.src < 0.85 then '12345热线转办' when p.src < 0.93 then '群众反映'
        when p.src < 0.97 then '视频监控发现' else '物联感知告警' end || '：' || v.name || p.category_name || '问题，请及时处置。',
      p.category_code,
      case when p.src < 0.7 then 'grid_worker' when p.src < 0.85 then 'hotline' when p.src < 0.93 then 'citizen'
        when p.src < 0.97 then 'camera' else 'iot' end,
      p.status,
      case when p.category_code like 'collective.%' or p.category_code in ('order.missing', 'disaster.flood') then 2 + (p.pri < 0.4)::int
        when p.pri < 0.1 then 2 else 1 end,
      case when p.category_code like 'collective.%' then 5 + floor(p.ppl * 60)::int
        when p.category_code like 'dispute.%' then 2 + floor(p.ppl * 4)::int else 1 end,
      ST_SetSRID(ST_MakePoint(ST_X(h.geom) + (p.acc - 0.5) * 0.0004, ST_Y(h.geom) + (p.dis - 0.5) * 0.0004), 4326),
      g.code, g.village_code, v.parent_code,
      -- A village station handles its cases itself; a town or the district dispatches to the category's department.
      case when p.level <> 'village' and not p.self and p.status not in ('refused', 'returned') then coalesce(p.dept, 'town_' || v.parent_code) end,
      p.reported_at,
      case when not p.self and p.kind <> 'refused' and p.t_acc <= ${endAt} then p.t_acc end,
      case when not p.self and p.kind <> 'refused' and p.t_reg <= ${endAt} then p.t_reg end,
      case when p.self or p.kind = 'refused' or p.status = 'returned' then null when p.t_d <= ${endAt} then p.t_d when p.t_d0 <= ${endAt} then p.t_d0 end,
      case when not p.self and p.kind <> 'refused' and p.t_fb <= ${endAt} then p.t_fb end,
      case when p.status in ('closed', 'evaluated') then p.closed end,
      case when not p.self and p.kind <> 'refused' and p.status <> 'returned' and coalesce(p.t_d0, p.t_d) <= ${endAt} then p.t_dl end,
      case when p.self or p.kind = 'refused' or p.t_d > ${endAt} or p.late <= 0 then 'none'
        when p.late > 3 * p.h then 'red' when p.late > p.h then 'yellow' else 'normal' end,
      p.level, p.self,
      case when p.status = 'refused' then case when p.ev < ${REFUSED * 0.35} then 'out_of_scope' when p.ev < ${REFUSED * 0.6} then 'invalid'
        when p.ev < ${REFUSED * 0.85} then 'duplicate' else 'out_of_area' end end,
      case when p.status = 'deferred' then p.t_def end,
      coalesce(p.t_ret <= ${endAt}, false)::int, coalesce(p.t_rw <= ${endAt}, false)::int, coalesce(p.t_xa <= ${endAt}, false)::int,
      -- Found by a grid worker: the grid's full-time worker's report.
      case when p.src < 0.7 then w.id end,
      -- The times on the category's clock (the plan's minutes are that clock's): 受理, 核查 (feedback → closing) and
      -- 立案 → 结案 less the paused time; a matter settled on the spot took its minutes from the report.
      case when not p.self and p.kind <> 'refused' and p.t_acc <= ${endAt} then round(p.w_acc - p.w0)::int end,
      case when not p.self and p.status in ('closed', 'evaluated') then round(p.handle - greatest(10, p.handle * 0.9))::int end,
      case when p.status in ('closed', 'evaluated') then case when p.self then round(10 + p.acc * 30)::int else round(p.w_d + p.handle - p.w_reg)::int end end,
      case when p.kind = 'deferred' and p.t_res <= ${endAt} then round(p.pause)::int else 0 end,
      -- 评价 of the evaluated: most reporters satisfied, fewer when the case was reworked or late.
      case when p.status = 'evaluated' then case when p.ppl < case when p.kind = 'reworked' or p.late > 0 then 0.55 else 0.8 end then 'satisfied'
        when p.ppl < 0.94 then 'basically' else 'dissatisfied' end end,
      case when p.status = 'evaluated' then case when p.acc < 0.45 then 'excellent' when p.acc < 0.85 then 'good' when p.acc < 0.97 then 'fair' else 'poor' end end
    from gen_case p
    join household h on h.id = p.household_id
    join grid g on g.code = h.grid_code
    join admin_unit v on v.code = g.village_code
    left join (${GRID_WORKER_SQL}) w on w.grid_code = g.code
    order by p.id`.execute(ctx.db)
  await sql`select setval(pg_get_serial_sequence('incident', 'id'), (select max(id) from incident))`.execute(ctx.db)
  await generateIncidentLogs(ctx)
  await sql`drop table gen_plan, gen_case, gen_slot, gen_work_day`.execute(ctx.db)
}

/**
 * The timeline rows of the generated history: one per step that has happened, by the desk of the case's level, the
 * department it went to or the grid worker — in one pass over the cases for the steps every case takes, and one over
 * the few that were returned, extended, deferred or reworked.
 */
async function generateIncidentLogs(ctx: GenerateContext) {
  const end = sql`${ctx.endDate.toISOString()}::timestamptz`
  const reason = sql`case i.refused_reason when 'out_of_scope' then '不属受理范围' when 'invalid' then '无效信息' when 'duplicate' then '重复上报' else '不属本辖区' end`
  const source = (rare: boolean) => sql`
    select i.id, i.description, i.source, i.status, i.reported_at, c.t_acc, i.accepted_at, i.registered_at, i.fed_back_at, i.closed_at, i.self_settled,
      c.kind, c.t_d0, c.t_rq, c.t_ret, c.t_d, c.t_xr, c.t_xa, c.t_def, c.t_res, c.t_fb0, c.t_rw, i.level, c.level as case_level,
      case i.level when 'village' then '工作站值班员' when 'town' then '综治中心值班员' else '值班员' end as desk,
      case i.level when 'village' then v.name || '工作站' when 'town' then t.name || '综治中心' else ${COMMAND_CENTRE} end as desk_unit,
      coalesce(d.name, v.name || '工作站') as handler, d.name as department, ${reason} as refused
    from gen_case c join incident i on i.id = c.id
    left join admin_unit v on v.code = i.village_code left join admin_unit t on t.code = i.town_code
    left join department d on d.code = case when c.level <> 'village' and not c.self then coalesce(c.dept, 'town_' || i.town_code) end
    ${rare ? sql`where c.kind in ('returned', 'extended', 'deferred', 'reworked')` : sql``}`
  await sql`
    insert into incident_log (incident_id, action, from_status, to_status, actor, organisation, note, at, level)
    select w.id, s.action, s.from_status, s.to_status, s.actor, s.organisation, s.note, s.at, s.level
    from (${source(false)}) w
    cross join lateral (values
      ('report', null, 'reported', case w.source when 'grid_worker' then '网格员' when 'hotline' then '12345热线' when 'citizen' then '群众'
        when 'camera' then '视频巡查' else '物联感知' end, null, w.description, w.reported_at, null),
      ('settle', 'reported', 'closed', '网格员', null, '现场自行处置完毕', case when w.self_settled then w.closed_at end, 'village'),
      ('refuse', 'reported', 'refused', w.desk, w.desk_unit, '不予受理（' || w.refused || '）', case when w.status = 'refused' then w.t_acc end, w.level),
      ('accept', 'reported', 'accepted', w.desk, w.desk_unit, '受理', w.accepted_at, w.level),
      ('register', 'accepted', 'registered', w.desk, w.desk_unit, '立案', w.registered_at, w.level),
      (case when w.case_level = 'village' then 'handle' else 'dispatch' end, case when w.kind = 'returned' then 'returned' else 'registered' end,
        case when w.case_level = 'village' then 'handling' else 'dispatched' end, w.desk, w.desk_unit,
        case when w.case_level = 'village' then '本级处置' else '派遣至' || w.department end,
        case when not w.self_settled and w.status <> 'refused' then w.t_d end, w.level),
      ('feedback', 'handling', 'fed_back', '承办人', w.handler, '已处置', w.fed_back_at, case when w.department is null then w.level end),
      ('close', 'verified', 'closed', w.desk, w.desk_unit, '核查通过，结案', case when not w.self_settled then w.closed_at end, w.level)
    ) s(action, from_status, to_status, actor, organisation, note, at, level)
    where s.at <= ${end}`.execute(ctx.db)
  await sql`
    insert into incident_log (incident_id, action, from_status, to_status, actor, organisation, note, at, level)
    select w.id, s.action, s.from_status, s.to_status, s.actor, s.organisation, s.note, s.at, s.level
    from (${source(true)}) w
    cross join lateral (values
      ('dispatch', 'registered', 'dispatched', w.desk, w.desk_unit, '派遣至' || w.department, w.t_d0, w.level),
      ('request_return', 'dispatched', 'dispatched', '承办人', w.handler, '申请回退：不属本单位职责', w.t_rq, null),
      ('approve', 'dispatched', 'returned', w.desk, w.desk_unit, '同意回退', w.t_ret, w.level),
      ('request_extension', 'handling', 'handling', '承办人', w.handler, '申请延期：需协调多部门', w.t_xr, null),
      ('approve', 'handling', 'handling', w.desk, w.desk_unit, '同意延期', w.t_xa, w.level),
      ('defer', 'handling', 'deferred', w.desk, w.desk_unit, '缓办：待当事人返乡', w.t_def, w.level),
      ('resume', 'deferred', 'handling', w.desk, w.desk_unit, '恢复办理', w.t_res, w.level),
      ('feedback', 'handling', 'fed_back', '承办人', w.handler, '已处置', w.t_fb0, case when w.department is null then w.level end),
      ('rework', 'fed_back', 'handling', '网格员', null, '核查不通过，返工', w.t_rw, null)
    ) s(action, from_status, to_status, actor, organisation, note, at, level)
    where s.at <= ${end}`.execute(ctx.db)
}
