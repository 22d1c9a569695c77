import { sql } from 'kysely'
import { unitGeometry } from '@gridsight/db'
import type { GenerateContext } from '../context.js'
import { rng } from '../random.js'
import { districtKind } from '../sources/unit-kinds.js'

const AVERAGE_HOUSEHOLD_SIZE = 2.77
/** Residents per km² of a town no source (and no district extra) gives a population for. */
const RURAL_DENSITY_PER_KM2 = 380

/** Working table of generator points: Voronoi seeds of towns, villages and grids. */
async function createSeedTable(ctx: GenerateContext) {
  await sql`create temp table if not exists gen_seed (
    level text not null, code text primary key, parent text not null, fixed boolean not null default false,
    households integer not null default 0, geom geometry(Point, 4326) not null)`.execute(ctx.db)
  await sql`truncate gen_seed`.execute(ctx.db)
}

/**
 * Inserts units (or grids) of one level: each parent is tiled by the Voronoi cells of its seeds,
 * clipped to the parent, so children cover the parent exactly with no overlaps.
 */
async function tileLevel(ctx: GenerateContext, level: 'town' | 'village' | 'grid') {
  await sql`create temp table if not exists gen_cell (code text primary key, geom geometry(MultiPolygon, 4326))`.execute(ctx.db)
  await sql`truncate gen_cell`.execute(ctx.db)
  await sql`
    insert into gen_cell (code, geom)
    select s.code, ${unitGeometry(sql`ST_Intersection(p.geom, c.cell)`)}
    from (
      select s.parent, (ST_Dump(ST_VoronoiPolygons(ST_Collect(s.geom), 0,
        (select ST_Expand(ST_Envelope(geom), 0.2) from admin_unit where code = s.parent)))).geom as cell
      from gen_seed s where s.level = ${level}
      group by s.parent having count(*) > 1
    ) c
    join gen_seed s on s.level = ${level} and s.parent = c.parent and ST_Intersects(c.cell, s.geom)
    join admin_unit p on p.code = c.parent
    on conflict (code) do nothing`.execute(ctx.db)
  // A parent with a single child is that child.
  await sql`
    insert into gen_cell (code, geom)
    select s.code, p.geom from gen_seed s join admin_unit p on p.code = s.parent
    where s.level = ${level} and s.parent in (select parent from gen_seed where level = ${level} group by parent having count(*) = 1)
    on conflict (code) do nothing`.execute(ctx.db)
}

/** Moves free seeds part of the way toward their cell's centre (Lloyd relaxation) to even out shapes. */
async function relax(ctx: GenerateContext, level: string, weight: number) {
  await sql`
    update gen_seed s set geom = ST_SetSRID(ST_MakePoint(
        ST_X(s.geom) * (1 - ${weight}::float8) + ST_X(p.pt) * ${weight}::float8,
        ST_Y(s.geom) * (1 - ${weight}::float8) + ST_Y(p.pt) * ${weight}::float8), 4326)
    from (select code, case when ST_Contains(geom, ST_Centroid(geom)) then ST_Centroid(geom) else ST_PointOnSurface(geom) end as pt
          from gen_cell) p
    where p.code = s.code and s.level = ${level} and not s.fixed`.execute(ctx.db)
}

/** The district row from its data set (reloading it updates outline and facts). */
export async function generateDistrict(ctx: GenerateContext) {
  const d = ctx.data.district
  await sql`
    insert into admin_unit (code, level, parent_code, name, full_name, kind, population, area_km2, geom, label_point)
    select ${ctx.district}, 'district', null, ${d.name}, ${d.parent + d.name}, ${districtKind(d.name)}, ${d.population?.value ?? null}::int,
      ST_Area(g::geography) / 1e6, g, ST_PointOnSurface(g)
    from (select ${unitGeometry(sql`ST_SetSRID(ST_GeomFromGeoJSON(${ctx.data.outline}), 4326)`)} as g) d
    on conflict (code) do update set name = excluded.name, full_name = excluded.full_name, kind = excluded.kind,
      population = excluded.population, area_km2 = excluded.area_km2, geom = excluded.geom, label_point = excluded.label_point`.execute(ctx.db)
}

