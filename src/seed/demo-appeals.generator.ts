// Demo appeals: templated Chinese hotline appeals labelled with a leaf category, an appeal type, an
// urgency and the area they mention. They train and evaluate the demo classifier until real data
// exists, so the text varies in the ways real tickets do: caller's words or the agent's summary,
// place named at county, township, village or grid level in several forms, times, side details.
// Deterministic: the same (count, seed) always yields the same list.

import { DemoCategory, isUnroutedCategory, leafCategories } from './category-tree.data';
import { COUNTY, DemoArea, TOWNSHIPS } from './demo-county.data';
import { areas as demoAreas } from './demo-county.generator';
import { SeededRandom } from './seeded-random.generator';

export type AppealType = 'consultation' | 'help' | 'complaint' | 'report' | 'suggestion' | 'praise';
export type Urgency = 'critical' | 'urgent' | 'normal';

export interface DemoAppeal {
  text: string;
  /** Leaf category code. */
  label: string;
  appealType: AppealType;
  urgency: Urgency;
  /** The most specific area the text names (the county when it names none). */
  areaCode: string;
}

/** Share of appeals that are emergencies (fire, gas leak, injury, fight...), labelled critical. */
export const CRITICAL_SHARE = 0.02;

const APPEAL_TYPE_WEIGHTS: readonly (readonly [AppealType, number])[] = [
  ['complaint', 35],
  ['consultation', 25],
  ['help', 15],
  ['report', 12],
  ['suggestion', 8],
  ['praise', 5],
];

/** Leaves that people mostly ask about rather than complain about. */
const CONSULTATION_HEAVY = new Set([
  'housing.public-rental',
  'housing.property-registration',
  'housing.housing-fund',
  'labour.employment',
  'labour.vocational-qualification',
  'social-insurance.pension',
  'social-insurance.social-card',
  'social-insurance.medical-insurance',
  'social-insurance.work-injury',
  'social-insurance.unemployment',
  'education.enrollment',
  'education.student-aid',
  'health.birth-services',
  'civil.minimum-living',
  'civil.marriage',
  'civil.disability',
  'civil.veterans',
  'agriculture.subsidies',
  'natural-resources.homestead',
  'public-security.household-registration',
  'market.business-registration',
  'gov-services.online-services',
  'gov-services.tax',
]);

/** Chance that a complaint, help request or report in this leaf is urgent (紧急). */
const URGENT_CHANCE: Readonly<Record<string, number>> = {
  'utilities.water.outage': 0.6,
  'utilities.water.pipe-burst': 0.5,
  'utilities.power.outage': 0.6,
  'utilities.power.line-hazard': 0.4,
  'utilities.gas.supply': 0.4,
  'utilities.gas.leak': 0.6,
  'utilities.heating.supply': 0.3,
  'agriculture.drinking-water': 0.4,
  'environment.social-noise': 0.3,
  'environment.construction-noise': 0.3,
  'natural-resources.geo-hazard': 0.5,
  'market.special-equipment': 0.3,
  'public-security.fire-hazard': 0.3,
  'public-security.public-order': 0.2,
  'labour.unpaid-wages': 0.15,
};

type Setting = 'urban' | 'rural' | 'any' | 'placeless';

const URBAN_LEAVES = new Set([
  'transport.bus',
  'transport.taxi',
  'transport.street-light',
  'transport.traffic-facility',
  'transport.illegal-parking',
  'utilities.gas.supply',
  'utilities.heating.supply',
  'environment.construction-noise',
  'environment.social-noise',
  'environment.cooking-fumes',
  'food-drug.catering-hygiene',
  'culture-tourism.cultural-market',
]);
const RURAL_LEAVES = new Set([
  'housing.rural-housing',
  'environment.livestock-pollution',
  'health.village-clinic',
  'civil.temporary-aid',
  'transport.passenger-coach',
]);
const PLACELESS_LEAVES = new Set([
  'housing.housing-fund',
  'housing.property-registration',
  'labour.vocational-qualification',
  'civil.marriage',
  'civil.veterans',
  'health.birth-services',
  'public-security.household-registration',
  'public-security.fraud',
  'market.business-registration',
  'gov-services.online-services',
  'gov-services.tax',
  'utilities.water.billing',
  'utilities.power.billing',
]);

