import type { Kysely } from 'kysely'
import { runScript } from '../script.js'

// The demo actor (api/src/simulator.ts) is a separate actor that may touch only what it made:
// - demo_data_set records that a generated demo data set was loaded (per district): demo users, demo devices and the
//   demo actor exist only where it has a row; a production database (imported boundaries, real devices) has none.
// - app_user.demo_actor marks the demo actor's own accounts (created only with the demo data); incident.simulated marks
//   the cases they filed; alert.simulated the alerts whose evidence is all simulated (its cases, demo devices).
// - sensor.demo marks the generated devices whose key is derivable from their id (sensors.demoSensorKey); a device an
//   administrator registers has a random key shown once and is never a demo device.
// Backfill: the generated devices are recognised by their stored key hash; a database holding them holds the demo
// data set; accounts the old simulator made on every start (sim-*, "（模拟）") become demo-actor accounts, so the cases
// they filed are marked too.
const DERIVED_KEY_HASH = `encode(sha256(convert_to(translate(left(encode(sha256(convert_to('gridsight-demo-sensor:' || id, 'UTF8')), 'base64'), 32),
  '+/', '-_'), 'UTF8')), 'hex')`

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    create table demo_data_set (district_code text primary key, generated_at timestamptz not null default now());
    alter table sensor add column demo boolean not null default false;
    update sensor set demo = true where key_hash = ${DERIVED_KEY_HASH};
    insert into demo_data_set (district_code)
      select code from admin_unit where level = 'district' and exists (select 1 from sensor where demo);
    alter table app_user add column demo_actor boolean not null default false;
    update app_user set demo_actor = true where username like 'sim-%' and display_name like '%（模拟）';
    alter table incident add column simulated boolean not null default false;
    update incident set simulated = true where reporter_user_id in (select id from app_user where demo_actor);
    create index incident_simulated_open_idx on incident (reported_at) where simulated and closed_at is null;
    alter table alert add column simulated boolean not null default false;
    update alert a set simulated = true
      where cardinality(a.incident_ids) + cardinality(a.device_ids) > 0
        and not exists (select 1 from incident i where i.id = any(a.incident_ids) and not i.simulated)
        and not exists (select 1 from unnest(a.device_ids) d(id) where not exists (select 1 from sensor s where s.id = d.id and s.demo));
    create index alert_simulated_open_idx on alert (raised_at) where simulated and status <> 'closed'
  `)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    alter table alert drop column if exists simulated;
    alter table incident drop column if exists simulated;
    alter table app_user drop column if exists demo_actor;
    alter table sensor drop column if exists demo;
    drop table if exists demo_data_set
  `)
}
