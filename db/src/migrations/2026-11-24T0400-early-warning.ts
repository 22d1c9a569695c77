import type { Kysely } from 'kysely'
import { runScript } from '../script.js'

// Early warning: rules with their parameters (editable), alerts with their evidence and lifecycle log,
// IoT sensors with per-device keys and their events. Live events now carry alerts as well as incidents.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    create table alert_rule (
      code text primary key check (code ~ '^[a-z_]+\\.[a-z_]+$'),
      name text not null,
      trigger text not null check (trigger in ('incident', 'schedule', 'sensor', 'camera')),
      enabled boolean not null default true,
      severity text not null check (severity in ('blue', 'yellow', 'orange', 'red')),
      params jsonb not null default '{}',
      updated_at timestamptz not null default now()
    );

    create table sensor (
      id text primary key check (id ~ '^[A-Za-z0-9_-]{4,40}$'),
      kind text not null check (kind in ('smoke', 'gas', 'air', 'elderly_button')),
      name text not null,
      key_hash text not null,
      geom geometry(Point, 4326) not null,
      village_code varchar(12) references admin_unit(code) on delete set null,
      grid_code varchar(15) references grid(code) on delete set null,
      last_event_at timestamptz,
      state text not null default 'normal' check (state in ('normal', 'alarm'))
    );
    create index sensor_geom on sensor using gist (geom);

    create table sensor_event (
      id bigserial primary key,
      sensor_id text not null references sensor(id) on delete cascade,
      type text not null check (type in ('alarm', 'clear', 'heartbeat')),
      value double precision,
      at timestamptz not null,
      received_at timestamptz not null default now()
    );
    create index sensor_event_sensor on sensor_event (sensor_id, at);

    create table alert (
      id bigserial primary key,
      rule_code text not null references alert_rule(code),
      dedupe_key text not null,
      severity text not null check (severity in ('blue', 'yellow', 'orange', 'red')),
      status text not null default 'raised' check (status in ('raised', 'acknowledged', 'closed')),
      title text not null,
      detail text not null default '',
      category_code text references incident_category(code),
      geom geometry(Geometry, 4326) not null,
      unit_code varchar(12) references admin_unit(code) on delete set null,
      incident_ids bigint[] not null default '{}',
      device_ids text[] not null default '{}',
      raised_at timestamptz not null,
      last_evidence_at timestamptz not null,
      acknowledged_at timestamptz,
      acknowledged_by text,
      closed_at timestamptz,
      closed_by text,
      close_note text,
      case_incident_id bigint references incident(id) on delete set null,
      version integer not null default 1
    );
    create index alert_open on alert (rule_code, dedupe_key) where status <> 'closed';
    create index alert_raised on alert (raised_at);
    create index alert_geom on alert using gist (geom);

    create table alert_log (
      id bigserial primary key,
      alert_id bigint not null references alert(id) on delete cascade,
      action text not null check (action in ('raised', 'updated', 'escalated', 'acknowledged', 'closed', 'case')),
      actor text not null,
      note text,
      at timestamptz not null
    );
    create index alert_log_alert on alert_log (alert_id, at);

    -- Rule inputs: repeat reports per grid; cases by deadline (the scheduled sweep, live and replayed).
    create index incident_grid_reported on incident (grid_code, reported_at);
    create index incident_deadline on incident (deadline) where deadline is not null;

    alter table live_event alter column incident_id drop not null;
    alter table live_event add column alert_id bigint references alert(id) on delete cascade;
    alter table live_event drop constraint live_event_type_check;
    alter table live_event add constraint live_event_type_check
      check (type in ('incident.created', 'incident.updated', 'alert.raised', 'alert.updated'));
  `)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    delete from live_event where alert_id is not null;
    alter table live_event drop constraint live_event_type_check;
    alter table live_event add constraint live_event_type_check check (type in ('incident.created', 'incident.updated'));
    alter table live_event drop column alert_id;
    alter table live_event alter column incident_id set not null;
    drop index if exists incident_grid_reported, incident_deadline;
    drop table if exists alert_log, alert, sensor_event, sensor, alert_rule;
  `)
}
