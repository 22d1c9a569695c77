/**
 * The enumerations web, API and database share, each with its Chinese label. Tables store the codes; screens show
 * the labels. A new status, role or kind is added here once.
 */
const codes = <T extends Record<string, string>>(labels: T) => Object.keys(labels) as (keyof T & string)[]

export const INCIDENT_STATUS_LABELS = {
  reported: '待受理', accepted: '已受理', registered: '已立案', dispatched: '已派遣', handling: '处置中', fed_back: '已反馈', verified: '已核查',
  closed: '已结案', evaluated: '已评价', returned: '已回退', deferred: '缓办', parked: '挂账', refused: '不予受理',
} as const
export const INCIDENT_STATUSES = codes(INCIDENT_STATUS_LABELS) as readonly IncidentStatus[]
export type IncidentStatus = keyof typeof INCIDENT_STATUS_LABELS

export const INCIDENT_SOURCE_LABELS = {
  grid_worker: '网格员上报', hotline: '12345热线', citizen: '群众来访', leader: '领导交办', camera: '视频巡查', iot: '物联感知', transfer: '部门移交',
} as const
export type IncidentSource = keyof typeof INCIDENT_SOURCE_LABELS
export const INCIDENT_SOURCES = codes(INCIDENT_SOURCE_LABELS) as readonly IncidentSource[]

/** 督办 levels; 'none' is a case nobody has supervised yet. */
export const SUPERVISION_LABELS = { none: '', normal: '普通', yellow: '黄牌', red: '红牌' } as const
export type Supervision = keyof typeof SUPERVISION_LABELS
export const SUPERVISION_LEVELS = ['normal', 'yellow', 'red'] as const satisfies readonly Supervision[]

export const PRIORITY_LABELS: Record<number, string> = { 1: '普通', 2: '紧急', 3: '特急' }

export const ROLE_LABELS = {
  admin: '系统管理员', leader: '领导', dispatcher: '区指挥中心值班', town_desk: '镇街综治中心', village_desk: '村（社区）工作站',
  department: '部门', grid_worker: '网格员', screen: '大屏',
} as const
export type Role = keyof typeof ROLE_LABELS
export const ROLES = codes(ROLE_LABELS) as readonly Role[]

/**
 * The three levels of command (DOMAIN.md, "小事不出村、大事不出镇"): the level a case is handled at now, and at which
 * it was settled once closed. Lowest first; a village desk escalates (上报) to its town, a town desk to the district,
 * and the district or a town assigns down (交办).
 */
export const COMMAND_LEVEL_LABELS = { village: '村（社区）', town: '镇街', district: '区' } as const
export type CommandLevel = keyof typeof COMMAND_LEVEL_LABELS
export const COMMAND_LEVELS = codes(COMMAND_LEVEL_LABELS) as readonly CommandLevel[]
/** The desks of the three levels; each acts for its unit (the district desk for the whole district). */
export const DESK_LEVEL_OF = { dispatcher: 'district', town_desk: 'town', village_desk: 'village' } as const satisfies Partial<Record<Role, CommandLevel>>
export type DeskRole = keyof typeof DESK_LEVEL_OF
export const DESK_ROLES = Object.keys(DESK_LEVEL_OF) as DeskRole[]
export const isDeskRole = (role: string): role is DeskRole => role in DESK_LEVEL_OF
export const levelAbove = (l: CommandLevel): CommandLevel | null => COMMAND_LEVELS[COMMAND_LEVELS.indexOf(l) + 1] ?? null
export const levelBelow = (l: CommandLevel): CommandLevel | null => COMMAND_LEVELS[COMMAND_LEVELS.indexOf(l) - 1] ?? null

