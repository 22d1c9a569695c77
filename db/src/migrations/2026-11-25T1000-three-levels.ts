import { type Kysely, sql } from 'kysely'
import { runScript } from '../script.js'
import { STATUTORY_DAYS } from '../calendar-data.js'

// Three levels of command (district, town, village desks), the level a case is handled and settled at, the grid
// worker's 自行处置, and the working calendar as data (holidays, 调休 make-up days, seasonal office hours).
const ROLES = `'admin', 'leader', 'dispatcher', 'town_desk', 'village_desk', 'department', 'grid_worker', 'screen'`
const OLD_ROLES = `'admin', 'leader', 'dispatcher', 'department', 'grid_worker', 'screen'`
const LEVELS = `'village', 'town', 'district'`
/** Small matters a grid worker may settle on the spot (a setting per category; /admin changes it). */
const SELF_SETTLE = ['dispute.neighbour', 'urban.street_vending', 'urban.parking', 'urban.rubbish', 'livelihood.sanitation']

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    alter table app_user drop constraint app_user_role_check;
    alter table app_user add constraint app_user_role_check check (role in (${ROLES}));
    alter table app_user add column unit_code varchar(12);
    alter table app_user add constraint app_user_unit check ((role in ('town_desk', 'village_desk')) = (unit_code is not null));
    alter table app_user add constraint app_user_unit_level check (role <> 'town_desk' or length(unit_code) = 9);
    alter table app_user add constraint app_user_unit_level_village check (role <> 'village_desk' or length(unit_code) = 12);
    alter table incident add column level text not null default 'district' check (level in (${LEVELS}));
    alter table incident add column self_settled boolean not null default false;
    alter table incident_log add column level text check (level in (${LEVELS}));
    alter table incident_category add column self_settle boolean not null default false;
    create index incident_town_level on incident (town_code, level);
    create table calendar_day (
      day date primary key,
      kind text not null check (kind in ('holiday', 'workday')),
      name text not null check (length(name) between 1 and 40)
    );
    create table office_season (
      id serial primary key,
      name text not null check (length(name) between 1 and 20),
      from_md char(5) not null check (from_md ~ '^[01][0-9]-[0-3][0-9]$'),
      to_md char(5) not null check (to_md ~ '^[01][0-9]-[0-3][0-9]$'),
      periods jsonb not null
    )
  `)
  await sql`update incident_category set self_settle = true where code = any(${SELF_SETTLE}::text[])`.execute(db)
  for (const d of STATUTORY_DAYS) {
    await sql`insert into calendar_day (day, kind, name) values (${d.day}::date, ${d.kind}, ${d.name}) on conflict (day) do nothing`.execute(db)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    drop table if exists office_season;
    drop table if exists calendar_day;
    drop index if exists incident_town_level;
    alter table incident_category drop column if exists self_settle;
    alter table incident_log drop column if exists level;
    alter table incident drop column if exists self_settled;
    alter table incident drop column if exists level;
    delete from app_user where role in ('town_desk', 'village_desk');
    alter table app_user drop constraint if exists app_user_unit_level_village;
    alter table app_user drop constraint if exists app_user_unit_level;
    alter table app_user drop constraint if exists app_user_unit;
    alter table app_user drop column if exists unit_code;
    alter table app_user drop constraint app_user_role_check;
    alter table app_user add constraint app_user_role_check check (role in (${OLD_ROLES}))
  `)
}
