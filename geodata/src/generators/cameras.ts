import { sql } from 'kysely'
import type { GenerateContext } from '../context.js'

/** GB/T 28181 centre code of a district: its 6-digit code (province, city, county) and unit 00. */
export function cameraCentreCode(district: string): string {
  return `${district}00`
}

/**
 * Video-monitoring points (雪亮工程; Hechuan has about 3,000): ~3 per urban grid, ~1 per rural grid, with
 * 20-digit GB/T 28181 ids, catalogue fields and ZLMediaKit-style stream paths. Not scaled: it is cheap.
 */
export async function generateCameras(ctx: GenerateContext) {
  await sql`
    insert into camera (id, name, device_type, ptz_type, position_type, indoor, use, status, direction, civil_code, grid_code, stream_flv, stream_hls, geom)
    select ${cameraCentreCode(ctx.district)}::text || c.industry || c.device_type || lpad((row_number() over (order by c.grid_code, c.n))::text, 7, '0'),
      c.village_name || (array['路口','广场','学校门口','农贸市场','小区门口','滨江路','村委会','桥头'])[1 + c.h % 8] || c.n || '号监控',
      c.device_type, 1 + c.h % 4, (array[8, 9, 10, 9, 10, 3])[1 + c.h % 6], c.h % 11 = 0, 1 + c.h % 3,
      case when c.h % 100 < 7 then 'OFF' else 'ON' end, c.h % 360, c.village_code, c.grid_code, null, null, c.geom
    from (
      select g.code as grid_code, g.village_code, v.name as village_name, d.path[1] as n, d.geom,
        abs(hashtext(g.code || ':cam:' || d.path[1])) as h,
        case when abs(hashtext(g.code || ':ind:' || d.path[1])) % 10 < 7 then '00' when abs(hashtext(g.code || ':ind:' || d.path[1])) % 10 < 9 then '04' else '08' end as industry,
        case when abs(hashtext(g.code || ':typ:' || d.path[1])) % 3 = 0 then '131' else '132' end as device_type
      from grid g join admin_unit v on v.code = g.village_code
      cross join lateral ST_Dump(ST_GeneratePoints(g.geom, case when v.kind = '社区' then 3 else 1 end
        + (abs(hashtext(g.code || ':n')) % 2), (${ctx.seed}::int + 13 + g.code::bigint % 99961)::int)) d
    ) c`.execute(ctx.db)
  await sql`update camera set stream_flv = '/media/live/' || id || '.live.flv', stream_hls = '/media/live/' || id || '/hls.m3u8'`.execute(ctx.db)
}
