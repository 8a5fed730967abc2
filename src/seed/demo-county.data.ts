// Raw data for the demo county, modelled on Huize County (会泽县), Qujing, Yunnan (code 530326).
//
// Real: the county, its 25 townships and sub-districts with their statistical area codes (国家统计局
// 统计用区划代码, 2020s editions: 5 街道, 7 镇, 13 乡), and the county department names (standard
// names after the 2019 institutional reform). Generated: village and community names (except the
// ones in KNOWN_VILLAGE_NAMES), village and grid codes below the township, grid names, and how
// many villages and grids each township has (the totals, 381 and 4,847, are Huize's published ones).

export type AreaLevel = 'county' | 'township' | 'village' | 'grid';
export type UnitKind = 'centre' | 'department' | 'township' | 'village' | 'grid_station';
export type Role = 'agent' | 'dispatcher' | 'clerk' | 'supervisor' | 'admin';

export interface DemoArea {
  code: string;
  parentCode: string | null;
  level: AreaLevel;
  name: string;
  aliases: string[];
}

export interface DemoUnit {
  code: string;
  name: string;
  kind: UnitKind;
  parentCode: string | null;
  /** The area a territorial unit serves (the centre: the county); null for departments. */
  areaCode: string | null;
}

export interface DemoUser {
  username: string;
  displayName: string;
  roles: Role[];
  unitCode: string | null;
}

/** 街道 (sub-district: communities only), 镇 (town), 乡 (rural township). */
export type TownshipKind = 'subdistrict' | 'town' | 'township';

export interface TownshipSeed {
  /** 9-digit statistical code; the 12-digit area code appends 000. */
  code9: string;
  name: string;
  /** Name without the 街道/镇/乡 suffix, as people say it. */
  shortName: string;
  kind: TownshipKind;
  /** Stable ascii slug used in unit codes (tn-<slug>) and clerk logins. */
  slug: string;
  /** Villages and communities (村委会 + 社区居委会) in this township. */
  villageCount: number;
  /** How many of them are communities (社区). Sub-districts: all of them. */
  communityCount: number;
}

export const TOTAL_TOWNSHIPS = 25;
export const TOTAL_VILLAGES = 381;
export const TOTAL_GRIDS = 4847;

export const COUNTY = {
  code: '530326000000',
  name: '会泽县',
  aliases: ['会泽', '会泽县城'],
} as const;