/** What the standard figures are grouped by (db/src/queries/metrics.ts): the unit's children, departments, categories, sources, levels. */
export const METRIC_GROUP_LABELS = { unit: '下级单位', department: '承办部门', category: '事件类别', source: '来源', level: '处置层级' } as const
export type MetricGroup = keyof typeof METRIC_GROUP_LABELS
export const METRIC_GROUPS = codes(METRIC_GROUP_LABELS) as readonly MetricGroup[]
/** The standard figures' names as 数字城管/综治 reports print them (DOMAIN.md "Metrics"). */
export const METRIC_LABELS = {
  reported: '上报数', accepted: '受理数', registered: '立案数', refused: '不予受理数', merged: '合并数', due: '应结案数', closed: '结案数',
  closed_on_time: '按期结案数', overdue: '超期数', reworked: '返工数', extended: '延期数', returned: '回退数', self_settled: '自行处置数',
  evaluated: '评价数', satisfied: '满意数', accepted_timely: '及时受理数', dispatched: '派遣数', dispatch_ok: '准确派遣数',
  verified: '核查数', verified_timely: '及时核查数', timed: '办结数', handling_minutes: '办结用时合计（分钟）',
  closure_rate: '结案率', on_time_rate: '按期结案率', rework_rate: '返工率',
  extension_rate: '延期率', return_rate: '回退率', self_settled_share: '自行处置占比', satisfaction_rate: '满意率',
  timely_accept_rate: '及时受理率', dispatch_accuracy: '派遣准确率', timely_verify_rate: '及时核查率',
  avg_handling_hours: '平均处置时长（小时）', median_handling_hours: '处置时长中位数（小时）', score: '综合指标值',
} as const

/**
 * The counts of the standard figures, in report order (METRIC_LABELS names them). The last ones are counted by the
 * centre's own steps: 及时受理 among 受理 (in the window, within TIMELINESS), 派遣 of the window's 立案 (to a department,
 * or sent back) and 准确 (not sent back), 核查 and 及时核查 of the cases 办结 (closed) in the window, and the handling
 * time (立案 → 结案 on the category's clock, less paused time) of those.
 */
export const METRIC_COUNTS = ['reported', 'accepted', 'registered', 'refused', 'merged', 'due', 'closed', 'closed_on_time', 'overdue', 'reworked',
  'extended', 'returned', 'self_settled', 'evaluated', 'satisfied', 'accepted_timely', 'dispatched', 'dispatch_ok', 'verified', 'verified_timely',
  'timed', 'handling_minutes'] as const
export type MetricCount = (typeof METRIC_COUNTS)[number]
/** Each rate as numerator / denominator of the counts: the one definition the API, the exports' formulas and the pages use. */
export const METRIC_RATES = {
  closure_rate: ['closed', 'due'], on_time_rate: ['closed_on_time', 'due'], rework_rate: ['reworked', 'due'], extension_rate: ['extended', 'due'],
  return_rate: ['returned', 'due'], self_settled_share: ['self_settled', 'closed'], satisfaction_rate: ['satisfied', 'evaluated'],
  timely_accept_rate: ['accepted_timely', 'accepted'], dispatch_accuracy: ['dispatch_ok', 'dispatched'], timely_verify_rate: ['verified_timely', 'verified'],
} as const satisfies Record<string, readonly [MetricCount, MetricCount]>
export type MetricRate = keyof typeof METRIC_RATES
/** Who reads and makes the bulletins (月度通报): the leaders, the district desk and the administrators. */
export const BULLETIN_READERS = ['admin', 'leader', 'dispatcher'] as const satisfies readonly Role[]
export const readsBulletins = (role: string | undefined): boolean => (BULLETIN_READERS as readonly string[]).includes(role ?? '')
/** The usual targets of the monthly reports (DOMAIN.md): below either, a department is red-carded in the bulletin. */
export const METRIC_TARGETS = { closure_rate: 0.9, on_time_rate: 0.7 } as const
/** The centre's own time limits, on the case's category clock: 受理 within an hour of the report, 核查 within a working day of the feedback. */
export const TIMELINESS = { accept_minutes: 60, verify_minutes: 480 } as const
/**
 * The classes (lower bounds, minutes) of handling time the median is read from: the statistics keep counts per class,
 * and the median is the grouped median (中位数 of grouped data) — the class holding the middle case, interpolated within
 * it. Classes are about a quarter to a half wide, so the median is within that of the exact middle value; above the last
 * bound it is the bound.
 */
export const HANDLING_CLASSES = [0, 10, 20, 30, 45, 60, 90, 120, 180, 240, 300, 360, 480, 600, 720, 960, 1200, 1440, 1920, 2400, 2880, 3600, 4320,
  5760, 7200, 10080, 14400, 20160, 30240, 43200] as const

/** The grouped median (hours, to a tenth) of counts per HANDLING_CLASSES; null when there are none. */
export function groupedMedianHours(counts: readonly number[]): number | null {
  const n = counts.reduce((a, b) => a + b, 0)
  if (n === 0) return null
  let before = 0
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!
    if (c > 0 && before + c >= n / 2) {
      const lo = HANDLING_CLASSES[i]!
      const hi = HANDLING_CLASSES[i + 1]
      const minutes = hi === undefined ? lo : lo + ((n / 2 - before) / c) * (hi - lo)
      return Math.round(minutes / 6) / 10
    }
    before += c
  }
  return null
}