function settingOf(code: string): Setting {
  if (PLACELESS_LEAVES.has(code) || code.startsWith('social-insurance.') || code.startsWith('utilities.telecom.')) {
    return 'placeless';
  }
  if (RURAL_LEAVES.has(code) || code.startsWith('agriculture.') || code.startsWith('natural-resources.'))
    return 'rural';
  if (URBAN_LEAVES.has(code) || code.startsWith('urban.')) return 'urban';
  if (code.startsWith('housing.')) return 'urban';
  return 'any';
}

const OPENINGS = [
  '',
  '',
  '',
  '您好，',
  '你好，',
  '喂，你好，',
  '12345吗？',
  '领导您好，',
  '我想反映个情况，',
  '麻烦你们一下，',
  '打扰一下，',
];
const CONSULT_OPENINGS = ['请问一下，', '想咨询一下，', '问个事情，', '你好，我想问问，'];
const TIMES = [
  '昨天晚上',
  '今天早上',
  '今天上午十点多',
  '这几天',
  '最近一个月',
  '从上周开始',
  '前天下午三点左右',
  '已经半年多了',
  '每天晚上十点以后',
  '这段时间',
  '从去年开始',
  '端午节前后',
  '一大早',
  '周末',
];
const DETAILS: Readonly<Record<'trouble' | 'ask' | 'idea', readonly string[]>> = {
  trouble: [
    '家里有老人和小孩，',
    '已经向村委会反映过了，',
    '找过社区好几次，',
    '晚上根本睡不着，',
    '出行很不方便，',
    '这种情况已经持续很久了，',
    '周围的住户意见都很大，',
    '我可以提供照片和视频，',
    '不是第一次了，',
    '打过电话给他们也没人接，',
    '附近还有学校，',
    '下雨天更严重，',
  ],
  ask: [
    '我是第一次办，',
    '网上没查到，',
    '打了好几个电话都没问清楚，',
    '家里老人不会用手机，',
    '在外地打工回不来，',
    '听别人说可以办，',
  ],
  idea: ['群众都有这个想法，', '我们商量过了，', '其他县都是这样做的，', '这是大家的心声，'],
};
const CLOSINGS = [
  '',
  '',
  '谢谢！',
  '谢谢。',
  '希望尽快给个答复。',
  '麻烦尽快处理。',
  '请回个电话。',
  '辛苦了。',
  '盼复。',
];
const URGENT_PHRASES = [
  '情况比较急，',
  '已经一整天了，',
  '现在还是这样，',
  '家里老人没法做饭，',
  '请尽快！',
  '马上就要出事了，',
];
/** A second keyword of the leaf, so an appeal carries more than one clue. */
const FOCUS_CLAUSES: readonly ((keyword: string) => string)[] = [
  (k) => `主要是${k}的问题，`,
  (k) => `还涉及${k}，`,
  (k) => `特别是${k}，`,
  (k) => `${k}也一样，`,
  (k) => `包括${k}，`,
];
const DEMANDS = ['尽快处理', '相关部门核实处理', '给予答复', '尽快解决', '依法查处', '协调解决', '派人到现场查看'];
const PRAISED = ['镇上的工作人员', '社区的同志', '村委会', '相关部门', '你们热线', '处理的工作人员', '网格员'];

const OTHER_TEXTS = [
  '我想问一下你们12345热线是干什么的，什么事情都可以打吗',
  '有个事情不知道找谁，就是家里亲戚的一些情况，想问一下',
  '帮我查一下县里某个单位的电话号码',
  '想问一下明天县里有没有什么活动',
  '我打错了，不好意思',
  '想反映个事情，说不清楚是哪个部门管的',
  '我想找一下以前在县里工作的一个人',
  '请问县城到昆明的高速什么时候修好',
];

