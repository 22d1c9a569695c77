import { type Kysely, sql } from 'kysely'
import { SEVERITIES, type Severity } from '@gridsight/contract'
import { caseStanding } from '../case-states.js'
import type { Database } from '../schema.js'

/**
 * The early-warning rules (DOMAIN.md "Early warning"). Each rule is one set-based query: given what changed
 * (incident ids, sensor events, towns) or nothing (a scheduled sweep), and the time it is evaluated at, it
 * returns findings. The engine (engine.ts) turns findings into alerts: one situation — a rule and a key, while
 * evidence keeps arriving within the rule's window — is one alert, updated, never a flood of copies.
 * Evaluating "as of" a time lets the same code replay a year of history.
 */

export type Trigger = 'incident' | 'schedule' | 'sensor' | 'camera'

export interface Finding {
  /** What makes two findings the same situation, e.g. village:<its 12-digit code>. */
  key: string
  severity: Severity
  title: string
  detail: string
  category_code: string | null
  /** GeoJSON of the place: a point or an area. */
  geojson: string
  unit_code: string | null
  incident_ids: number[]
  device_ids: string[]
  at: Date
}

export interface RuleContext {
  /** The evaluation time ("now", or a moment of history in a replay). */
  at: Date
  incidentIds?: number[]
  sensorEventIds?: number[]
  /** Towns whose cameras changed. */
  townCodes?: string[]
}

export interface ParamSpec { default: number; min: number; max: number; label: string }

export interface RuleDef {
  code: string
  name: string
  /** What makes the engine run it; the first is stored as the rule's trigger. */
  triggers: Trigger[]
  severity: Severity
  params: Record<string, ParamSpec>
  /** Hours after the last evidence within which new evidence updates the open alert instead of raising one. */
  windowHours: (p: Params) => number
  /** Evidence is the current state (replace it) rather than accumulating (union). */
  replaceEvidence?: boolean
  /** Also the same situation when an open alert shares an incident (clusters have no stable key). */
  matchByEvidence?: boolean
  /** Needs device history a replay does not have. */
  liveOnly?: boolean
  find: (db: Kysely<Database>, p: Params, base: Severity, ctx: RuleContext) => Promise<Finding[]>
}

export type Params = Record<string, number>

export const atLeast = (a: Severity, b: Severity): Severity => (SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b)

const ids = (ctx: RuleContext) => sql`${ctx.incidentIds ?? []}::int[]`
const rows = async (q: ReturnType<typeof sql<Finding>>, db: Kysely<Database>) => (await q.execute(db)).rows

/** The trigger t's category in its own village or grid within `days` up to it: count, ids and centre (a lateral subquery). */
const sameKindIn = (unit: 'village_code' | 'grid_code', days: number) => sql`
  select count(*)::int as c, array_agg(i.id order by i.id)::int[] as ids, ST_AsGeoJSON(ST_Centroid(ST_Collect(i.geom)), 6) as g
  from incident i where i.${sql.raw(unit)} = t.${sql.raw(unit)} and i.category_code = t.category_code
    and i.reported_at > t.reported_at - ${days}::int * interval '1 day' and i.reported_at <= t.reported_at`

/**
 * The trigger incidents of a batch, thinned to the latest one per category and cell of `metres`: triggers that close
 * together find the same situation, and a burst of reports at one spot (hundreds in a batch under load or in a
 * replay step) must not make a spatial rule quadratic.
 */
const latestPerCell = (ctx: RuleContext, metres: number) => sql`
  select distinct on (category_code, cx, cy) id, category_code, geom, reported_at, village_code
  from (select id, category_code, geom, reported_at, village_code, floor(ST_X(ST_Transform(geom, 32648)) / ${metres}::float8) as cx,
      floor(ST_Y(ST_Transform(geom, 32648)) / ${metres}::float8) as cy
    from incident where id = any(${ids(ctx)})) q
  order by category_code, cx, cy, reported_at desc, id desc`

/** A case that was open (reported, not closed, clock not paused) at a moment — now, or in a replayed past. */
const openAt = (alias: string, at: Date) => sql`${sql.ref(`${alias}.reported_at`)} <= ${at}::timestamptz
  and (${sql.ref(`${alias}.closed_at`)} is null or ${sql.ref(`${alias}.closed_at`)} > ${at}::timestamptz)
  and not ${caseStanding(alias).closed} and not ${caseStanding(alias).paused}`

/** Metres as a generous degree margin for an index-assisted && filter around a point (30° N: 1° lon ≈ 96 km). */
const degrees = (metres: number) => metres / 90_000

