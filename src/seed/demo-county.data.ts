// Raw data for the demo county, modelled on Huize County (会泽县), Qujing, Yunnan (code 530326).
//
// Real: the county, its 25 townships and sub-districts with their 9-digit statistical codes (国家统计局
// 统计用区划代码, 2020s editions: 5 街道, 7 镇, 13 乡; 田坝 is a 乡 there, not a 镇), and 白雾村 in 娜姑镇.
// Plausible, not checked against Huize's own lists: the department names (the standard county names
// after the 2019 institutional reform) and the utility company names. Generated: every other village
// and community name, village and grid codes below the township, grid names, and how many villages
// and grids each township has (only the totals, 381 and 4,847, are Huize's published figures).

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

// Codes and names: 国家统计局统计用区划代码 for 530326. Village and community counts are ours (sum 381).
// [9-digit code, name, kind, slug, villages and communities, of which communities]
const TOWNSHIP_ROWS: readonly (readonly [string, string, TownshipKind, string, number, number])[] = [
  ['530326001', '古城街道', 'subdistrict', 'gucheng', 15, 15],
  ['530326002', '宝云街道', 'subdistrict', 'baoyun', 9, 9],
  ['530326003', '金钟街道', 'subdistrict', 'jinzhong', 14, 14],
  ['530326004', '以礼街道', 'subdistrict', 'yili', 8, 8],
  ['530326005', '钟屏街道', 'subdistrict', 'zhongping', 7, 7],
  ['530326102', '娜姑镇', 'town', 'nagu', 20, 2],
  ['530326103', '迤车镇', 'town', 'yiche', 19, 2],
  ['530326104', '乐业镇', 'town', 'leye', 18, 1],
  ['530326105', '矿山镇', 'town', 'kuangshan', 16, 2],
  ['530326106', '者海镇', 'town', 'zhehai', 21, 2],
  ['530326107', '大井镇', 'town', 'dajing', 17, 1],
  ['530326108', '待补镇', 'town', 'daibu', 22, 2],
  ['530326201', '大海乡', 'township', 'dahai', 14, 1],
  ['530326202', '老厂乡', 'township', 'laochang', 16, 1],
  ['530326203', '五星乡', 'township', 'wuxing', 13, 1],
  ['530326204', '大桥乡', 'township', 'daqiao', 17, 1],
  ['530326205', '纸厂乡', 'township', 'zhichang', 14, 1],
  ['530326206', '马路乡', 'township', 'malu', 15, 1],
  ['530326207', '火红乡', 'township', 'huohong', 13, 1],
  ['530326208', '新街回族乡', 'township', 'xinjie', 17, 1],
  ['530326209', '雨碌乡', 'township', 'yulu', 16, 1],
  ['530326210', '鲁纳乡', 'township', 'luna', 14, 1],
  ['530326211', '上村乡', 'township', 'shangcun', 16, 1],
  ['530326212', '驾车乡', 'township', 'jiache', 14, 1],
  ['530326213', '田坝乡', 'township', 'tianba', 16, 1],
];

export const TOWNSHIPS: readonly TownshipSeed[] = TOWNSHIP_ROWS.map(
  ([code9, name, kind, slug, villageCount, communityCount]) => ({
    code9,
    name,
    shortName: name.replace(/(街道|回族乡|镇|乡)$/, ''),
    kind,
    slug,
    villageCount,
    communityCount,
  }),
);

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
export const VILLAGE_FIRST: readonly string[] = Array.from(
  '大小上下新老黑白红青松杉梨桃竹龙马羊牛石岩沙金银铜平长高干半双三五九田麦核花麻柳芭槽坪营',
);
/** Surnames make 杨家坝-style names (surname + 家 + place word). */
export const VILLAGE_SURNAMES: readonly string[] = Array.from('张杨陈罗何赵朱黄胡李王刘邓徐');
export const VILLAGE_MIDDLE: readonly string[] = Array.from('子木树花草米溪阳官林土桃果水风');
export const VILLAGE_LAST: readonly string[] = Array.from(
  '坪坝沟箐塘湾营哨冲岭山寨田地河井厂铺庄坡凹潭林桥屯垴岩洞口头',
);
export const YI_FIRST: readonly string[] = Array.from('阿者以鲁法播菲腊纳撒德格咪糯启矣卡迤布拖期舍嘎普务');
export const YI_LAST: readonly string[] = Array.from('卡克则嘎都黑姑基戛戈期舍租打衣苴土乌左龙勒底苏果');
export const COMMUNITY_FIRST: readonly string[] = Array.from(
  '东西南北中新文和康宁兴金银宝龙凤华翠锦云祥安福阳明胜建民振铅钟水青德',
);
export const COMMUNITY_LAST: readonly string[] = Array.from('城华苑园屏山湖河桥街门光源盛和兴阳泰康顺丰安乐庭馨晖');

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
