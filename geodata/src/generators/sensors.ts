import { sql } from 'kysely'
import { sensors } from '@gridsight/db'
import type { GenerateContext } from '../context.js'

const KINDS = [
  // kind, id prefix, name, share of households that have one (per 10,000)
  ['smoke', 'SMK', '烟感', 3],
  ['gas', 'GAS', '燃气探测器', 2],
  ['elderly_button', 'SOS', '老人一键呼叫', 2],
] as const

/**
 * IoT devices (seed 002: smoke, gas, air quality, elderly emergency buttons) at households picked by the seed,
 * plus an air-quality station at each town's seat. Demo devices (sensor.demo): their keys follow demoSensorKey.
 */
export async function generateSensors(ctx: GenerateContext): Promise<void> {
  await sql`select setseed(${((ctx.seed % 1000) / 1000) * 0.5})`.execute(ctx.db)
  for (const [kind, prefix, name, per10k] of KINDS) {
    const picked = await sql<{ n: number; lon: number; lat: number; village_code: string; grid_code: string; village: string }>`
      select row_number() over (order by h.id)::int as n, ST_X(h.geom) as lon, ST_Y(h.geom) as lat, g.village_code, g.code as grid_code, v.name as village
      from household h join grid g on g.code = h.grid_code join admin_unit v on v.code = g.village_code
      where random() < ${per10k / 10_000}::float8 order by h.id`.execute(ctx.db)
    await insert(ctx, picked.rows.map((r) => ({ ...r, id: `${prefix}-${String(r.n).padStart(5, '0')}`, kind, name: `${r.village} ${name} ${String(r.n).padStart(5, '0')}` })))
  }
  const towns = await sql<{ code: string; name: string; lon: number; lat: number }>`
    select code, name, ST_X(label_point) as lon, ST_Y(label_point) as lat from admin_unit where level = 'town' order by code`.execute(ctx.db)
  await insert(ctx, towns.rows.map((t) => ({ id: `AIR-${t.code}`, kind: 'air', name: `${t.name} 空气质量监测站`, lon: t.lon, lat: t.lat, village_code: null, grid_code: null })))
}

async function insert(ctx: GenerateContext, rows: Array<{ id: string; kind: string; name: string; lon: number; lat: number; village_code: string | null; grid_code: string | null }>) {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500)
    await sql`insert into sensor (id, kind, name, key_hash, geom, village_code, grid_code, demo)
      select id, kind, name, key_hash, ST_SetSRID(ST_MakePoint(lon, lat), 4326), village_code, grid_code, true
      from unnest(${chunk.map((r) => r.id)}::text[], ${chunk.map((r) => r.kind)}::text[], ${chunk.map((r) => r.name)}::text[],
        ${chunk.map((r) => sensors.demoSensorKeyHash(r.id))}::text[], ${chunk.map((r) => r.lon)}::float8[], ${chunk.map((r) => r.lat)}::float8[],
        ${chunk.map((r) => r.village_code)}::text[], ${chunk.map((r) => r.grid_code)}::text[])
        as a(id, kind, name, key_hash, lon, lat, village_code, grid_code)`.execute(ctx.db)
  }
}
