import type { Kysely } from 'kysely'
import { runScript } from '../script.js'

// Privacy by design (README "Who sees what").
// - sensitive_subject: the categories (a code covers its children) and device kinds whose cases and alerts are never
//   placed for the screens and the public, only counted per unit; administrators edit the list.
// - audit_log: the one audit log of the product: every read of personal data, who, what, when, from where and why.
// - household_cell is rebuilt with each cell's centre instead of the mean of its households (a cell holding one home
//   gave that home's exact point) and cells of 0.0015° (≥ 100 m east–west up to 53° N).
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    create table sensitive_subject (
      kind text not null check (kind in ('category', 'device_kind')),
      code text not null check (code ~ '^[a-z_]+(\\.[a-z_]+)*$'),
      label text not null,
      primary key (kind, code)
    );
    insert into sensitive_subject (kind, code, label) values
      ('category', 'order.key_person', '重点人员'),
      ('category', 'order.mental_health', '精神障碍患者'),
      ('category', 'dispute.family', '婚姻家庭纠纷'),
      ('category', 'livelihood.minor', '未成年人'),
      ('category', 'collective.petition', '信访'),
      ('device_kind', 'elderly_button', '老人一键呼叫');
    create table audit_log (
      id bigserial primary key,
      at timestamptz not null default now(),
      user_id bigint,
      username text not null,
      role text not null,
      action text not null,
      subject text not null,
      reason text,
      address text,
      user_agent text
    );
    create index audit_log_at_idx on audit_log (at desc);
    create index audit_log_user_at_idx on audit_log (username, at desc);
    create index audit_log_subject_idx on audit_log (subject, at desc);
    drop materialized view household_cell;
    create materialized view household_cell as
      select floor(ST_X(geom) / 0.0015)::int as cx, floor(ST_Y(geom) / 0.0015)::int as cy,
        count(*)::int as households, sum(size)::int as population,
        ST_SetSRID(ST_MakePoint((floor(ST_X(geom) / 0.0015) + 0.5) * 0.0015, (floor(ST_Y(geom) / 0.0015) + 0.5) * 0.0015), 4326) as geom
      from household group by 1, 2, floor(ST_X(geom) / 0.0015), floor(ST_Y(geom) / 0.0015);
    create index household_cell_geom on household_cell using gist (geom);
    create unique index household_cell_key on household_cell (cx, cy);
  `)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    drop materialized view if exists household_cell;
    create materialized view household_cell as
      select floor(ST_X(geom) / 0.001)::int as cx, floor(ST_Y(geom) / 0.001)::int as cy,
        count(*)::int as households, sum(size)::int as population,
        ST_SetSRID(ST_MakePoint(avg(ST_X(geom)), avg(ST_Y(geom))), 4326) as geom
      from household group by 1, 2;
    create index household_cell_geom on household_cell using gist (geom);
    create unique index household_cell_key on household_cell (cx, cy);
    drop table if exists audit_log;
    drop table if exists sensitive_subject;
  `)
}
