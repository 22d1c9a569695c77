import { TIME_ZONE } from '@gridsight/contract'
import { startOfBeijingDaySql } from '@gridsight/db'
import { sql } from 'kysely'
import type { GenerateContext } from '../context.js'
import { CATEGORIES } from './reference.js'
import { COMMAND_CENTRE } from './stories.js'

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
 * One year of historical incidents, generated in SQL from deterministic hashes: the rhythm of the day and
 * week, the category mix, handling times per category, and the open cases of the last days.
 */
export async function generateIncidents(ctx: GenerateContext) {
  const leaves = CATEGORIES.flatMap((c) => c.children)
  const n = Math.max(2000, Math.round(INCIDENTS_PER_YEAR * ctx.scale))
  // One seeded random stream in one statement: the same seed gives the same history on an engine.
  await sql`select setseed(${(ctx.seed % 1000) / 1000}::float8)`.execute(ctx.db)
  const end = ctx.endDate.toISOString()
  await sql`
    insert into incident (title, description, category_code, source, status, priority, people_involved, geom, grid_code,
      village_code, town_code, department_code, reported_at, accepted_at, dispatched_at, fed_back_at, closed_at, deadline, supervision,
      level, self_settled)
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
        hh.lo + floor(random() * hh.n)::bigint as household_id
      from generate_series(1, ${n}::int) i, hh
    ),
    timed as (
      select d.*, (${arr(leaves.map((l) => l[0]))}::text[])[d.cat] as category_code,
        (${arr(leaves.map((l) => l[3]))}::int[])[d.cat] as deadline_h,
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
        (t.src < 0.7 and t.lvl < 0.3 and c.self_settle) as self
      from timed t join incident_category c on c.code = t.category_code
      where t.reported_at <= ${end}::timestamptz
    ),
    planned as (
      select t.*, case when not self then reported_at + (2 + acc * 28) * interval '1 minute' end as accepted_at,
        case when not self then reported_at + (7 + acc * 28 + dis * 55) * interval '1 minute' end as dispatched_at,
        case when self then reported_at + (10 + acc * 30) * interval '1 minute'
          else reported_at + greatest(0.4, deadline_h * -ln(1 - dur) * ${MEAN_HANDLING_SHARE}::float8) * interval '1 hour' end as closed_at,
        case when not self then reported_at + deadline_h * interval '1 hour' end as deadline
      from leveled t
    )
    select v.name || ' ' || p.category_name,
      case when p.src < 0.7 then '网格员巡查发现' when p.src < 0.85 then '12345热线转办' when p.src < 0.93 then '群众反映'
        when p.src < 0.97 then '视频监控发现' else '物联感知告警' end || '：' || v.name || p.category_name || '问题，请及时处置。',
      p.category_code,
      case when p.src < 0.7 then 'grid_worker' when p.src < 0.85 then 'hotline' when p.src < 0.93 then 'citizen'
        when p.src < 0.97 then 'camera' else 'iot' end,
      case when p.closed_at <= ${end}::timestamptz then case when p.closed_at < ${end}::timestamptz - interval '7 days' and p.pri < 0.3 then 'evaluated' else 'closed' end
        when greatest(p.dispatched_at + interval '10 minutes', p.reported_at + (p.closed_at - p.reported_at) * 0.9) <= ${end}::timestamptz then 'fed_back'
        when p.dispatched_at <= ${end}::timestamptz then 'handling'
        when p.accepted_at <= ${end}::timestamptz then 'accepted' else 'reported' end,
      case when p.category_code like 'collective.%' or p.category_code in ('order.missing', 'disaster.flood') then 2 + (p.pri < 0.4)::int
        when p.pri < 0.1 then 2 else 1 end,
      case when p.category_code like 'collective.%' then 5 + floor(p.ppl * 60)::int
        when p.category_code like 'dispute.%' then 2 + floor(p.ppl * 4)::int else 1 end,
      ST_SetSRID(ST_MakePoint(ST_X(h.geom) + (p.acc - 0.5) * 0.0004, ST_Y(h.geom) + (p.dis - 0.5) * 0.0004), 4326),
      g.code, g.village_code, v.parent_code,
      -- A village station handles its cases itself; a town or the district dispatches to the category's department.
      case when p.level <> 'village' then coalesce(p.dept, 'town_' || v.parent_code) end,
      p.reported_at,
      case when p.accepted_at <= ${end}::timestamptz then p.accepted_at end,
      case when p.dispatched_at <= ${end}::timestamptz then p.dispatched_at end,
      case when not p.self and greatest(p.dispatched_at + interval '10 minutes', p.reported_at + (p.closed_at - p.reported_at) * 0.9) <= ${end}::timestamptz
        then greatest(p.dispatched_at + interval '10 minutes', p.reported_at + (p.closed_at - p.reported_at) * 0.9) end,
      case when p.closed_at <= ${end}::timestamptz then p.closed_at end,
      p.deadline,
      case when p.deadline is null or p.deadline >= least(p.closed_at, ${end}::timestamptz) then 'none'
        when least(p.closed_at, ${end}::timestamptz) - p.deadline > 3 * p.deadline_h * interval '1 hour' then 'red'
        when least(p.closed_at, ${end}::timestamptz) - p.deadline > p.deadline_h * interval '1 hour' then 'yellow'
        else 'normal' end,
      p.level, p.self
    from planned p
    join household h on h.id = p.household_id
    join grid g on g.code = h.grid_code
    join admin_unit v on v.code = g.village_code
    order by p.reported_at`.execute(ctx.db)
  await generateIncidentLogs(ctx)
}

