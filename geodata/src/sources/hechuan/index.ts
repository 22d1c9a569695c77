import type { DistrictExtras } from '../extras.js'
import { HAND_PLACED_ANCHORS, STREET_POPULATION_GUESS } from './anchors.js'
import { STORIES } from './stories.js'

/** Hechuan District (合川区), Chongqing: the demo's home and the default data set. */
export const HECHUAN = '500117'

export { STORIES }

export const HECHUAN_EXTRAS: DistrictExtras = {
  anchors: HAND_PLACED_ANCHORS,
  populationGuess: STREET_POPULATION_GUESS,
  // Named mediation organisations of the seeds (DOMAIN.md), with the town they belong to.
  organisations: [
    ['mediation', '申明亭调解中心', '合阳城街道'], ['mediation', '狮滩镇绿桥法律诊所', '狮滩镇'], ['mediation', '钱塘镇民生调解队', '钱塘镇'],
    ['mediation', '太和镇联调中心', '太和镇'], ['mediation', '清平镇龙大姐工作室', '清平镇'], ['mediation', '三庙镇"五老"调解室', '三庙镇'],
  ],
  sights: [['scenic', '钓鱼城古战场', '钓鱼城街道'], ['scenic', '双龙湖', '涞滩镇'], ['scenic', '涞滩古镇', '涞滩镇']],
  stories: STORIES,
  // The people of the seed stories: the office of 合阳城街道 and its 综治中心, the 龙苑社区 station and 古冬梅, its grid worker.
  localUsers: [
    { username: 'heyang', display_name: '合阳城街道办事处', role: 'department', department_code: 'town_500117001' },
    { username: 'zhen-heyang', display_name: '合阳城街道综治中心', role: 'town_desk', unit_code: '500117001' },
    { username: 'cun-longyuan', display_name: '龙苑社区工作站', role: 'village_desk', unit_code: '500117001016' },
    { username: 'gudongmei', display_name: '古冬梅（龙苑社区网格员）', role: 'grid_worker', grid_of_village: '500117001016' },
  ],
}
