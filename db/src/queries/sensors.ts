import { DomainError } from '@gridsight/contract'
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import { asGeoJson, point } from '../postgis.js'
import type { SensorKind } from '@gridsight/contract'
import type { Database } from '../schema.js'
import type { GeoJsonText, SensorCollection } from '../geojson.js'

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex')

/**
 * The key of a demo sensor, derivable from its id: only the generated devices of a demo data set have it (sensor.demo);
 * devices administrators register get random keys from createSensor, and a derivable key never opens them.
 */
export const demoSensorKey = (id: string) => createHash('sha256').update(`gridsight-demo-sensor:${id}`).digest('base64url').slice(0, 32)
export const demoSensorKeyHash = (id: string) => hashKey(demoSensorKey(id))

export interface SensorEventInput { type: 'alarm' | 'clear' | 'heartbeat'; value?: number; at?: Date }

/**
 * Records a device's event after checking its key (unknown device and wrong key look the same: 401).
 * Returns the event id; alarms set the device's state, clears reset it.
 */
export async function recordSensorEvent(db: Kysely<Database>, id: string, key: string, e: SensorEventInput): Promise<{ event_id: number; sensor_id: string }> {
  // A demo device counts as one only in a database holding a demo data set.
  const s = (await sql<{ key_hash: string; demo: boolean }>`
    select key_hash, demo and exists (select 1 from demo_data_set) as demo from sensor where id = ${id}`.execute(db)).rows[0]
  const given = Buffer.from(hashKey(key))
  const matches = !!s && timingSafeEqual(given, Buffer.from(s.key_hash.padEnd(given.length).slice(0, given.length)))
  // A derivable key opens only a demo device, whatever its stored hash says (a device copied from demo data, say).
  if (!s || !matches || (!s.demo && key === demoSensorKey(id))) {
    throw new DomainError('unauthenticated', 'unknown device or wrong device key', 'bad_device_key')
  }
  const at = e.at ?? new Date()
  return db.transaction().execute(async (trx) => {
    const r = await sql<{ id: number }>`insert into sensor_event (sensor_id, type, value, at) values (${id}, ${e.type}, ${e.value ?? null}, ${at}) returning id::int as id`.execute(trx)
    await sql`update sensor set last_event_at = greatest(coalesce(last_event_at, ${at}::timestamptz), ${at}::timestamptz),
      state = case ${e.type} when 'alarm' then 'alarm' when 'clear' then 'normal' else state end where id = ${id}`.execute(trx)
    return { event_id: r.rows[0]!.id, sensor_id: id }
  })
}

export interface NewSensor { id: string; kind: SensorKind; name: string; lon: number; lat: number }

/** Registers a device inside the district; its key is returned once and stored only as a hash. */
export async function createSensor(db: Kysely<Database>, s: NewSensor): Promise<{ id: string; key: string }> {
  const key = randomBytes(24).toString('base64url')
  const r = await sql<{ id: string }>`
    insert into sensor (id, kind, name, key_hash, geom, village_code, grid_code)
    select ${s.id}, ${s.kind}, ${s.name}, ${hashKey(key)}, p.pt, g.village_code, g.code
    from (select ${point(s.lon, s.lat)} as pt) p
    join admin_unit d on d.level = 'district' and ST_Intersects(d.geom, p.pt)
    left join grid g on ST_Intersects(g.geom, p.pt)
    order by g.code limit 1
    on conflict (id) do nothing
    returning id`.execute(db)
  if (!r.rows[0]) {
    const exists = await db.selectFrom('sensor').select('id').where('id', '=', s.id).executeTakeFirst()
    throw exists ? new DomainError('conflict', `sensor ${s.id} exists`, 'sensor_exists') : new DomainError('unprocessable', 'the location is outside the district', 'outside_district')
  }
  return { id: s.id, key }
}

/** Devices for the map (no keys). */
export async function sensorsGeoJson(db: Kysely<Database>): Promise<GeoJsonText<SensorCollection>> {
  const r = await sql<{ fc: string }>`
    select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object('type', 'Feature',
      'geometry', ${asGeoJson(sql`geom`)}, 'properties', json_build_object('id', id, 'kind', kind, 'name', name, 'state', state))), '[]'::json))::text as fc
    from sensor`.execute(db)
  return r.rows[0]!.fc
}