// Codes and names: 国家统计局统计用区划代码 for 530326. Village counts are ours (sum 381).
export const TOWNSHIPS: readonly TownshipSeed[] = [
  {
    code9: '530326001',
    name: '古城街道',
    shortName: '古城',
    kind: 'subdistrict',
    slug: 'gucheng',
    villageCount: 15,
    communityCount: 15,
  },
  {
    code9: '530326002',
    name: '宝云街道',
    shortName: '宝云',
    kind: 'subdistrict',
    slug: 'baoyun',
    villageCount: 9,
    communityCount: 9,
  },
  {
    code9: '530326003',
    name: '金钟街道',
    shortName: '金钟',
    kind: 'subdistrict',
    slug: 'jinzhong',
    villageCount: 14,
    communityCount: 14,
  },
  {
    code9: '530326004',
    name: '以礼街道',
    shortName: '以礼',
    kind: 'subdistrict',
    slug: 'yili',
    villageCount: 8,
    communityCount: 8,
  },
  {
    code9: '530326005',
    name: '钟屏街道',
    shortName: '钟屏',
    kind: 'subdistrict',
    slug: 'zhongping',
    villageCount: 7,
    communityCount: 7,
  },
  {
    code9: '530326102',
    name: '娜姑镇',
    shortName: '娜姑',
    kind: 'town',
    slug: 'nagu',
    villageCount: 20,
    communityCount: 2,
  },
  {
    code9: '530326103',
    name: '迤车镇',
    shortName: '迤车',
    kind: 'town',
    slug: 'yiche',
    villageCount: 19,
    communityCount: 2,
  },
  {
    code9: '530326104',
    name: '乐业镇',
    shortName: '乐业',
    kind: 'town',
    slug: 'leye',
    villageCount: 18,
    communityCount: 1,
  },
  {
    code9: '530326105',
    name: '矿山镇',
    shortName: '矿山',
    kind: 'town',
    slug: 'kuangshan',
    villageCount: 16,
    communityCount: 2,
  },
  {
    code9: '530326106',
    name: '者海镇',
    shortName: '者海',
    kind: 'town',
    slug: 'zhehai',
    villageCount: 21,
    communityCount: 2,
  },
  {
    code9: '530326107',
    name: '大井镇',
    shortName: '大井',
    kind: 'town',
    slug: 'dajing',
    villageCount: 17,
    communityCount: 1,
  },
  {
    code9: '530326108',
    name: '待补镇',
    shortName: '待补',
    kind: 'town',
    slug: 'daibu',
    villageCount: 22,
    communityCount: 2,
  },
  {
    code9: '530326201',
    name: '大海乡',
    shortName: '大海',
    kind: 'township',
    slug: 'dahai',
    villageCount: 14,
    communityCount: 1,
  },
  {
    code9: '530326202',
    name: '老厂乡',
    shortName: '老厂',
    kind: 'township',
    slug: 'laochang',
    villageCount: 16,
    communityCount: 1,
  },
  {
    code9: '530326203',
    name: '五星乡',
    shortName: '五星',
    kind: 'township',
    slug: 'wuxing',
    villageCount: 13,
    communityCount: 1,
  },
  {
    code9: '530326204',
    name: '大桥乡',
    shortName: '大桥',
    kind: 'township',
    slug: 'daqiao',
    villageCount: 17,
    communityCount: 1,
  },
  {
    code9: '530326205',
    name: '纸厂乡',
    shortName: '纸厂',
    kind: 'township',
    slug: 'zhichang',
    villageCount: 14,
    communityCount: 1,
  },
  {
    code9: '530326206',
    name: '马路乡',
    shortName: '马路',
    kind: 'township',
    slug: 'malu',
    villageCount: 15,
    communityCount: 1,
  },
  {
    code9: '530326207',
    name: '火红乡',
    shortName: '火红',
    kind: 'township',
    slug: 'huohong',
    villageCount: 13,
    communityCount: 1,
  },
  {
    code9: '530326208',
    name: '新街回族乡',
    shortName: '新街',
    kind: 'township',
    slug: 'xinjie',
    villageCount: 17,
    communityCount: 1,
  },
  {
    code9: '530326209',
    name: '雨碌乡',
    shortName: '雨碌',
    kind: 'township',
    slug: 'yulu',
    villageCount: 16,
    communityCount: 1,
  },
  {
    code9: '530326210',
    name: '鲁纳乡',
    shortName: '鲁纳',
    kind: 'township',
    slug: 'luna',
    villageCount: 14,
    communityCount: 1,
  },
  {
    code9: '530326211',
    name: '上村乡',
    shortName: '上村',
    kind: 'township',
    slug: 'shangcun',
    villageCount: 16,
    communityCount: 1,
  },
  {
    code9: '530326212',
    name: '驾车乡',
    shortName: '驾车',
    kind: 'township',
    slug: 'jiache',
    villageCount: 14,
    communityCount: 1,
  },
  {
    code9: '530326213',
    name: '田坝乡',
    shortName: '田坝',
    kind: 'township',
    slug: 'tianba',
    villageCount: 16,
    communityCount: 1,
  },
];

/**
 * Village names we are confident are real, placed first among the township's villages (after its
 * communities). 白雾村 (娜姑镇) is the historic 白雾街 village; it is also a grid-station demo village.
 */
export const KNOWN_VILLAGE_NAMES: Readonly<Record<string, readonly string[]>> = {
  '530326102': ['白雾'],
};

/**
 * Villages whose grids each get a grid station unit (the only grid stations in the demo), by
 * township code and position among that township's villages: 古城街道's first community and 娜姑镇's 白雾村.
 */