/** Figures where less is better (a league table sorts them lowest first; the score counts 1 − rate). */
export const LOWER_IS_BETTER: ReadonlySet<string> = new Set(['rework_rate', 'extension_rate', 'return_rate', 'overdue', 'avg_handling_hours', 'median_handling_hours'])

/** A league table's order: by a figure, best first (LOWER_IS_BETTER lowest first); no figure last; ties keep their order. */
export function sortLeague<T extends object>(rows: readonly T[], key: string): T[] {
  const sign = LOWER_IS_BETTER.has(key) ? 1 : -1
  const value = (r: T) => { const v = (r as Record<string, unknown>)[key]; return typeof v === 'number' ? v : null }
  return [...rows].sort((a, b) => {
    const x = value(a)
    const y = value(b)
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1
    return sign * (x - y)
  })
}

/**
 * 综合指标值: the rates that make up the composite score of departments and towns and their default weights (out of
 * 100); administrators publish their own (score_weight). Score = 100 × Σ weight × value / Σ weight over the rates that
 * have a value, a rate where less is better counting 1 − rate; none when nothing is due.
 */
export const SCORE_WEIGHTS = {
  on_time_rate: 35, closure_rate: 20, rework_rate: 10, extension_rate: 5, return_rate: 5, satisfaction_rate: 15, timely_accept_rate: 5, timely_verify_rate: 5,
} as const satisfies Partial<Record<MetricRate, number>>
export type ScoreFigure = keyof typeof SCORE_WEIGHTS
export const SCORE_FIGURES = Object.keys(SCORE_WEIGHTS) as ScoreFigure[]
export type ScoreWeights = Record<ScoreFigure, number>

/** The composite score of a row of rates under the weights (null when nothing is due). */
export function compositeScore(rates: Partial<Record<MetricRate, number | null>>, weights: ScoreWeights): number | null {
  if (rates.closure_rate === null || rates.closure_rate === undefined) return null
  let sum = 0
  let total = 0
  for (const f of SCORE_FIGURES) {
    const v = rates[f]
    if (v === null || v === undefined || !weights[f]) continue
    sum += weights[f] * (LOWER_IS_BETTER.has(f) ? 1 - v : v)
    total += weights[f]
  }
  return total > 0 ? Math.round((1000 * sum) / total) / 10 : null
}

/** The national four-level warning colours, lowest first. */
export const SEVERITY_LABELS = { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' } as const
export type Severity = keyof typeof SEVERITY_LABELS
export const SEVERITIES = codes(SEVERITY_LABELS) as readonly Severity[]

export const ALERT_STATUS_LABELS = { raised: '待签收', acknowledged: '已签收', closed: '已关闭' } as const
export type AlertStatus = keyof typeof ALERT_STATUS_LABELS
export const ALERT_STATUSES = codes(ALERT_STATUS_LABELS) as readonly AlertStatus[]

export const ALERT_ACTION_LABELS = { raised: '产生', updated: '新增证据', escalated: '升级', acknowledged: '签收', closed: '关闭', case: '转为案件' } as const
export type AlertAction = keyof typeof ALERT_ACTION_LABELS

export const RULE_TRIGGERS = ['incident', 'schedule', 'sensor', 'camera'] as const
export type RuleTrigger = (typeof RULE_TRIGGERS)[number]

export const SENSOR_KIND_LABELS = { smoke: '烟感', gas: '燃气探测器', air: '空气监测站', elderly_button: '一键呼叫' } as const
export const SENSOR_STATE_LABELS = { normal: '正常', alarm: '报警' } as const
export type SensorState = keyof typeof SENSOR_STATE_LABELS
export type SensorKind = keyof typeof SENSOR_KIND_LABELS
export const SENSOR_KINDS = codes(SENSOR_KIND_LABELS) as readonly SensorKind[]
export const SENSOR_EVENT_TYPES = ['alarm', 'clear', 'heartbeat'] as const
export type SensorEventType = (typeof SENSOR_EVENT_TYPES)[number]

export const PLACE_KIND_LABELS = {
  school: '学校', hospital: '医疗', market: '市场', enterprise: '企业', mediation: '调解组织', police: '派出所',
  government: '便民服务', scenic: '景区', elderly_care: '养老', other: '其他',
} as const
export type PlaceKind = keyof typeof PLACE_KIND_LABELS
export const PLACE_KINDS = codes(PLACE_KIND_LABELS) as readonly PlaceKind[]

export const CAMERA_STATUS_LABELS = { ON: '在线', OFF: '离线' } as const
export type CameraStatus = keyof typeof CAMERA_STATUS_LABELS
export const CAMERA_STATUSES = codes(CAMERA_STATUS_LABELS) as readonly CameraStatus[]

export const LIVE_EVENT_TYPES = ['incident.created', 'incident.updated', 'alert.raised', 'alert.updated', 'camera.updated'] as const
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number]
/**
 * The stream's own event, not in the log: the server cannot resume where a screen left off (an id the log never had,
 * or more to replay than MAX_REPLAY_EVENTS / MAX_REPLAY_HOURS allow), so the screen re-reads its state.
 */