interface CriticalTemplate {
  label: string;
  appealType: AppealType;
  texts: readonly string[];
}

// {P} is replaced by the place.
const CRITICAL_TEMPLATES: readonly CriticalTemplate[] = [
  {
    label: 'public-security.fire-hazard',
    appealType: 'help',
    texts: [
      '{P}有人家着火了，火很大，烟冒得很高，赶快派消防来！',
      '着火了！{P}一间铺面着火，里面可能还有人。',
      '{P}的柴草堆着火了，快烧到房子了，请马上处理！',
    ],
  },
  {
    label: 'utilities.gas.leak',
    appealType: 'help',
    texts: [
      '{P}一户人家煤气泄漏，楼道里全是煤气味，敲门没人应，快来人！',
      '煤气泄漏了，{P}整栋楼都闻到很大的味道，我们不敢开灯。',
    ],
  },
  {
    label: 'public-security.work-safety',
    appealType: 'help',
    texts: [
      '{P}工地上有人从脚手架上摔下来受伤了，流了很多血，快来人！',
      '{P}厂里机器把工人的手卷进去了，有人受伤，很严重！',
    ],
  },
  {
    label: 'public-security.public-order',
    appealType: 'report',
    texts: ['{P}烧烤摊有人打架，拿着刀，已经有人受伤了！', '{P}一群人在打架，有人被打得躺在地上不动了，快来！'],
  },
  {
    label: 'natural-resources.geo-hazard',
    appealType: 'help',
    texts: ['{P}山体滑坡了，把房子埋了一半，可能有人被困在里面！'],
  },
  {
    label: 'utilities.power.line-hazard',
    appealType: 'help',
    texts: ['{P}电线断了掉在路上，还在冒火花，旁边有小孩，很危险！'],
  },
];

interface Place {
  /** How the text names the place; '' when it names none. */
  phrase: string;
  areaCode: string;
  /** What a resident calls it from the inside: 我们村, 我们小区, 我们这里. */
  ours: string;
}

interface AreaIndex {
  townships: DemoArea[];
  townshipByCode: Map<string, DemoArea>;
  urbanCommunities: DemoArea[];
  ruralVillages: DemoArea[];
  allVillages: DemoArea[];
  gridsByVillage: Map<string, DemoArea[]>;
}

function indexAreas(areas: readonly DemoArea[]): AreaIndex {
  const subdistrictCodes = new Set(TOWNSHIPS.filter((t) => t.kind === 'subdistrict').map((t) => `${t.code9}000`));
  const townships = areas.filter((a) => a.level === 'township');
  const allVillages = areas.filter((a) => a.level === 'village');
  const gridsByVillage = new Map<string, DemoArea[]>();
  for (const grid of areas) {
    if (grid.level !== 'grid' || grid.parentCode === null) continue;
    const list = gridsByVillage.get(grid.parentCode) ?? [];
    list.push(grid);
    gridsByVillage.set(grid.parentCode, list);
  }
  return {
    townships,
    townshipByCode: new Map(townships.map((t) => [t.code, t])),
    urbanCommunities: allVillages.filter((v) => v.parentCode !== null && subdistrictCodes.has(v.parentCode)),
    ruralVillages: allVillages.filter((v) => v.name.endsWith('村')),
    allVillages,
    gridsByVillage,
  };
}

const shortOf = (area: DemoArea): string => area.aliases[0] ?? area.name;