export async function generateTowns(ctx: GenerateContext) {
  await createSeedTable(ctx)
  const towns = ctx.data.towns
  const placed: string[] = []
  for (const t of towns) {
    const anchor = ctx.extras.anchors[t.code] ?? (t.lon != null && t.lat != null ? [t.lon, t.lat] : null)
    if (!anchor) continue
    placed.push(t.code)
    await sql`insert into gen_seed (level, code, parent, fixed, geom)
      values ('town', ${t.code}, ${ctx.district}, ${t.approx === false}, ST_SetSRID(ST_MakePoint(${anchor[0]}, ${anchor[1]}), 4326))`.execute(ctx.db)
  }
  // Anchors outside the (low-resolution) outline are pulled just inside it.
  await sql`
    update gen_seed s set geom = ST_ClosestPoint(ST_Buffer(d.geom, -0.02), s.geom)
    from admin_unit d where d.code = ${ctx.district} and s.level = 'town' and not ST_Contains(ST_Buffer(d.geom, -0.02), s.geom)`.execute(ctx.db)
  const unplaced = towns.filter((t) => !placed.includes(t.code)).map((t) => t.code)
  await placeAnchors(ctx, unplaced)
  // Generated anchors start at random: more relaxation rounds even them out (a data set with all centres keeps 4).
  const rounds = unplaced.length ? 12 : 4
  for (let i = 0; i < rounds; i++) {
    await tileLevel(ctx, 'town')
    await relax(ctx, 'town', 0.35)
  }
  await tileLevel(ctx, 'town')

  const area = new Map<string, number>()
  const cells = await sql<{ code: string; km2: number }>`select code, ST_Area(geom::geography) / 1e6 as km2 from gen_cell`.execute(ctx.db)
  for (const c of cells.rows) area.set(c.code, Number(c.km2))
  // Population: the sources' figures where known, a guess from area otherwise, scaled to the district total if known.
  const raw = towns.map((t) => t.population?.value ?? ctx.extras.populationGuess[t.code] ?? Math.round((area.get(t.code) ?? 50) * RURAL_DENSITY_PER_KM2))
  const known = ctx.data.district.population?.value
  const factor = known ? known / raw.reduce((a, b) => a + b, 0) : 1
  for (const [i, t] of towns.entries()) {
    const population = Math.round(raw[i]! * factor)
    await sql`
      insert into admin_unit (code, level, parent_code, name, full_name, kind, population, households, area_km2, geom, label_point)
      select ${t.code}, 'town', ${ctx.district}, ${t.name}, ${ctx.data.district.name + t.name}, ${t.type}, ${population}::int,
        ${Math.round(population / AVERAGE_HOUSEHOLD_SIZE)}::int, ST_Area(c.geom::geography) / 1e6, c.geom,
        case when ST_Contains(c.geom, s.geom) then s.geom else ST_PointOnSurface(c.geom) end
      from gen_cell c join gen_seed s on s.code = c.code where c.code = ${t.code}`.execute(ctx.db)
  }
}

/**
 * Anchors of towns neither a source nor the district's extras place: deterministic points (from the seed)
 * spread inside the outline, kept off its edge; relaxation then evens out the cells.
 */
async function placeAnchors(ctx: GenerateContext, codes: string[]) {
  if (!codes.length) return
  await sql`
    insert into gen_seed (level, code, parent, geom)
    select 'town', (${codes}::text[])[p.path[1]], ${ctx.district}, p.geom
    from admin_unit d, ST_Dump(ST_GeneratePoints(ST_Buffer(d.geom, -0.02), ${codes.length}::int, ${ctx.seed}::int)) p
    where d.code = ${ctx.district}`.execute(ctx.db)
}