export const STREAM_RESET_EVENT = 'reset'
export const MAX_REPLAY_EVENTS = 5_000
export const MAX_REPLAY_HOURS = 6

/** A category's deadline runs on working time, or on natural hours for emergencies that do not wait. */
export const DEADLINE_CLOCK_LABELS = { working: '工作时', natural: '自然时' } as const
export type DeadlineClock = keyof typeof DEADLINE_CLOCK_LABELS
export const DEADLINE_CLOCKS = codes(DEADLINE_CLOCK_LABELS) as readonly DeadlineClock[]

/** The case workflow's actions (db/src/workflow.ts says from which states and by whom). */
export const ACTION_LABELS = {
  report: '上报', accept: '受理', register: '立案', refuse: '不予受理', dispatch: '派遣', start: '开始处置', feedback: '处置反馈', return: '回退', verify: '核查通过',
  rework: '核查不通过', close: '结案', evaluate: '评价', supervise: '督办', urgent: '加急', extend: '延期', defer: '缓办',
  resume: '恢复办理', merge: '合并', escalate: '上报上级', assign: '交办', handle: '本级处置', settle: '自行处置', park: '挂账', unpark: '解除挂账',
  request_extension: '申请延期', request_return: '申请回退', approve: '批准申请', deny: '驳回申请',
} as const

/** 不予受理/作废: why a report is not taken up (it then counts in no rate). */
export const REFUSAL_REASON_LABELS = { out_of_scope: '不属受理范围', out_of_area: '不属本辖区', invalid: '无效信息', duplicate: '重复上报' } as const
export type RefusalReason = keyof typeof REFUSAL_REASON_LABELS
export const REFUSAL_REASONS = codes(REFUSAL_REASON_LABELS) as readonly RefusalReason[]

/** What a department asks of the desk (申请延期 / 申请回退); the desk approves or denies. */
export const CASE_REQUEST_LABELS = { extend: '申请延期', return: '申请回退' } as const
export type CaseRequest = keyof typeof CASE_REQUEST_LABELS

/** 评价: the reporter's satisfaction (回访) and the desk's grade of the handling. */
export const SATISFACTION_LABELS = { satisfied: '满意', basically: '基本满意', dissatisfied: '不满意' } as const
export type Satisfaction = keyof typeof SATISFACTION_LABELS
export const SATISFACTIONS = codes(SATISFACTION_LABELS) as readonly Satisfaction[]
export const GRADE_LABELS = { excellent: '优', good: '良', fair: '中', poor: '差' } as const
export type Grade = keyof typeof GRADE_LABELS
export const GRADES = codes(GRADE_LABELS) as readonly Grade[]
export type ActionLabelKey = keyof typeof ACTION_LABELS

/** The grid workers as a force: 专职/兼职, and the post (网格员; 网格长 of a village; 网格指导员 of a town). */
export const EMPLOYMENT_LABELS = { full_time: '专职', part_time: '兼职' } as const
export type Employment = keyof typeof EMPLOYMENT_LABELS
export const WORKER_POST_LABELS = { worker: '网格员', grid_head: '网格长', instructor: '网格指导员' } as const
export type WorkerPost = keyof typeof WORKER_POST_LABELS
/** A desk's task for a grid worker: 走访 a household or place, 核查 a case's result, 排查 an area for hazards. */
export const TASK_KIND_LABELS = { visit: '走访', verify: '核查', inspect: '排查' } as const
export type TaskKind = keyof typeof TASK_KIND_LABELS
export const TASK_KINDS = codes(TASK_KIND_LABELS) as readonly TaskKind[]