function choosePlace(rng: SeededRandom, index: AreaIndex, setting: Setting): Place {
  const county: Place = { phrase: rng.pick(['', '', '县城', '会泽', '县里']), areaCode: COUNTY.code, ours: '我们这里' };
  const level = rng.weighted<'county' | 'township' | 'village' | 'grid'>(
    setting === 'placeless'
      ? [
          ['county', 60],
          ['township', 20],
          ['village', 20],
        ]
      : [
          ['county', 10],
          ['township', 25],
          ['village', 62],
          ['grid', 3],
        ],
  );
  if (level === 'county') return county;

  const pool =
    setting === 'urban' && rng.chance(0.85)
      ? index.urbanCommunities
      : setting === 'rural' && rng.chance(0.9)
        ? index.ruralVillages
        : index.allVillages;
  const village = rng.pick(pool);
  const township = index.townshipByCode.get(village.parentCode ?? '');
  if (!township) return county;
  const isCommunity = village.name.endsWith('社区');
  const ours = isCommunity
    ? rng.pick(['我们小区', '我们社区', '我们这里'])
    : rng.pick(['我们村', '我们组', '我们这里']);

  if (level === 'township') {
    const phrase = rng.pick([
      township.name,
      shortOf(township),
      `会泽县${township.name}`,
      `${shortOf(township)}街上`,
      `${township.name}政府附近`,
    ]);
    return { phrase, areaCode: township.code, ours: '我们这里' };
  }
  if (level === 'grid') {
    const grids = index.gridsByVillage.get(village.code) ?? [];
    if (grids.length > 0) {
      const grid = rng.pick(grids);
      return {
        phrase: rng.pick([grid.name, `${township.name}${grid.aliases[0] ?? grid.name}`]),
        areaCode: grid.code,
        ours,
      };
    }
  }
  const forms = [
    `${township.name}${village.name}`,
    `会泽县${township.name}${village.name}`,
    `${shortOf(township)}${village.name}`,
    village.name,
    `${shortOf(village)}那边`,
  ];
  if (isCommunity) {
    forms.push(`县城${village.name}`, `${village.name}${rng.int(1, 12)}栋`, `${village.name}附近的小区`);
  } else {
    forms.push(`${village.name}${rng.int(1, 15)}组`, `${shortOf(township)}${shortOf(village)}村委会`);
  }
  return { phrase: rng.pick(forms), areaCode: village.code, ours };
}

function chooseAppealType(rng: SeededRandom, code: string): AppealType {
  if (CONSULTATION_HEAVY.has(code) && rng.chance(0.6)) return 'consultation';
  return rng.weighted(APPEAL_TYPE_WEIGHTS);
}

interface Parts {
  place: string;
  time: string;
  kw: string;
  kw2: string;
  name: string;
  detail: string;
  praised: string;
  demand: string;
}

// Caller's own words, by appeal type.
const CALLER_TEMPLATES: Readonly<Record<AppealType, readonly ((p: Parts) => string)[]>> = {
  complaint: [
    (p) => `${p.place}${p.kw}的问题${p.time}一直存在，${p.detail}反映了好多次都没人管。`,
    (p) => `投诉${p.place}的${p.kw}，${p.time}越来越严重了，${p.detail}`,
    (p) => `${p.time}${p.place}${p.kw}，还有${p.kw2}，${p.detail}严重影响我们的正常生活。`,
    (p) => `我要投诉，${p.place}${p.kw}，${p.detail}到现在也没解决。`,
    (p) => `${p.place}${p.kw}太严重了，${p.kw2}也没人管，${p.detail}老百姓意见很大。`,
    (p) => `${p.place}${p.name}方面有问题：${p.kw}，${p.detail}希望有人管一管。`,
  ],
  help: [
    (p) => `${p.place}${p.kw}，${p.detail}请帮忙协调处理一下。`,
    (p) => `${p.time}${p.place}遇到${p.kw}的情况，${p.detail}不知道该找谁，希望政府帮帮忙。`,
    (p) => `求助：${p.place}${p.kw}，${p.kw2}，${p.detail}麻烦派人来看一下。`,
    (p) => `能不能派人来看一下${p.place}的${p.kw}？${p.detail}`,
  ],
  consultation: [
    (p) => `请问${p.place}${p.kw}这种情况归哪个部门管？${p.detail}`,
    (p) => `想咨询一下，${p.place}${p.kw}的问题应该找谁反映？`,
    (p) => `咨询${p.name}方面的政策，${p.kw}和${p.kw2}是怎么规定的？`,
    (p) => `问一下，${p.place}${p.kw}的事情${p.detail}有没有人管？`,
  ],
  report: [
    (p) => `举报${p.place}有${p.kw}的情况，${p.time}一直这样，${p.detail}`,
    (p) => `实名举报：${p.place}存在${p.kw}，还有${p.kw2}，${p.detail}请相关部门查处。`,
    (p) => `我要举报，${p.place}${p.kw}，${p.detail}希望严肃处理。`,
  ],
  suggestion: [
    (p) => `建议有关部门加强${p.place}${p.kw}方面的管理，${p.detail}`,
    (p) => `对${p.name}提个建议：${p.place}的${p.kw}问题希望统筹规划一下，${p.kw2}也要管起来。`,
    (p) => `希望政府重视${p.kw}的问题，${p.detail}${p.place}群众呼声很大。`,
  ],
  praise: [
    (p) => `表扬一下，前段时间反映${p.place}${p.kw}的问题，${p.praised}很快就处理好了，非常满意。`,
    (p) => `我要表扬${p.praised}，${p.kw}的事情办得很及时，服务态度也好。`,
    (p) => `感谢你们，上次${p.place}的${p.kw}问题已经解决了。`,
  ],
};

