import { sql } from 'kysely'
import { tiles } from '@gridsight/db'
import type { GenerateContext } from '../context.js'

/**
 * Household points inside their grids: spread over urban grids, gathered into hamlets (院落) in rural
 * ones. The grid's planned count times the scale gives the number of points.
 */
export async function generateHouseholds(ctx: GenerateContext) {
  await sql`
    insert into household (grid_code, size, geom)
    select g.code, (array[1, 2, 2, 2, 3, 3, 3, 3, 4, 5])[1 + abs(hashtext(g.code || ':' || d.path[1])) % 10], d.geom
    from grid g
    join admin_unit v on v.code = g.village_code
    cross join lateral (select greatest(1, round(g.households * ${ctx.scale}::float8))::int as n) plan
    cross join lateral (
      select case when v.kind = '村' then coalesce(nullif(ST_Intersection(g.geom,
          ST_Buffer(ST_GeneratePoints(g.geom, 2 + plan.n / 80, (${ctx.seed}::int + 7 + g.code::bigint % 99991)::int), 0.004)),
          'GEOMETRYCOLLECTION EMPTY'::geometry), g.geom) else g.geom end as area
    ) a
    cross join lateral ST_Dump(ST_GeneratePoints(
      case when ST_Area(a.area) > 0 then a.area else g.geom end, plan.n, (${ctx.seed}::int + g.code::bigint % 99991)::int)) d`.execute(ctx.db)
  await rollUpHouseholds(ctx)
  await tiles.refreshHouseholdCells(ctx.db)
}

/** Grid, village, town and district household and population figures from the household rows. */
export async function rollUpHouseholds(ctx: GenerateContext) {
  await sql`
    update grid g set households = h.n, population = h.p
    from (select grid_code, count(*)::int as n, sum(size)::int as p from household group by grid_code) h
    where h.grid_code = g.code`.execute(ctx.db)
  await sql`
    update admin_unit u set households = s.n, population = s.p
    from (select village_code as code, sum(households)::int as n, sum(population)::int as p from grid group by village_code) s
    where s.code = u.code`.execute(ctx.db)
  for (const level of ['town', 'district'] as const) {
    await sql`
      update admin_unit u set households = s.n, population = s.p
      from (select parent_code as code, sum(households)::int as n, sum(population)::int as p
            from admin_unit where level = ${level === 'town' ? 'village' : 'town'} group by parent_code) s
      where s.code = u.code`.execute(ctx.db)
  }
}
