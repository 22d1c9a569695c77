/**
 * Residents of the three streets of Hechuan no source gives a population for (rough, urban core first); the
 * generator's estimate from area would make the urban core a village.
 */
export const STREET_POPULATION_GUESS: Record<string, number> = { '500117001': 160000, '500117002': 90000, '500117006': 60000 }

/**
 * Anchor points of towns whose centre no source gives, placed by hand from the neighbour descriptions
 * in data/districts/500117/facts.json ("E 大石, S 渭沱 …"). Rough by design: the generated geography is approximate.
 * Also separates 龙市镇 from 涞滩镇, which the sources put on the same derived point.
 */
export const HAND_PLACED_ANCHORS: Record<string, [number, number]> = {
  '500117002': [106.295, 30.015], // 钓鱼城街道: across the river, NE of the old core
  '500117003': [106.235, 29.955], // 南津街街道: district seat, between 嘉陵江 and 涪江
  '500117006': [106.37, 30.08], // 云门街道: E of 大石 across the river, NW of 双凤
  '500117105': [106.1, 30.25], // 三庙镇: north-west
  '500117106': [106.03, 30.33], // 二郎镇: far north-west corner
  '500117107': [106.16, 30.06], // 龙凤镇: west-central
  '500117108': [106.17, 30.17], // 隆兴镇: N of 太和, W of 大石
  '500117109': [106.13, 29.92], // 铜溪镇: beside 渭沱 to the south
  '500117113': [106.56, 30.07], // 狮滩镇: W 双凤, S 清平, N 官渡
  '500117114': [106.6, 29.98], // 清平镇: E of 双凤
  '500117115': [106.48, 29.9], // 土场镇: S of 双凤 and 清平
  '500117116': [106.6, 30.1], // 小沔镇: W of 三汇, E of 狮滩
  '500117117': [106.65, 30.06], // 三汇镇: eastern edge
  '500117118': [106.6, 30.27], // 香龙镇: north-east border with Sichuan
  '500117120': [106.31, 30.22], // 钱塘镇: northern edge
  '500117121': [106.46, 30.25], // 龙市镇: W of 香龙 (moved off 涞滩's derived point)
  '500117123': [106.19, 30.31], // 燕窝镇: NW border with 武胜
  '500117126': [106.64, 30.18], // 双槐镇: NW of 三汇
}