// Consultations about a procedure (社保卡, 户口, 公积金...): how, where, with what papers.
const PROCEDURE_TEMPLATES: readonly ((p: Parts) => string)[] = [
  (p) => `想咨询一下${p.kw}的事情，${p.detail}需要什么手续？`,
  (p) => `请问${p.kw}应该找哪个部门办理？${p.detail}`,
  (p) => `${p.kw}现在是怎么办理的？${p.detail}去哪里办？`,
  (p) => `我想问一下${p.kw}，${p.detail}要带什么材料？`,
  (p) => `咨询${p.name}方面的政策，${p.kw}和${p.kw2}是怎么规定的？`,
];

// The agent's third-person summary, as tickets are often written.
const SUMMARY_TEMPLATES: Readonly<Record<AppealType, readonly ((p: Parts) => string)[]>> = {
  complaint: [
    (p) => `来电人反映：${p.place}${p.kw}，${p.detail}要求${p.demand}。`,
    (p) => `市民来电投诉${p.time}${p.place}${p.kw}、${p.kw2}，诉求人希望${p.demand}。`,
  ],
  help: [(p) => `来电人求助：${p.place}${p.kw}，${p.detail}请${p.demand}。`],
  consultation: [
    (p) => `来电人咨询${p.kw}相关事宜，请相关部门给予解答。`,
    (p) => `群众来电咨询${p.name}政策：${p.kw}，${p.kw2}，请答复。`,
  ],
  report: [(p) => `群众来电举报：${p.place}存在${p.kw}问题，请${p.demand}。`],
  suggestion: [(p) => `来电人建议相关部门加强${p.kw}管理，${p.place}${p.kw2}问题较为突出。`],
  praise: [(p) => `来电人表扬${p.praised}处理${p.place}${p.kw}问题及时，表示满意。`],
};

function detailFor(rng: SeededRandom, type: AppealType): string {
  const pool = type === 'consultation' ? DETAILS.ask : type === 'suggestion' ? DETAILS.idea : DETAILS.trouble;
  const count = rng.weighted<number>([
    [0, 4],
    [1, 4],
    [2, 2],
  ]);
  return rng.sample(pool, count).join('');
}