export const GRID_STATION_VILLAGES: readonly { township9: string; index: number }[] = [
  { township9: '530326001', index: 0 },
  { township9: '530326102', index: 2 },
];

/** Grid stations that get a clerk login, per grid-station village (its first N grids). */
export const GRID_STATION_CLERKS_PER_VILLAGE = 3;

// Syllables for generated names. Han-style rural names: 梨树湾, 松林坪, 杨家坝; Yi-style: 者黑, 阿都.
export const VILLAGE_FIRST = [
  '大',
  '小',
  '上',
  '下',
  '新',
  '老',
  '黑',
  '白',
  '红',
  '青',
  '松',
  '杉',
  '梨',
  '桃',
  '竹',
  '龙',
  '马',
  '羊',
  '牛',
  '石',
  '岩',
  '沙',
  '金',
  '银',
  '铜',
  '平',
  '长',
  '高',
  '干',
  '半',
  '双',
  '三',
  '五',
  '九',
  '田',
  '麦',
  '核',
  '花',
  '麻',
  '柳',
  '芭',
  '槽',
  '坪',
  '营',
] as const;
/** Surnames make 杨家坝-style names (surname + 家 + place word). */
export const VILLAGE_SURNAMES = [
  '张',
  '杨',
  '陈',
  '罗',
  '何',
  '赵',
  '朱',
  '黄',
  '胡',
  '李',
  '王',
  '刘',
  '邓',
  '徐',
] as const;
export const VILLAGE_MIDDLE = [
  '子',
  '木',
  '树',
  '花',
  '草',
  '米',
  '溪',
  '阳',
  '官',
  '林',
  '土',
  '桃',
  '果',
  '水',
  '风',
] as const;
export const VILLAGE_LAST = [
  '坪',
  '坝',
  '沟',
  '箐',
  '塘',
  '湾',
  '营',
  '哨',
  '冲',
  '岭',
  '山',
  '寨',
  '田',
  '地',
  '河',
  '井',
  '厂',
  '铺',
  '庄',
  '坡',
  '凹',
  '潭',
  '林',
  '桥',
  '屯',
  '垴',
  '岩',
  '洞',
  '口',
  '头',
] as const;
export const YI_FIRST = [
  '阿',
  '者',
  '以',
  '鲁',
  '法',
  '播',
  '菲',
  '腊',
  '纳',
  '撒',
  '德',
  '格',
  '咪',
  '糯',
  '启',
  '矣',
  '卡',
  '迤',
  '布',
  '拖',
  '期',
  '舍',
  '嘎',
  '普',
  '务',
] as const;
export const YI_LAST = [
  '卡',
  '克',
  '则',
  '嘎',
  '都',
  '黑',
  '姑',
  '基',
  '戛',
  '戈',
  '期',
  '舍',
  '租',
  '打',
  '衣',
  '苴',
  '土',
  '乌',
  '左',
  '龙',
  '勒',
  '底',
  '苏',
  '果',
] as const;
export const COMMUNITY_FIRST = [
  '东',
  '西',
  '南',
  '北',
  '中',
  '新',
  '文',
  '和',
  '康',
  '宁',
  '兴',
  '金',
  '银',
  '宝',
  '龙',
  '凤',
  '华',
  '翠',
  '锦',
  '云',
  '祥',
  '安',
  '福',
  '阳',
  '明',
  '胜',
  '建',
  '民',
  '振',
  '铅',
  '钟',
  '水',
  '青',
  '德',
] as const;
export const COMMUNITY_LAST = [
  '城',
  '华',
  '苑',
  '园',
  '屏',
  '山',
  '湖',
  '河',
  '桥',
  '街',
  '门',
  '光',
  '源',
  '盛',
  '和',
  '兴',
  '阳',
  '泰',
  '康',
  '顺',
  '丰',
  '安',
  '乐',
  '庭',
  '馨',
  '晖',
] as const;

export interface DepartmentSeed {
  code: string;
  name: string;
  /** A short form for display names (e.g. 县市场监管局). */
  shortName: string;
}

