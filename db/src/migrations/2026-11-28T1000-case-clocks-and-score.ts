import { type Kysely, sql } from 'kysely'
import { runScript } from '../script.js'
import { loadCalendar } from '../queries/calendar.js'
import { clockMinutes } from '../worktime.js'

// Issue 12: the figures that need a case's times on its category's clock, kept on the case when the step is taken —
// 受理 (report → acceptance), 核查 (feedback → verification), 处置 (立案 → 结案, less the time it stood paused) — and
// their facts and counters in the rollup (rebuilt; the median from counts per class of handling time); the composite
// score's weights as administrators set them.
// The handling classes: as many as HANDLING_CLASSES has bounds (30), fixed here as the migration made them.
const COUNTERS = ['accepted_timely', 'reg_dispatched', 'reg_dispatch_ok', 'settled_verified', 'settled_verified_timely', 'settled_timed', 'settled_minutes',
  ...Array.from({ length: 30 }, (_, i) => `settled_class_${i}`)]

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(db, `
    alter table incident add column accept_minutes int;
    alter table incident add column verify_minutes int;
    alter table incident add column handling_minutes int;
    alter table incident add column paused_minutes int not null default 0;
    alter table stat_fact add column handling_minutes int;
    alter table stat_fact add column accepted_timely boolean not null default false;
    alter table stat_fact add column verified boolean not null default false;
    alter table stat_fact add column verified_timely boolean not null default false;
    ${COUNTERS.map((c) => `alter table stat_day add column ${c} int not null default 0;\nalter table stat_month add column ${c} int not null default 0;`).join('\n')}
    create table score_weight (figure text primary key, weight int not null check (weight between 0 and 100), updated_by text, updated_at timestamptz not null default now());
    update stat_state set built_at = null;
  `)
  // The cases already there: their times from their moments (a generated history's verification is its closing).
  const calendar = await loadCalendar(db)
  const rows = await sql<{ id: number; clock: 'working' | 'natural'; reported_at: Date; accepted_at: Date | null; registered_at: Date | null;
    fed_back_at: Date | null; closed_at: Date | null; self_settled: boolean; merged: boolean }>`
    select i.id, coalesce(c.deadline_clock, 'working') as clock, i.reported_at, i.accepted_at, i.registered_at, i.fed_back_at, i.closed_at,
      i.self_settled, i.merged_into is not null as merged
    from incident i left join incident_category c on c.code = i.category_code
    where i.accepted_at is not null or i.closed_at is not null`.execute(db)
  if (!rows.rows.length) return
  await sql`alter table incident disable trigger incident_stat_dirty`.execute(db)
  for (let k = 0; k < rows.rows.length; k += 5000) {
    const chunk = rows.rows.slice(k, k + 5000)
    const minutes = (a: Date | null, b: Date | null, clock: 'working' | 'natural') => (a && b ? clockMinutes(new Date(a), new Date(b), clock, calendar) : null)
    const closed = (r: (typeof chunk)[number]) => (r.merged ? null : r.closed_at)
    await sql`update incident i set accept_minutes = v.a, verify_minutes = v.v, handling_minutes = v.h
      from unnest(${chunk.map((r) => r.id)}::bigint[], ${chunk.map((r) => minutes(r.reported_at, r.accepted_at, r.clock))}::int[],
        ${chunk.map((r) => (r.self_settled ? null : minutes(r.fed_back_at, closed(r), r.clock)))}::int[],
        ${chunk.map((r) => minutes(r.self_settled ? r.reported_at : r.registered_at, closed(r), r.clock))}::int[]) as v(id, a, v, h)
      where i.id = v.id`.execute(db)
  }
  await sql`alter table incident enable trigger incident_stat_dirty`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, `
    drop table if exists score_weight;
    ${COUNTERS.map((c) => `alter table stat_day drop column ${c};\nalter table stat_month drop column ${c};`).join('\n')}
    alter table stat_fact drop column handling_minutes;
    alter table stat_fact drop column accepted_timely;
    alter table stat_fact drop column verified;
    alter table stat_fact drop column verified_timely;
    alter table incident drop column accept_minutes;
    alter table incident drop column verify_minutes;
    alter table incident drop column handling_minutes;
    alter table incident drop column paused_minutes;
    update stat_state set built_at = null;
  `)
}
