import { COMMAND_CENTRE as CENTRE, type Story } from '../../generators/stories.js'

/** The cases the seed articles tell, replayed at their real times of day in the last weeks of the history. */
export const STORIES: Story[] = [
  {
    village: '龙苑社区', town: '合阳城街道', category: 'collective.petition', people: 120, priority: 3, daysAgo: 2,
    title: '龙苑社区 120户业主因房产证问题准备集体上访',
    description: '网格员古冬梅了解到，社区有120户业主因房产证问题，正准备集体找政府"要说法"。',
    // As the seed tells it: the community gave the instruction and handled the 120 owners; the district watched and supervised.
    level: 'village',
    steps: [
      { action: 'report', to: 'reported', actor: '古冬梅（网格员）', organisation: '龙苑社区', note: '通过手机APP上报', at: '08:02' },
      { action: 'accept', to: 'accepted', actor: '龙苑社区工作站', organisation: '龙苑社区', note: '立案', at: '08:23', level: 'village' },
      { action: 'handle', to: 'handling', actor: '龙苑社区工作站', organisation: '龙苑社区', note: '给出办理意见：及时联系事件组织者沟通', at: '08:23', level: 'village' },
      { action: 'supervise', to: 'handling', actor: '值班员', organisation: CENTRE, note: '区指挥中心已知悉，跟踪督办', at: '08:31' },
      { action: 'feedback', to: 'fed_back', actor: '龙苑社区工作站', organisation: '龙苑社区', note: '已与组织者沟通，解释房产证办理进度，业主同意不再上访', at: '10:38', level: 'village' },
      { action: 'close', to: 'closed', actor: '龙苑社区工作站', organisation: '龙苑社区', note: '网格员核查属实，避免一起群体性事件', at: '10:45', level: 'village' },
    ],
  },
  {
    village: '福寿村', town: '官渡镇', category: 'order.missing', people: 3, priority: 3, daysAgo: 9,
    title: '福寿村、菊星村3名小学生失踪',
    description: '家长在学校周边多方寻找未果，村党支部副书记通过手机APP上报，请求指挥中心协调公安查找。',
    steps: [
      { action: 'report', to: 'reported', actor: '邹建荣（村党支部副书记）', organisation: '福寿村', note: '手机APP上报', at: '12:10' },
      { action: 'accept', to: 'accepted', actor: '值班员', organisation: CENTRE, note: '立案，加急', at: '12:14' },
      { action: 'dispatch', to: 'dispatched', actor: '值班员', organisation: CENTRE, note: '派遣至区公安分局', at: '12:16' },
      { action: 'feedback', to: 'fed_back', actor: '官渡派出所', organisation: '区公安分局', note: '3名学生已找到，安全送回家中', at: '16:40' },
      { action: 'close', to: 'closed', actor: '值班员', organisation: CENTRE, note: '核查通过，结案', at: '16:52' },
    ],
  },
  {
    village: '水寺村', town: '涞滩镇', category: 'livelihood.water', people: 40, priority: 1, daysAgo: 1,
    title: '水寺村卷子坪院落自来水安装',
    description: '卷子坪院落自助委员会组织村民集资安装自来水管，请镇里协调施工。',
    steps: [
      { action: 'report', to: 'reported', actor: '杨长奎（院落自助委员会主任）', organisation: '水寺村', note: '院坝会议议定分工', at: '09:30' },
      { action: 'accept', to: 'accepted', actor: '值班员', organisation: CENTRE, note: '立案', at: '09:48' },
      { action: 'dispatch', to: 'dispatched', actor: '值班员', organisation: CENTRE, note: '派遣至区水利局', at: '09:55' },
    ],
  },
  ...[20, 14, 6].map((daysAgo, i): Story => ({
    village: '白湾村', town: '渭沱镇', category: 'livelihood.water', people: 8 + i * 6, priority: 1, daysAgo,
    title: '白湾村人饮工程经常断水、水费高',
    description: '村民反映人饮工程管理不善，水费支出大且经常断水，要求改进。',
    steps: [
      { action: 'report', to: 'reported', actor: '网格员', organisation: '白湾村', note: '村民集中反映', at: `1${i}:15` },
      ...(i < 2 ? [
        { action: 'accept', to: 'accepted', actor: '值班员', organisation: CENTRE, note: '立案', at: `1${i}:40` },
        { action: 'dispatch', to: 'dispatched', actor: '值班员', organisation: CENTRE, note: '派遣至渭沱镇人民政府', at: `1${i}:50` },
      ] : []),
    ],
  })),
  {
    village: '*', town: '南津街街道', category: 'dispute.property', people: 12, priority: 1, daysAgo: 5,
    title: '千山米兰郡小区业主委员会与物业服务纠纷',
    description: '千山米兰郡小区业主反映物业服务问题，业主委员会请求社区协调。',
    steps: [
      { action: 'report', to: 'reported', actor: '网格员', organisation: '南津街街道', note: '业委会反映', at: '15:20' },
      { action: 'accept', to: 'accepted', actor: '值班员', organisation: CENTRE, note: '立案', at: '15:41' },
      { action: 'dispatch', to: 'dispatched', actor: '值班员', organisation: CENTRE, note: '派遣至南津街街道办事处', at: '15:50' },
      { action: 'feedback', to: 'fed_back', actor: '社区调解员', organisation: '南津街街道办事处', note: '组织业委会与物业协商，达成整改协议', at: '17:30' },
      { action: 'close', to: 'closed', actor: '值班员', organisation: CENTRE, note: '核查通过，结案', at: '17:45' },
    ],
  },
]