// Departments and utilities handled as units of kind 'department'. Codes are the stable keys that
// categories and rules refer to.
export const DEPARTMENTS: readonly DepartmentSeed[] = [
  { code: 'dept-market', name: '会泽县市场监督管理局', shortName: '县市场监管局' },
  { code: 'dept-hrss', name: '会泽县人力资源和社会保障局', shortName: '县人社局' },
  { code: 'dept-housing', name: '会泽县住房和城乡建设局', shortName: '县住建局' },
  { code: 'dept-eco', name: '曲靖市生态环境局会泽分局', shortName: '市生态环境局会泽分局' },
  { code: 'dept-transport', name: '会泽县交通运输局', shortName: '县交通运输局' },
  { code: 'dept-education', name: '会泽县教育体育局', shortName: '县教体局' },
  { code: 'dept-health', name: '会泽县卫生健康局', shortName: '县卫健局' },
  { code: 'dept-water', name: '会泽县水务局', shortName: '县水务局' },
  { code: 'dept-agri', name: '会泽县农业农村局', shortName: '县农业农村局' },
  { code: 'dept-natres', name: '会泽县自然资源局', shortName: '县自然资源局' },
  { code: 'dept-forestry', name: '会泽县林业和草原局', shortName: '县林草局' },
  { code: 'dept-civil', name: '会泽县民政局', shortName: '县民政局' },
  { code: 'dept-veterans', name: '会泽县退役军人事务局', shortName: '县退役军人事务局' },
  { code: 'dept-urban', name: '会泽县城市管理综合执法局', shortName: '县城管执法局' },
  { code: 'dept-emergency', name: '会泽县应急管理局', shortName: '县应急局' },
  { code: 'dept-medins', name: '会泽县医疗保障局', shortName: '县医保局' },
  { code: 'dept-police', name: '会泽县公安局', shortName: '县公安局' },
  { code: 'dept-fire', name: '会泽县消防救援大队', shortName: '县消防救援大队' },
  { code: 'dept-culture', name: '会泽县文化和旅游局', shortName: '县文旅局' },
  { code: 'dept-finance', name: '会泽县财政局', shortName: '县财政局' },
  { code: 'dept-tax', name: '国家税务总局会泽县税务局', shortName: '县税务局' },
  { code: 'dept-gov-services', name: '会泽县政务服务管理局', shortName: '县政务服务局' },
  { code: 'dept-housing-fund', name: '曲靖市住房公积金管理中心会泽县管理部', shortName: '公积金会泽管理部' },
  { code: 'util-power', name: '云南电网有限责任公司曲靖会泽供电局', shortName: '会泽供电局' },
  { code: 'util-water', name: '会泽县自来水有限责任公司', shortName: '县自来水公司' },
  { code: 'util-gas', name: '会泽县燃气有限公司', shortName: '县燃气公司' },
  { code: 'util-telecom', name: '中国电信股份有限公司会泽分公司', shortName: '电信会泽分公司' },
  { code: 'util-mobile', name: '中国移动通信集团云南有限公司会泽分公司', shortName: '移动会泽分公司' },
  { code: 'util-unicom', name: '中国联合网络通信有限公司会泽县分公司', shortName: '联通会泽分公司' },
];

export const CENTRE = {
  code: 'centre',
  name: '会泽县12345政务服务便民热线中心',
} as const;

/** Centre staff logins (password from DEMO_PASSWORD, set by the seed). */
export const CENTRE_USERS: readonly DemoUser[] = [
  { username: 'admin', displayName: '系统管理员', roles: ['admin'], unitCode: null },
  { username: 'agent', displayName: '话务员 李娜', roles: ['agent'], unitCode: 'centre' },
  { username: 'agent2', displayName: '话务员 王芳', roles: ['agent'], unitCode: 'centre' },
  { username: 'dispatcher', displayName: '分办员 张伟', roles: ['dispatcher'], unitCode: 'centre' },
  { username: 'supervisor', displayName: '督办员 刘洋', roles: ['supervisor'], unitCode: 'centre' },
];