function ordinaryAppeal(rng: SeededRandom, index: AreaIndex, leaf: DemoCategory): DemoAppeal {
  const appealType = chooseAppealType(rng, leaf.code);
  const place = choosePlace(rng, index, settingOf(leaf.code));
  const [kw, kw2] = rng.sample(leaf.keywords, 2);
  const urgent =
    (appealType === 'complaint' || appealType === 'help' || appealType === 'report') &&
    rng.chance(URGENT_CHANCE[leaf.code] ?? 0);

  const summary = rng.chance(0.3);
  const selfIntro = !summary && place.phrase !== '' && rng.chance(0.25);
  const parts: Parts = {
    place: selfIntro
      ? place.ours
      : place.phrase || (summary ? rng.pick(['', '辖区']) : rng.pick(['我们这里', '我家附近', '我们那边'])),
    time: rng.chance(0.5) ? rng.pick(TIMES) : '',
    kw,
    kw2: kw2 ?? kw,
    name: leaf.name,
    detail:
      (kw2 !== undefined && rng.chance(0.5) ? rng.pick(FOCUS_CLAUSES)(kw2) : '') +
      (urgent ? rng.pick(URGENT_PHRASES) : '') +
      detailFor(rng, appealType),
    praised: rng.pick(PRAISED),
    demand: rng.pick(DEMANDS),
  };
  let text: string;
  if (summary) {
    text = rng.pick(SUMMARY_TEMPLATES[appealType])(parts);
  } else {
    const opening = appealType === 'consultation' && rng.chance(0.5) ? rng.pick(CONSULT_OPENINGS) : rng.pick(OPENINGS);
    const intro = selfIntro
      ? rng.pick([
          `我住在${place.phrase}，`,
          `我是${place.phrase}的，`,
          `我家在${place.phrase}，`,
          `我在${place.phrase}做生意，`,
        ])
      : '';
    const closing = appealType === 'praise' ? rng.pick(['谢谢！', '给你们点赞！', '']) : rng.pick(CLOSINGS);
    const templates =
      appealType === 'consultation' && CONSULTATION_HEAVY.has(leaf.code)
        ? PROCEDURE_TEMPLATES
        : CALLER_TEMPLATES[appealType];
    text = opening + intro + rng.pick(templates)(parts) + closing;
  }
  // Some summaries leave the place out; then the appeal names no area below the county.
  const named = place.phrase !== '' && text.includes(place.phrase);
  return {
    text: tidy(text),
    label: leaf.code,
    appealType,
    urgency: urgent ? 'urgent' : 'normal',
    areaCode: named ? place.areaCode : COUNTY.code,
  };
}

function otherAppeal(rng: SeededRandom, leaf: DemoCategory): DemoAppeal {
  const appealType = rng.chance(0.7) ? 'consultation' : 'help';
  const text = rng.pick(OPENINGS) + rng.pick(OTHER_TEXTS) + rng.pick(['。', '？', '，谢谢。']);
  return { text: tidy(text), label: leaf.code, appealType, urgency: 'normal', areaCode: COUNTY.code };
}

function criticalAppeal(rng: SeededRandom, index: AreaIndex): DemoAppeal {
  const template = rng.pick(CRITICAL_TEMPLATES);
  const place = choosePlace(rng, index, 'any');
  const phrase = place.phrase === '' ? '县城' : place.phrase;
  const text = rng.pick(['', '喂！', '快点！']) + rng.pick(template.texts).replace('{P}', phrase);
  return {
    text: tidy(text),
    label: template.label,
    appealType: template.appealType,
    urgency: 'critical',
    areaCode: place.areaCode,
  };
}

/** Removes the doubled or dangling punctuation that optional parts leave behind. */
function tidy(text: string): string {
  return text
    .replace(/，+/g, '，')
    .replace(/，([。？！])/g, '$1')
    .replace(/([。？！])，/g, '$1')
    .replace(/^，/, '')
    .replace(/，$/, '。');
}

let cachedIndex: AreaIndex | undefined;

export function demoAppeals(count: number, seed: number | string = 12345): DemoAppeal[] {
  cachedIndex ??= indexAreas(demoAreas);
  const index = cachedIndex;
  const rng = new SeededRandom(`appeals:${seed}`);
  const leaves = leafCategories.map((leaf): readonly [DemoCategory, number] => [
    leaf,
    isUnroutedCategory(leaf) ? 0.5 : 1,
  ]);
  const appeals: DemoAppeal[] = [];
  for (let i = 0; i < count; i++) {
    if (rng.chance(CRITICAL_SHARE)) {
      appeals.push(criticalAppeal(rng, index));
      continue;
    }
    const leaf = rng.weighted(leaves);
    appeals.push(isUnroutedCategory(leaf) ? otherAppeal(rng, leaf) : ordinaryAppeal(rng, index, leaf));
  }
  return appeals;
}