export const RULES: RuleDef[] = [
  {
    code: 'collective.people',
    name: '群体性事件苗头（涉及人数）',
    triggers: ['incident'],
    severity: 'orange',
    params: {
      min_people: { default: 30, min: 2, max: 10_000, label: '一起报告涉及人数 ≥' },
      red_people: { default: 100, min: 2, max: 100_000, label: '红色预警人数 ≥' },
      window_hours: { default: 72, min: 1, max: 720, label: '同一村社合并时长（小时）' },
    },
    windowHours: (p) => p.window_hours!,
    find: (db, p, base, ctx) => rows(sql<Finding>`
      select 'village:' || coalesce(i.village_code, i.id::text) as key,
        case when i.people_involved >= ${p.red_people}::int then 'red' else ${base} end as severity,
        coalesce(v.name, '') || ' 群体性事件苗头：一起报告涉及' || i.people_involved || '人' as title,
        i.title as detail, i.category_code, ST_AsGeoJSON(i.geom, 6) as geojson, i.village_code as unit_code,
        array[i.id]::int[] as incident_ids, '{}'::text[] as device_ids, i.reported_at as at
      from incident i left join admin_unit v on v.code = i.village_code
      where i.id = any(${ids(ctx)}) and i.people_involved >= ${p.min_people}::int
      order by i.reported_at`, db),
  },
  {
    code: 'collective.disputes',
    name: '群体性事件苗头（同类纠纷多发）',
    triggers: ['incident'],
    severity: 'yellow',
    params: {
      min_reports: { default: 4, min: 2, max: 1000, label: '同一村社同类纠纷 ≥（起）' },
      days: { default: 3, min: 1, max: 90, label: '时间窗（天）' },
      orange_reports: { default: 8, min: 2, max: 1000, label: '橙色预警 ≥（起）' },
    },
    windowHours: (p) => p.days! * 24,
    find: (db, p, base, ctx) => rows(sql<Finding>`
      select 'village:' || t.village_code || ':' || t.category_code as key,
        case when n.c >= ${p.orange_reports}::int then 'orange' else ${base} end as severity,
        v.name || ' ' || c.name || '：' || ${p.days}::int || '天内' || n.c || '起' as title,
        '同一村社、同类纠纷短期内多次上报，可能演变为群体性事件' as detail,
        t.category_code, n.g as geojson, t.village_code as unit_code, n.ids as incident_ids, '{}'::text[] as device_ids,
        t.reported_at as at
      from incident t
      join lateral (${sameKindIn('village_code', p.days!)}) n on n.c >= ${p.min_reports}::int
      join admin_unit v on v.code = t.village_code
      join incident_category c on c.code = t.category_code
      where t.id = any(${ids(ctx)}) and t.category_code like 'dispute.%'
      order by t.reported_at`, db),
  },
  {
    code: 'cluster.spacetime',
    name: '时空聚集',
    triggers: ['incident'],
    severity: 'yellow',
    matchByEvidence: true,
    params: {
      min_incidents: { default: 6, min: 2, max: 1000, label: '同类事件 ≥（起）' },
      metres: { default: 200, min: 10, max: 5000, label: '半径（米）' },
      hours: { default: 6, min: 1, max: 168, label: '时间窗（小时）' },
    },
    windowHours: (p) => p.hours!,
    // Incidents of the trigger's category near it in the window, clustered by DBSCAN on UTM 48N metres;
    // the trigger's own cluster is the finding when it is big enough.
    find: (db, p, base, ctx) => rows(sql<Finding>`
      with t as (${latestPerCell(ctx, p.metres!)}),
      nb as (
        select t.id as tid, i.id, i.geom from t join incident i on i.category_code = t.category_code
          and i.reported_at > t.reported_at - ${p.hours}::int * interval '1 hour' and i.reported_at <= t.reported_at
          and i.geom && ST_Expand(t.geom, ${degrees(p.metres! * 2)}::float8)
          and ST_DWithin(i.geom::geography, t.geom::geography, ${p.metres! * 2}::float8)
      ),
      cl as (
        select tid, id, geom, ST_ClusterDBSCAN(ST_Transform(geom, 32648), eps := ${p.metres}::float8, minpoints := ${p.min_incidents}::int)
          over (partition by tid) as c
        from nb
      ),
      g as (
        select cl.tid, array_agg(cl.id order by cl.id)::int[] as ids, count(*)::int as n,
          ST_Transform(ST_Buffer(ST_ConvexHull(ST_Collect(ST_Transform(cl.geom, 32648))), 50), 4326) as area
        from cl join cl m on m.tid = cl.tid and m.id = cl.tid and m.c = cl.c
        group by cl.tid
      )
      select 'cluster:' || t.category_code || ':' || g.ids[1] as key,
        case when g.n >= 2 * ${p.min_incidents}::int then 'orange' else ${base} end as severity,
        coalesce(v.name, '') || ' ' || c.name || '聚集：' || ${p.metres}::int || '米内' || ${p.hours}::int || '小时' || g.n || '起' as title,
        '同类事件在小范围、短时间内集中发生' as detail,
        t.category_code, ST_AsGeoJSON(g.area, 6) as geojson, t.village_code as unit_code, g.ids as incident_ids,
        '{}'::text[] as device_ids, t.reported_at as at
      from g join t on t.id = g.tid
      join incident_category c on c.code = t.category_code
      left join admin_unit v on v.code = t.village_code
      where g.n >= ${p.min_incidents}::int
      order by t.reported_at`, db),
  },
  {
    code: 'repeat.grid',
    name: '同一网格重复上报',
    triggers: ['incident'],
    severity: 'blue',
    params: {
      min_reports: { default: 6, min: 2, max: 1000, label: '同一网格同类事件 ≥（起）' },
      days: { default: 7, min: 1, max: 90, label: '时间窗（天）' },
    },
    windowHours: (p) => p.days! * 24,
    find: (db, p, base, ctx) => rows(sql<Finding>`
      select 'grid:' || t.grid_code || ':' || t.category_code as key, ${base} as severity,
        gr.name || ' ' || c.name || '：' || ${p.days}::int || '天内重复上报' || n.c || '次' as title,
        '同一网格同类问题反复出现，需查找根源' as detail,
        t.category_code, n.g as geojson, t.village_code as unit_code, n.ids as incident_ids, '{}'::text[] as device_ids,
        t.reported_at as at
      from incident t
      join lateral (${sameKindIn('grid_code', p.days!)}) n on n.c >= ${p.min_reports}::int
      join grid gr on gr.code = t.grid_code
      join incident_category c on c.code = t.category_code
      where t.id = any(${ids(ctx)})
      order by t.reported_at`, db),
  },
  {
    code: 'repeat.address',
    name: '同一地点重复上报',
    triggers: ['incident'],
    severity: 'blue',
    matchByEvidence: true,
    params: {
      min_reports: { default: 3, min: 2, max: 1000, label: '同一地点同类事件 ≥（起）' },
      metres: { default: 30, min: 5, max: 500, label: '同一地点半径（米）' },
      days: { default: 7, min: 1, max: 90, label: '时间窗（天）' },
    },
    windowHours: (p) => p.days! * 24,
    find: (db, p, base, ctx) => rows(sql<Finding>`
      select 'address:' || t.category_code || ':' || n.ids[1] as key, ${base} as severity,
        coalesce(v.name, '') || ' 同一地点' || c.name || '：' || ${p.days}::int || '天内' || n.c || '次' as title,
        '同一地点同类问题反复上报' as detail,
        t.category_code, ST_AsGeoJSON(t.geom, 6) as geojson, t.village_code as unit_code, n.ids as incident_ids,
        '{}'::text[] as device_ids, t.reported_at as at
      from (${latestPerCell(ctx, p.metres!)}) t
      join lateral (
        select count(*)::int as c, array_agg(i.id order by i.id)::int[] as ids
        from incident i where i.category_code = t.category_code
          and i.reported_at > t.reported_at - ${p.days}::int * interval '1 day' and i.reported_at <= t.reported_at
          and i.geom && ST_Expand(t.geom, ${degrees(p.metres!)}::float8)
          and ST_DWithin(i.geom::geography, t.geom::geography, ${p.metres}::float8)
      ) n on n.c >= ${p.min_reports}::int
      join incident_category c on c.code = t.category_code
      left join admin_unit v on v.code = t.village_code
      order by t.reported_at`, db),
  },
  {
    code: 'deadline.near',
    name: '案件临近时限',
    triggers: ['schedule'],
    severity: 'blue',
    replaceEvidence: true,
    params: {
      share_percent: { default: 80, min: 10, max: 99, label: '已用时限 ≥（%）' },
      min_cases: { default: 3, min: 1, max: 10_000, label: '一个部门 ≥ 此数件才预警' },
      yellow_cases: { default: 10, min: 1, max: 10_000, label: '一个部门 ≥ 此数升为黄色' },
    },
    windowHours: () => 24,
    // One alert per department: its open cases past the share of their time and not yet overdue.
    find: (db, p, base, ctx) => rows(sql<Finding>`
      select 'department:' || d.code as key,
        case when count(*) >= ${p.yellow_cases}::int then 'yellow' else ${base} end as severity,
        d.name || '：' || count(*) || '件案件即将超期' as title,
        '已用时限超过' || ${p.share_percent}::int || '%，请督促办理' as detail,
        null as category_code, ST_AsGeoJSON(ST_Centroid(ST_Collect(i.geom)), 6) as geojson, d.unit_code,
        array_agg(i.id order by i.deadline)::int[] as incident_ids, '{}'::text[] as device_ids, ${ctx.at}::timestamptz as at
      from incident i join department d on d.code = i.department_code
      where i.deadline > ${ctx.at}::timestamptz and i.deadline < ${ctx.at}::timestamptz + interval '90 days'
        and i.dispatched_at is not null and ${openAt('i', ctx.at)}
        and ${ctx.at}::timestamptz >= i.dispatched_at + (i.deadline - i.dispatched_at) * (${p.share_percent}::float8 / 100)
      group by d.code, d.name, d.unit_code having count(*) >= ${p.min_cases}::int`, db),
  },
  {
    code: 'deadline.overdue',
    name: '案件超期督办',
    triggers: ['schedule'],
    severity: 'yellow',
    replaceEvidence: true,
    params: {
      min_cases: { default: 2, min: 1, max: 10_000, label: '一个部门超期 ≥ 此数件才预警（每件均自动督办）' },
      yellow_after_hours: { default: 24, min: 1, max: 720, label: '超期 ≥ 此小时数黄牌督办' },
      red_after_hours: { default: 72, min: 1, max: 2160, label: '超期 ≥ 此小时数红牌督办' },
    },
    windowHours: () => 24,
    // One alert per department; orange while any of its cases has reached red supervision. Cases overdue by
    // more than 30 days have long been at red; the bound keeps the sweep an index range scan.
    find: (db, p, base, ctx) => rows(sql<Finding>`
      select 'department:' || d.code as key,
        case when bool_or(${ctx.at}::timestamptz - i.deadline >= ${p.red_after_hours}::int * interval '1 hour') then 'orange' else ${base} end as severity,
        d.name || '：' || count(*) || '件案件超期' as title,
        '超期' || ${p.yellow_after_hours}::int || '小时黄牌、' || ${p.red_after_hours}::int || '小时红牌督办' as detail,
        null as category_code, ST_AsGeoJSON(ST_Centroid(ST_Collect(i.geom)), 6) as geojson, d.unit_code,
        array_agg(i.id order by i.deadline)::int[] as incident_ids, '{}'::text[] as device_ids, ${ctx.at}::timestamptz as at
      from incident i join department d on d.code = i.department_code
      where i.deadline < ${ctx.at}::timestamptz and i.deadline > ${ctx.at}::timestamptz - interval '30 days'
        and ${openAt('i', ctx.at)}
      group by d.code, d.name, d.unit_code having count(*) >= ${p.min_cases}::int`, db),
  },
  {
    code: 'camera.online_rate',
    name: '视频在线率偏低',
    triggers: ['camera', 'schedule'],
    severity: 'yellow',
    replaceEvidence: true,
    liveOnly: true,
    params: {
      below_percent: { default: 85, min: 1, max: 100, label: '镇街在线率 <（%）' },
      orange_below_percent: { default: 70, min: 1, max: 100, label: '橙色预警在线率 <（%）' },
      min_cameras: { default: 5, min: 1, max: 10_000, label: '镇街至少有此数摄像机才计算' },
    },
    windowHours: () => 24,
    find: (db, p, base, ctx) => rows(sql<Finding>`
      select 'town:' || t.code as key,
        case when s.rate * 100 < ${p.orange_below_percent}::float8 then 'orange' else ${base} end as severity,
        t.name || ' 视频在线率' || round((s.rate * 100)::numeric, 1) || '%' as title,
        s.total || '路中' || s.offline || '路离线' as detail, null as category_code,
        ST_AsGeoJSON(ST_SimplifyPreserveTopology(t.geom, 0.002), 6) as geojson, t.code as unit_code,
        '{}'::int[] as incident_ids, s.off_ids as device_ids, ${ctx.at}::timestamptz as at
      from (
        select left(civil_code, 9) as town, count(*)::int as total, count(*) filter (where status = 'OFF')::int as offline,
          avg((status = 'ON')::int)::float8 as rate, coalesce(array_agg(id order by id) filter (where status = 'OFF'), '{}')::text[] as off_ids
        from camera group by 1
      ) s join admin_unit t on t.code = s.town
      where s.total >= ${p.min_cameras}::int and s.rate * 100 < ${p.below_percent}::float8
        and (${ctx.townCodes ?? null}::text[] is null or t.code = any(${ctx.townCodes ?? null}::text[]))`, db),
  },
  {
    code: 'camera.offline_near_case',
    name: '紧急案件附近摄像机离线',
    triggers: ['camera', 'schedule', 'incident'],
    severity: 'orange',
    replaceEvidence: true,
    liveOnly: true,
    params: { metres: { default: 300, min: 10, max: 5000, label: '半径（米）' } },
    windowHours: () => 24,
    find: (db, p, base, ctx) => rows(sql<Finding>`
      select 'incident:' || i.id as key, ${base} as severity,
        i.title || '：附近' || count(*) || '路摄像机离线' as title,
        ${p.metres}::int || '米内摄像机离线，无法视频核查' as detail, i.category_code,
        ST_AsGeoJSON(i.geom, 6) as geojson, i.village_code as unit_code, array[i.id]::int[] as incident_ids,
        array_agg(c.id order by ST_Distance(c.geom::geography, i.geom::geography))::text[] as device_ids, ${ctx.at}::timestamptz as at
      from incident i join camera c on c.status = 'OFF' and c.geom && ST_Expand(i.geom, ${degrees(p.metres!)}::float8)
        and ST_DWithin(c.geom::geography, i.geom::geography, ${p.metres}::float8)
      where i.priority = 3 and i.closed_at is null and ${caseStanding('i').open}
        and (${ctx.incidentIds ?? null}::int[] is null or i.id = any(${ctx.incidentIds ?? null}::int[]))
        and (${ctx.townCodes ?? null}::text[] is null or i.town_code = any(${ctx.townCodes ?? null}::text[]))
      group by i.id`, db),
  },
  {
    code: 'sensor.alarm',
    name: '物联感知报警',
    triggers: ['sensor'],
    severity: 'blue',
    params: { window_hours: { default: 6, min: 1, max: 168, label: '同一设备合并时长（小时）' } },
    windowHours: (p) => p.window_hours!,
    // The kind sets the colour (smoke and gas red, elderly button orange, air quality yellow); the rule's
    // severity is a floor an administrator can raise.
    find: async (db, _p, base, ctx) => (await rows(sql<Finding>`
      select 'sensor:' || s.id as key,
        case s.kind when 'smoke' then 'red' when 'gas' then 'red' when 'elderly_button' then 'orange' else 'yellow' end as severity,
        s.name || ' ' || case s.kind when 'smoke' then '烟感报警' when 'gas' then '燃气泄漏报警' when 'elderly_button' then '老人紧急呼叫'
          else '空气质量超标' end as title,
        case when e.value is null then '' else '读数 ' || e.value end as detail,
        case s.kind when 'smoke' then 'hazard.fire' when 'gas' then 'hazard.gas' when 'elderly_button' then 'livelihood.relief'
          else 'environment.pollution' end as category_code,
        ST_AsGeoJSON(s.geom, 6) as geojson, s.village_code as unit_code, '{}'::int[] as incident_ids, array[s.id]::text[] as device_ids,
        e.at
      from sensor_event e join sensor s on s.id = e.sensor_id
      where e.id = any(${ctx.sensorEventIds ?? []}::int[]) and e.type = 'alarm'
      order by e.at`, db)).map((f) => ({ ...f, severity: atLeast(f.severity, base) })),
  },
]

export const RULES_BY_CODE = new Map(RULES.map((r) => [r.code, r]))

/** Why a parameter change is refused, or null. Parameters are numbers within each rule's limits. */
export function paramsRefusal(rule: RuleDef, patch: Record<string, unknown>): string | null {
  for (const [name, value] of Object.entries(patch)) {
    // Own keys only: `constructor` or `toString` is not a parameter of any rule.
    const spec = Object.hasOwn(rule.params, name) ? rule.params[name] : undefined
    if (!spec) return `rule ${rule.code} has no parameter ${name} (it has: ${Object.keys(rule.params).join(', ')})`
    if (typeof value !== 'number' || !Number.isFinite(value)) return `${name} must be a number`
    if (value < spec.min || value > spec.max) return `${name} must be within ${spec.min}–${spec.max}`
  }
  return null
}

export const defaultParams = (rule: RuleDef): Params => Object.fromEntries(Object.entries(rule.params).map(([k, s]) => [k, s.default]))
