import type { Kysely } from 'kysely'
import { runScript } from '../script.js'

// Households pre-aggregated to ~100 m cells: low-zoom household tiles sum cells instead of scanning points.
// Refreshed after households are generated or imported (refreshHouseholdCells).
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    create materialized view household_cell as
      select floor(ST_X(geom) / 0.001)::int as cx, floor(ST_Y(geom) / 0.001)::int as cy,
        count(*)::int as households, sum(size)::int as population,
        ST_SetSRID(ST_MakePoint(avg(ST_X(geom)), avg(ST_Y(geom))), 4326) as geom
      from household group by 1, 2;
    create index household_cell_geom on household_cell using gist (geom);
    create unique index household_cell_key on household_cell (cx, cy);
  `)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `drop materialized view if exists household_cell`)
}
