import type { Kysely } from 'kysely'
import { runScript } from '../script.js'

// Raw DDL: PostGIS types, GiST indexes and check constraints read more clearly as SQL.
// Runs unchanged on PGlite + PostGIS 3.6 (PG 18) and on PostgreSQL 15 + PostGIS 3.3.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    create table admin_unit (
      code varchar(12) primary key check (code ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'),
      level text not null check (level in ('district', 'town', 'village')),
      parent_code varchar(12) references admin_unit(code) on delete cascade,
      name text not null check (length(name) between 1 and 100),
      full_name text not null,
      kind text not null,
      population integer check (population >= 0),
      households integer check (households >= 0),
      area_km2 double precision check (area_km2 >= 0),
      geom geometry(MultiPolygon, 4326) not null,
      label_point geometry(Point, 4326) not null,
      constraint admin_unit_level_code check (
        (level = 'district' and length(code) = 6 and parent_code is null) or
        (level = 'town' and length(code) = 9 and parent_code = left(code, 6)) or
        (level = 'village' and length(code) = 12 and parent_code = left(code, 9))
      )
    );
    create index admin_unit_geom on admin_unit using gist (geom);
    create index admin_unit_parent on admin_unit (parent_code);

    create table grid (
      code varchar(15) primary key check (code ~ '^[0-9]{15}$'),
      village_code varchar(12) not null references admin_unit(code) on delete cascade,
      name text not null,
      kind text not null default 'comprehensive' check (kind in ('comprehensive', 'dedicated')),
      households integer not null default 0 check (households >= 0),
      population integer not null default 0 check (population >= 0),
      geom geometry(MultiPolygon, 4326) not null,
      constraint grid_code_in_village check (left(code, 12) = village_code)
    );
    create index grid_geom on grid using gist (geom);
    create index grid_village on grid (village_code);

    create table household (
      id bigserial primary key,
      grid_code varchar(15) not null references grid(code) on delete cascade,
      size smallint not null check (size between 1 and 20),
      geom geometry(Point, 4326) not null
    );
    create index household_geom on household using gist (geom);
    create index household_grid on household (grid_code);

    create table department (
      code text primary key check (code ~ '^[a-z0-9_]{2,40}$'),
      name text not null,
      kind text not null,
      unit_code varchar(12) references admin_unit(code) on delete set null
    );

    create table place (
      id serial primary key,
      kind text not null check (kind in ('school', 'hospital', 'market', 'enterprise', 'mediation', 'police',
        'government', 'scenic', 'elderly_care', 'other')),
      name text not null,
      unit_code varchar(12) not null references admin_unit(code) on delete cascade,
      address text,
      geom geometry(Point, 4326) not null
    );
    create index place_geom on place using gist (geom);

    create table camera (
      id varchar(20) primary key check (id ~ '^[0-9]{20}$'),
      name text not null,
      device_type varchar(3) not null check (device_type ~ '^[0-9]{3}$'),
      ptz_type smallint not null check (ptz_type between 1 and 4),
      position_type smallint not null check (position_type between 1 and 20),
      indoor boolean not null default false,
      use smallint not null check (use between 1 and 3),
      status text not null check (status in ('ON', 'OFF')),
      direction smallint not null check (direction between 0 and 359),
      civil_code varchar(12) not null references admin_unit(code) on delete cascade,
      grid_code varchar(15) references grid(code) on delete set null,
      stream_flv text,
      stream_hls text,
      geom geometry(Point, 4326) not null,
      updated_at timestamptz not null default now()
    );
    create index camera_geom on camera using gist (geom);
    create index camera_civil on camera (civil_code);

    create table incident_category (
      code text primary key check (code ~ '^[a-z0-9_.]{2,40}$'),
      parent_code text references incident_category(code),
      name text not null,
      department_code text references department(code),
      deadline_hours integer check (deadline_hours > 0)
    );

    create table incident (
      id bigserial primary key,
      client_id uuid unique,
      title text not null check (length(title) between 1 and 200),
      description text not null default '',
      category_code text not null references incident_category(code),
      source text not null check (source in ('grid_worker', 'hotline', 'citizen', 'camera', 'iot')),
      status text not null check (status in ('reported', 'accepted', 'dispatched', 'handling', 'fed_back',
        'verified', 'closed', 'evaluated', 'returned', 'deferred', 'parked')),
      priority smallint not null default 1 check (priority between 1 and 3),
      people_involved integer not null default 0 check (people_involved >= 0),
      geom geometry(Point, 4326) not null,
      grid_code varchar(15) references grid(code) on delete set null,
      village_code varchar(12) references admin_unit(code) on delete set null,
      town_code varchar(12) references admin_unit(code) on delete set null,
      department_code text references department(code),
      reported_at timestamptz not null,
      accepted_at timestamptz,
      dispatched_at timestamptz,
      fed_back_at timestamptz,
      closed_at timestamptz,
      deadline timestamptz,
      supervision text not null default 'none' check (supervision in ('none', 'normal', 'yellow', 'red')),
      version integer not null default 1
    );
    create index incident_geom on incident using gist (geom);
    create index incident_reported on incident (reported_at);
    create index incident_town_reported on incident (town_code, reported_at);
    create index incident_village_reported on incident (village_code, reported_at);
    create index incident_status on incident (status);

    create table incident_log (
      id bigserial primary key,
      incident_id bigint not null references incident(id) on delete cascade,
      action text not null,
      from_status text,
      to_status text,
      actor text not null,
      organisation text,
      note text,
      at timestamptz not null
    );
    create index incident_log_incident on incident_log (incident_id, at);
  `)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    drop table if exists incident_log, incident, incident_category, camera, place, department, household, grid, admin_unit cascade
  `)
}