export async function generateVillages(ctx: GenerateContext) {
  const villages = ctx.data.villages
  const random = rng(ctx.seed + 101)
  const towns = await ctx.db.selectFrom('admin_unit').select(['code', 'kind', 'households']).where('level', '=', 'town').orderBy('code').execute()
  for (const town of towns) {
    const members = villages.filter((v) => v.town_code === town.code)
    const communities = members.filter((v) => v.kind === '社区')
    const rural = members.filter((v) => v.kind === '村')
    const radius = 500 + 450 * Math.sqrt(communities.length)
    // Communities cluster around the town centre (its urban core); villages fill the rest.
    const core = sql`ST_Intersection(t.geom, ST_Buffer(t.label_point::geography, ${radius})::geometry)`
    const rest = sql`coalesce(nullif(ST_Difference(t.geom, ST_Buffer(t.label_point::geography, ${radius})::geometry), 'GEOMETRYCOLLECTION EMPTY'::geometry), t.geom)`
    const seedPoints = async (area: ReturnType<typeof sql>, n: number, seed: number) =>
      n === 0 ? [] : (await sql<{ x: number; y: number }>`
        select ST_X(d.geom) as x, ST_Y(d.geom) as y from admin_unit t,
          ST_Dump(ST_GeneratePoints(${area}, ${n}::int, ${seed}::int)) d where t.code = ${town.code} order by d.path[1]`.execute(ctx.db)).rows
    const points = [
      ...(await seedPoints(core, communities.length, ctx.seed + Number(town.code.slice(6)))),
      ...(await seedPoints(rest, rural.length, ctx.seed + 1000 + Number(town.code.slice(6)))),
    ]
    const ordered = [...communities, ...rural]
    const urbanWeight = town.kind === '街道' ? 4 : 2.5
    const weights = ordered.map((v) => (v.kind === '社区' ? urbanWeight : 1) * (0.7 + 0.6 * random()))
    const total = weights.reduce((a, b) => a + b, 0)
    for (const [i, v] of ordered.entries()) {
      const p = points[i]!
      const households = Math.max(40, Math.round(((town.households ?? 0) * weights[i]!) / total))
      await sql`insert into gen_seed (level, code, parent, households, geom)
        values ('village', ${v.code}, ${town.code}, ${households}, ST_SetSRID(ST_MakePoint(${p.x}, ${p.y}), 4326))`.execute(ctx.db)
    }
  }
  await tileLevel(ctx, 'village')
  const byCode = new Map(villages.map((v) => [v.code, v]))
  const rows = await sql<{ code: string; parent: string; households: number }>`select code, parent, households from gen_seed where level = 'village' order by code`.execute(ctx.db)
  for (const r of rows.rows) {
    const v = byCode.get(r.code)!
    await sql`
      insert into admin_unit (code, level, parent_code, name, full_name, kind, households, area_km2, geom, label_point)
      select ${r.code}, 'village', ${r.parent}, ${v.name}, ${v.full_name}, ${v.kind}, ${r.households}::int,
        ST_Area(c.geom::geography) / 1e6, c.geom,
        case when ST_Contains(c.geom, s.geom) then s.geom else ST_PointOnSurface(c.geom) end
      from gen_cell c join gen_seed s on s.code = c.code where c.code = ${r.code}`.execute(ctx.db)
  }
}

/** Grids of 300–500 households (urban) or about 300 (rural), tiling each village. */
export async function generateGrids(ctx: GenerateContext) {
  await sql`
    insert into gen_seed (level, code, parent, households, geom)
    select 'grid', v.code || lpad(d.path[1]::text, 3, '0'), v.code, 0, d.geom
    from admin_unit v
    cross join lateral (select greatest(1, round(v.households / case when v.kind = '社区' then 400.0 else 320.0 end))::int as n) plan
    cross join lateral ST_Dump(ST_GeneratePoints(v.geom, plan.n, (${ctx.seed}::int + v.code::bigint % 100000)::int)) d
    where v.level = 'village'`.execute(ctx.db)
  await tileLevel(ctx, 'grid')
  // Split each village's households evenly over its grids (the remainder to the first ones).
  await sql`
    insert into grid (code, village_code, name, kind, households, population, geom)
    select c.code, s.parent, v.name || '第' || right(c.code, 3)::int || '网格', 'comprehensive',
      (v.households / n.n + case when right(c.code, 3)::int <= v.households % n.n then 1 else 0 end)::int, 0, c.geom
    from gen_cell c join gen_seed s on s.code = c.code join admin_unit v on v.code = s.parent
    join (select parent, count(*)::int as n from gen_seed where level = 'grid' group by parent) n on n.parent = s.parent`.execute(ctx.db)
}