/** The timeline rows of the generated history: one per step that has happened, by the desk of the case's level. */
async function generateIncidentLogs(ctx: GenerateContext) {
  const desk = sql`case i.level when 'village' then '工作站值班员' when 'town' then '综治中心值班员' else '值班员' end`
  const deskUnit = sql`case i.level when 'village' then v.name || '工作站' when 'town' then t.name || '综治中心' else ${COMMAND_CENTRE} end`
  await sql`
    insert into incident_log (incident_id, action, from_status, to_status, actor, organisation, note, at, level)
    select id, 'report', null, 'reported',
      case source when 'grid_worker' then '网格员' when 'hotline' then '12345热线' when 'citizen' then '群众'
        when 'camera' then '视频巡查' else '物联感知' end, null, description, reported_at, null
    from incident
    union all
    select id, 'settle', 'reported', 'closed', '网格员', null, '现场自行处置完毕', closed_at, 'village' from incident where self_settled
    union all
    select i.id, 'accept', 'reported', 'accepted', ${desk}, ${deskUnit}, '立案', i.accepted_at, i.level
    from incident i left join admin_unit v on v.code = i.village_code left join admin_unit t on t.code = i.town_code where i.accepted_at is not null
    union all
    select i.id, case when i.department_code is null then 'handle' else 'dispatch' end, 'accepted',
      case when i.department_code is null then 'handling' else 'dispatched' end, ${desk}, ${deskUnit},
      coalesce('派遣至' || d.name, '本级处置'), i.dispatched_at, i.level
    from incident i left join department d on d.code = i.department_code
      left join admin_unit v on v.code = i.village_code left join admin_unit t on t.code = i.town_code where i.dispatched_at is not null
    union all
    select i.id, 'feedback', 'handling', 'fed_back', '承办人', coalesce(d.name, v.name || '工作站'), '已处置', i.fed_back_at,
      case when i.department_code is null then i.level end
    from incident i left join department d on d.code = i.department_code left join admin_unit v on v.code = i.village_code
    where i.fed_back_at is not null
    union all
    select i.id, 'close', 'verified', 'closed', ${desk}, ${deskUnit}, '核查通过，结案', i.closed_at, i.level
    from incident i left join admin_unit v on v.code = i.village_code left join admin_unit t on t.code = i.town_code
    where i.closed_at is not null and not i.self_settled`.execute(ctx.db)
}
