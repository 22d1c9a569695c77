import { sql } from 'kysely'
import type { CommandLevel } from '@gridsight/contract'
import type { GenerateContext } from '../context.js'

/** level: the level of command of the desk taking the step (none: the reporter, a department). */
export interface StoryStep { action: string; to: string; actor: string; organisation: string; note: string; at: string; level?: CommandLevel }
/** A case a district's sources tell (data sets may bring some: sources/<district>/stories.ts). */
export interface Story {
  /** Village (or, with a '*', the first community of the town) where it happened. */
  village: string
  town: string
  category: string
  title: string
  description: string
  people: number
  priority: number
  /** Days before the end of the history, and the steps' times of day (HH:MM). */
  daysAgo: number
  steps: StoryStep[]
  /** The level that handled it (default: the district). */
  level?: CommandLevel
}

/** The district's command centre, which accepts, dispatches and closes cases. */
export const COMMAND_CENTRE = '区社会治理大数据中心'

const STEP_COLUMN: Record<string, string> = { accept: 'accepted_at', dispatch: 'dispatched_at', handle: 'dispatched_at', feedback: 'fed_back_at', close: 'closed_at' }

/** Replays the district's stories (if its data set has any) at their real times of day, with their timelines. */
export async function generateStories(ctx: GenerateContext) {
  const day = new Date(ctx.endDate)
  for (const story of ctx.extras.stories) {
    const date = new Date(day.getTime() - story.daysAgo * 86_400_000)
    // Times of day are Beijing time (UTC+8).
    const at = (hhmm: string) => new Date(`${date.toISOString().slice(0, 10)}T${hhmm}:00+08:00`)
    const reported = at(story.steps[0]!.at)
    const times: Record<string, Date | null> = { accepted_at: null, dispatched_at: null, fed_back_at: null, closed_at: null }
    for (const step of story.steps) if (STEP_COLUMN[step.action]) times[STEP_COLUMN[step.action]!] = at(step.at)
    const last = story.steps[story.steps.length - 1]!
    const dispatched = story.steps.some((s) => s.action === 'dispatch')
    const village = story.village === '*'
      ? sql`(select v.code from admin_unit v join admin_unit t on t.code = v.parent_code where t.name = ${story.town} and v.kind = '社区' order by v.code limit 1)`
      : sql`(select v.code from admin_unit v join admin_unit t on t.code = v.parent_code where t.name = ${story.town} and v.name = ${story.village})`
    const inserted = await sql<{ id: number }>`
      insert into incident (title, description, category_code, source, status, priority, people_involved, geom, grid_code, village_code,
        town_code, department_code, reported_at, accepted_at, dispatched_at, fed_back_at, closed_at, deadline, level, supervision)
      select ${story.title}, ${story.description}, ${story.category}, 'grid_worker', ${last.to}, ${story.priority}, ${story.people},
        v.label_point, (select g.code from grid g where g.village_code = v.code and ST_Intersects(g.geom, v.label_point) limit 1),
        v.code, v.parent_code, ${dispatched ? sql`coalesce(c.department_code, 'town_' || v.parent_code)` : sql`null`}, ${reported},
        ${times.accepted_at}, ${times.dispatched_at}, ${times.fed_back_at}, ${times.closed_at},
        ${reported}::timestamptz + c.deadline_hours * interval '1 hour', ${story.level ?? 'district'},
        ${story.steps.some((s) => s.action === 'supervise') ? 'normal' : 'none'}
      from admin_unit v, incident_category c where v.code = ${village} and c.code = ${story.category}
      returning id`.execute(ctx.db)
    const id = inserted.rows[0]?.id
    if (id == null) throw new Error(`story place not found: ${story.town} ${story.village}`)
    let from: string | null = null
    for (const step of story.steps) {
      await sql`insert into incident_log (incident_id, action, from_status, to_status, actor, organisation, note, at, level)
        values (${id}, ${step.action}, ${from}, ${step.to}, ${step.actor}, ${step.organisation}, ${step.note}, ${at(step.at)},
          ${step.level ?? (step.organisation === COMMAND_CENTRE ? 'district' : null)})`.execute(ctx.db)
      from = step.to
    }
  }
}
