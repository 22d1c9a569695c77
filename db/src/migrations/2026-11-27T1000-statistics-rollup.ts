import { type Kysely, sql } from 'kysely'
import { runScript } from '../script.js'

// Statistics in milliseconds (issue 12): every incident write marks the case (stat_dirty, one small row in the same
// transaction); a fold turns the marked cases into their facts (stat_fact: the moments and flags the figures count,
// one narrow row per case) and adds the difference to the daily rollup (stat_day: per district and town, per group, per
// Beijing day). db/src/queries/rollup.ts defines the counters; stat_state says whether the rollup has been built.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    create table stat_dirty (incident_id bigint primary key);
    create table stat_fact (
      incident_id bigint primary key,
      district_code text, town_code text, village_code text,
      department_code text, category text, source text, level text,
      reported_at timestamptz not null, accepted_at timestamptz, reg_at timestamptz, due_at timestamptz, closed_at timestamptz,
      settled_at timestamptz, deadline timestamptz,
      due_span tstzrange, closed_span tstzrange,
      refused boolean not null, merged boolean not null, open boolean not null, paused boolean not null,
      f_registered boolean not null, f_dispatched boolean not null, f_fed_back boolean not null,
      on_time boolean not null, reworked boolean not null, extended boolean not null, returned boolean not null,
      evaluated boolean not null, satisfied boolean not null, self_settled boolean not null
    );
    create index stat_fact_reported on stat_fact (reported_at);
    create index stat_fact_accepted on stat_fact (accepted_at);
    create index stat_fact_reg on stat_fact (reg_at);
    create index stat_fact_due on stat_fact (due_at);
    create index stat_fact_closed on stat_fact (closed_at);
    create index stat_fact_settled on stat_fact (settled_at);
    create index stat_fact_due_span on stat_fact using gist (due_span);
    create index stat_fact_closed_span on stat_fact using gist (closed_span);
    create index stat_fact_overdue on stat_fact (deadline) where open and not paused and not merged;

    create table stat_day (
      unit_code text not null, dim text not null, key text not null, day date not null,
      reported int not null default 0, refused int not null default 0, merged int not null default 0,
      rep_open int not null default 0, rep_paused int not null default 0, rep_accepted int not null default 0,
      rep_registered int not null default 0, rep_dispatched int not null default 0, rep_fed_back int not null default 0,
      rep_settled int not null default 0, accepted int not null default 0, registered int not null default 0,
      due int not null default 0, reworked int not null default 0, extended int not null default 0, returned int not null default 0,
      evaluated int not null default 0, satisfied int not null default 0,
      closed int not null default 0, closed_on_time int not null default 0, self_settled int not null default 0,
      reg_reworked int not null default 0, reg_extended int not null default 0, reg_returned int not null default 0,
      reg_evaluated int not null default 0, reg_satisfied int not null default 0, reg_closed_on_time int not null default 0,
      reg_self_settled int not null default 0,
      settled int not null default 0, settled_village int not null default 0, settled_town int not null default 0,
      settled_district int not null default 0, settled_self int not null default 0,
      primary key (unit_code, dim, key, day)
    ) with (fillfactor = 70);
    create table stat_state (id boolean primary key default true check (id), built_at timestamptz);
    insert into stat_state (built_at) values (null);
  `)
  // One statement with a dollar-quoted body (runScript splits on semicolons).
  await sql.raw(`create function stat_mark_dirty() returns trigger language plpgsql as $$
    begin
      insert into stat_dirty (incident_id) values (case when tg_op = 'DELETE' then old.id else new.id end) on conflict do nothing;
      return null;
    end $$`).execute(db)
  await sql.raw(`create trigger incident_stat_dirty after insert or update or delete on incident for each row execute function stat_mark_dirty()`).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    drop trigger if exists incident_stat_dirty on incident;
    drop function if exists stat_mark_dirty();
    drop table if exists stat_dirty, stat_fact, stat_day, stat_state;
  `)
}
