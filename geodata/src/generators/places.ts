import { sql } from 'kysely'
import type { GenerateContext } from '../context.js'

/** Per town: the institutions every town has, named after it, near its centre. */
const TOWN_PLACES: [kind: string, suffix: string][] = [
  ['government', '便民服务中心'], ['police', '派出所'], ['hospital', '卫生院'], ['school', '中心小学'],
  ['school', '中学'], ['market', '农贸市场'], ['mediation', '人民调解委员会'], ['elderly_care', '敬老院'],
]

/**
 * Town institutions, village schools and clinics, enterprises; then the district's named places: its extras'
 * organisations, the facts' places and the extras' sights.
 */
export async function generatePlaces(ctx: GenerateContext) {
  const nearCentre = (key: string) => sql`ST_GeneratePoints(ST_Intersection(t.geom, ST_Buffer(t.label_point::geography, 1200)::geometry), 1, (${ctx.seed}::int + abs(hashtext(${key} || t.code)) % 99991)::int)`
  for (const [kind, suffix] of TOWN_PLACES) {
    await sql`insert into place (kind, name, unit_code, geom)
      select ${kind}, replace(replace(t.name, '街道', ''), '镇', '') || ${suffix}, t.code, ST_GeometryN(${nearCentre(suffix)}, 1)
      from admin_unit t where t.level = 'town'`.execute(ctx.db)
  }
  // Hospitals and schools of the urban core, a village school and a clinic per few villages, enterprises.
  await sql`insert into place (kind, name, unit_code, geom)
    select case when v.kind = '社区' then 'school' else 'hospital' end,
      v.name || case when v.kind = '社区' then '小学' else '卫生室' end, v.code, v.label_point
    from admin_unit v where v.level = 'village' and abs(hashtext(v.code)) % 3 = 0`.execute(ctx.db)
  await sql`insert into place (kind, name, unit_code, geom)
    select 'enterprise', v.name || (array['食品有限公司','机械制造厂','建材有限公司','物流园','纺织厂'])[1 + abs(hashtext(v.code || 'e')) % 5],
      v.code, ST_GeometryN(ST_GeneratePoints(v.geom, 1, (${ctx.seed}::int + v.code::bigint % 99989)::int), 1)
    from admin_unit v where v.level = 'village' and abs(hashtext(v.code || 'ent')) % 4 = 0`.execute(ctx.db)
  const { organisations, sights } = ctx.extras
  for (const [kind, name, town] of organisations) {
    await sql`insert into place (kind, name, unit_code, geom)
      select ${kind}, ${name}, t.code, ST_GeometryN(${nearCentre(name)}, 1) from admin_unit t where t.level = 'town' and t.name = ${town}`.execute(ctx.db)
  }
  // Named places of the sources that are not villages (compounds, hamlets), at their town's label point.
  for (const p of ctx.data.places) {
    if (!p.unit || organisations.some(([, n]) => p.name.endsWith(n) || n.endsWith(p.name))) continue
    await sql`insert into place (kind, name, unit_code, geom)
      select 'other', ${p.name}, t.code, t.label_point from admin_unit t
      where t.level = 'town' and t.name = ${p.unit}
        and not exists (select 1 from admin_unit v where v.parent_code = t.code and v.name = ${p.name})`.execute(ctx.db)
  }
  for (const [kind, name, town] of sights) {
    await sql`insert into place (kind, name, unit_code, geom)
      select ${kind}, ${name}, t.code, t.label_point from admin_unit t where t.level = 'town' and t.name = ${town}`.execute(ctx.db)
  }
}
