import { sql } from 'kysely'
import { NATURAL_CLOCK_CATEGORIES, SELF_SETTLE_CATEGORIES } from '@gridsight/db'
import type { GenerateContext } from '../context.js'

/**
 * District departments that receive dispatched cases; each town/street office is added as town_<code>.
 * The power company takes the name the district's facts give (power_company), when they give one.
 */
export const DEPARTMENTS: { code: string; name: string; kind: string }[] = [
  { code: 'police', name: '区公安分局', kind: '公安' },
  { code: 'urban_mgmt', name: '区城市管理局', kind: '城管' },
  { code: 'justice', name: '区司法局', kind: '司法' },
  { code: 'housing', name: '区住房城乡建委', kind: '住建' },
  { code: 'emergency', name: '区应急管理局', kind: '应急' },
  { code: 'health', name: '区卫生健康委', kind: '卫健' },
  { code: 'ecology', name: '区生态环境局', kind: '生态环境' },
  { code: 'water', name: '区水利局', kind: '水务' },
  { code: 'power', name: '供电公司', kind: '供电' },
  { code: 'civil_affairs', name: '区民政局', kind: '民政' },
  { code: 'transport', name: '区交通局', kind: '交通' },
  { code: 'petition', name: '区信访办', kind: '信访' },
  { code: 'fire', name: '区消防救援支队', kind: '消防' },
  { code: 'planning', name: '区规划自然资源局', kind: '规划自然资源' },
]

/**
 * Two-level incident categories (DOMAIN.md) with default department, deadline in hours and the
 * relative frequency used by the demo history. A department of 'town' means the town's own office.
 */
export const CATEGORIES: { code: string; name: string; children: [string, string, string, number, number][] }[] = [
  { code: 'dispute', name: '矛盾纠纷', children: [
    ['dispute.family', '婚姻家庭', 'town', 72, 6], ['dispute.neighbour', '邻里纠纷', 'town', 48, 10],
    ['dispute.land', '征地拆迁', 'town', 120, 2], ['dispute.labour', '劳资纠纷', 'justice', 72, 4],
    ['dispute.property', '物业纠纷', 'town', 72, 5], ['dispute.inheritance', '继承纠纷', 'justice', 120, 1] ] },
  { code: 'collective', name: '群体性苗头', children: [
    ['collective.petition', '集体上访', 'petition', 8, 0.6], ['collective.gathering', '聚集', 'police', 4, 0.5] ] },
  { code: 'order', name: '治安', children: [
    ['order.missing', '人员走失', 'police', 4, 0.8], ['order.key_person', '重点人员异常', 'police', 8, 1.2],
    ['order.theft', '盗窃', 'police', 24, 3], ['order.mental_health', '精神障碍患者肇事隐患', 'health', 8, 0] ] },
  { code: 'hazard', name: '安全隐患', children: [
    ['hazard.fire', '消防隐患', 'fire', 24, 3], ['hazard.gas', '燃气隐患', 'emergency', 8, 1.5],
    ['hazard.building', '危房', 'housing', 72, 1.5], ['hazard.geology', '地质灾害', 'planning', 24, 0.8],
    ['hazard.traffic', '交通隐患', 'transport', 48, 2.5] ] },
  { code: 'urban', name: '城市管理', children: [
    ['urban.street_vending', '占道经营', 'urban_mgmt', 4, 9], ['urban.illegal_building', '违章搭建', 'urban_mgmt', 4, 4],
    ['urban.parking', '乱停乱放', 'urban_mgmt', 2, 6], ['urban.streetlight', '路灯损坏', 'urban_mgmt', 48, 3],
    ['urban.road', '道路损坏', 'transport', 72, 2.5], ['urban.manhole', '井盖缺失', 'urban_mgmt', 4, 1.5],
    ['urban.rubbish', '暴露垃圾', 'urban_mgmt', 4, 6] ] },
  { code: 'livelihood', name: '民生服务', children: [
    ['livelihood.water', '人饮供水', 'water', 24, 3], ['livelihood.power', '供电', 'power', 8, 2],
    ['livelihood.sanitation', '环境卫生', 'town', 24, 5], ['livelihood.relief', '困难救助', 'civil_affairs', 72, 3], ['livelihood.minor', '未成年人保护', 'civil_affairs', 24, 0] ] },
  { code: 'environment', name: '生态环境', children: [
    ['environment.pollution', '环境污染', 'ecology', 24, 2], ['environment.burning', '秸秆焚烧', 'ecology', 4, 1] ] },
  { code: 'public_health', name: '公共卫生', children: [['public_health.general', '公共卫生', 'health', 24, 1.2]] },
  { code: 'disaster', name: '自然灾害', children: [['disaster.flood', '洪涝', 'emergency', 4, 0.5]] },
]

export async function generateReference(ctx: GenerateContext) {
  for (const d of DEPARTMENTS) {
    const name = (d.code === 'power' && ctx.data.district.power_company) || d.name
    await sql`insert into department (code, name, kind, unit_code) values (${d.code}, ${name}, ${d.kind}, ${ctx.district})`.execute(ctx.db)
  }
  await sql`
    insert into department (code, name, kind, unit_code)
    select 'town_' || code, name || (case when kind = '街道' then '办事处' else '人民政府' end), '镇街', code
    from admin_unit where level = 'town'`.execute(ctx.db)
  for (const c of CATEGORIES) {
    await sql`insert into incident_category (code, parent_code, name) values (${c.code}, null, ${c.name})`.execute(ctx.db)
    for (const [code, name, dept, hours] of c.children) {
      await sql`insert into incident_category (code, parent_code, name, department_code, deadline_hours, deadline_clock, self_settle)
        values (${code}, ${c.code}, ${name}, ${dept === 'town' ? null : dept}, ${hours},
          ${(NATURAL_CLOCK_CATEGORIES as readonly string[]).includes(code) ? 'natural' : 'working'},
          ${(SELF_SETTLE_CATEGORIES as readonly string[]).includes(code)})`.execute(ctx.db)
    }
  }
}
