// Demo responsibility rules (权责清单 / 属地管理事项清单) for the demo county: one county-wide rule per
// routable leaf category, then area-specific overrides as a county's lists really have them.
//
// Priorities: 10 county-wide, 20 for a township area, 30 for a village area. The area is what makes
// a rule specific; the priority numbers only keep (category, area, priority) unique and say which
// list was written for the narrower place. Source documents and item numbers are invented but
// shaped like the real ones.

import { DemoCategory, isUnroutedCategory } from './category-tree.data';
import { DemoArea, DemoUnit, GRID_STATION_VILLAGES, TOWNSHIPS, TownshipSeed } from './demo-county.data';
import { townshipAreaCode, townshipUnitCode } from './demo-county.generator';

export type TerritorialLevel = 'township' | 'village' | 'grid_station';

export type RuleTarget = { kind: 'unit'; unitCode: string } | { kind: 'territorial'; level: TerritorialLevel };

export interface DemoRule {
  categoryCode: string;
  /** null: everywhere in the county. */
  areaCode: string | null;
  target: RuleTarget;
  coHandlerUnitCodes: string[];
  priority: number;
  sourceDocument: string;
  validFrom: string;
  validTo: null;
}

export const RULE_PRIORITY = { county: 10, township: 20, village: 30 } as const;

interface SourceDocument {
  title: string;
  itemWord: '项' | '条';
  validFrom: string;
}

const DOCS = {
  departments: { title: '《会泽县县级部门权责清单（2023年版）》', itemWord: '项', validFrom: '2023-07-01' },
  territorial: { title: '《会泽县乡镇（街道）属地管理事项清单（2024年版）》', itemWord: '项', validFrom: '2024-03-01' },
  urbanEnforcement: {
    title: '《会泽县城市管理领域综合行政执法事项目录（2023年版）》',
    itemWord: '项',
    validFrom: '2023-10-01',
  },
  municipal: { title: '《会泽县城区市政设施管理职责分工方案》', itemWord: '条', validFrom: '2023-09-01' },
  ruralWater: { title: '《会泽县农村供水工程运行管理办法》', itemWord: '条', validFrom: '2024-01-01' },
  naguPilot: { title: '《娜姑镇“小事不出村”村级办理事项清单（试行）》', itemWord: '项', validFrom: '2024-06-01' },
  grid: { title: '《会泽县网格化服务管理事项清单（2024年版）》', itemWord: '项', validFrom: '2024-06-01' },
  mining: { title: '《会泽县矿产资源开发利用监管责任清单》', itemWord: '项', validFrom: '2023-05-01' },
  forestry: { title: '《会泽县林长制工作责任清单》', itemWord: '项', validFrom: '2023-03-01' },
  scenic: { title: '《大海草山景区综合管理职责分工方案》', itemWord: '条', validFrom: '2024-04-01' },
} satisfies Record<string, SourceDocument>;

/** Departments that co-handle a territorial matter everywhere (街乡吹哨、部门报到). */
const COUNTY_CO_HANDLERS: Readonly<Record<string, readonly string[]>> = {
  'urban.illegal-construction': ['dept-natres'],
  'housing.rural-housing': ['dept-housing'],
  'environment.livestock-pollution': ['dept-eco', 'dept-agri'],
  'civil.temporary-aid': ['dept-civil'],
  'agriculture.drinking-water': ['dept-water'],
  'natural-resources.homestead': ['dept-natres'],
  'natural-resources.forest-fire': ['dept-forestry'],
  'natural-resources.geo-hazard': ['dept-natres', 'dept-emergency'],
  'agriculture.subsidies': ['dept-finance'],
  'food-drug.school-canteen': ['dept-education'],
};

const URBAN_CORE = ['gucheng', 'jinzhong'];
const MINING_TOWNS = ['kuangshan', 'zhehai'];
const FOREST_TOWNSHIPS = [
  'dahai',
  'laochang',
  'wuxing',
  'zhichang',
  'malu',
  'huohong',
  'luna',
  'shangcun',
  'jiache',
  'tianba',
];
const VILLAGE_PILOT_TOWNSHIP = 'nagu';
const VILLAGE_PILOT_CATEGORIES = [
  'agriculture.village-road',
  'agriculture.living-environment',
  'public-security.neighbour-dispute',
  'agriculture.land-contract',
  'urban.garbage-collection',
];

export function demoRules(
  areas: readonly DemoArea[],
  units: readonly DemoUnit[],
  categories: readonly DemoCategory[],
): DemoRule[] {
  const areaCodes = new Set(areas.map((a) => a.code));
  const unitCodes = new Set(units.map((u) => u.code));
  const categoryCodes = new Set(categories.map((c) => c.code));
  const counters = new Map<SourceDocument, number>();
  const rules: DemoRule[] = [];

  const township = (slug: string): TownshipSeed => {
    const found = TOWNSHIPS.find((t) => t.slug === slug);
    if (!found || !areaCodes.has(townshipAreaCode(found)) || !unitCodes.has(townshipUnitCode(found))) {
      throw new Error(`demoRules: township ${slug} is missing from the areas or units`);
    }
    return found;
  };
  const unit = (code: string): string => {
    if (!unitCodes.has(code)) throw new Error(`demoRules: unit ${code} is missing`);
    return code;
  };
  const add = (
    doc: SourceDocument,
    categoryCode: string,
    areaCode: string | null,
    priority: number,
    target: RuleTarget,
    coHandlerUnitCodes: readonly string[] = [],
  ): void => {
    if (!categoryCodes.has(categoryCode)) throw new Error(`demoRules: category ${categoryCode} is missing`);
    const item = (counters.get(doc) ?? 0) + 1;
    counters.set(doc, item);
    rules.push({
      categoryCode,
      areaCode,
      target,
      coHandlerUnitCodes: coHandlerUnitCodes.map(unit),
      priority,
      sourceDocument: `${doc.title}第${item}${doc.itemWord}`,
      validFrom: doc.validFrom,
      validTo: null,
    });
  };
  const toUnit = (code: string): RuleTarget => ({ kind: 'unit', unitCode: unit(code) });
  const toLevel = (level: TerritorialLevel): RuleTarget => ({ kind: 'territorial', level });

  // County-wide: every routable leaf to its department, or to the township of the place.
  const leaves = categories.filter((c) => !categories.some((child) => child.parentCode === c.code));
  for (const category of leaves) {
    if (isUnroutedCategory(category)) continue;
    const co = COUNTY_CO_HANDLERS[category.code] ?? [];
    if (category.territorial) {
      add(DOCS.territorial, category.code, null, RULE_PRIORITY.county, toLevel('township'), co);
    } else if (category.defaultUnitCode) {
      add(DOCS.departments, category.code, null, RULE_PRIORITY.county, toUnit(category.defaultUnitCode), co);
    }
  }

  const subdistricts = TOWNSHIPS.filter((t) => t.kind === 'subdistrict');
  const rural = TOWNSHIPS.filter((t) => t.kind !== 'subdistrict');

  // The old town: city appearance matters go to the county urban management bureau, the
  // sub-district co-handling.
  for (const slug of URBAN_CORE) {
    const t = township(slug);
    for (const code of [
      'urban.street-vending',
      'urban.city-appearance',
      'urban.garbage-collection',
      'urban.illegal-construction',
    ]) {
      add(DOCS.urbanEnforcement, code, townshipAreaCode(t), RULE_PRIORITY.township, toUnit('dept-urban'), [
        townshipUnitCode(t),
      ]);
    }
  }
  // The newer sub-districts keep illegal construction, with urban management and housing co-handling.
  for (const t of subdistricts.filter((s) => !URBAN_CORE.includes(s.slug))) {
    add(
      DOCS.urbanEnforcement,
      'urban.illegal-construction',
      townshipAreaCode(t),
      RULE_PRIORITY.township,
      toLevel('township'),
      ['dept-urban', 'dept-housing'],
    );
  }
  // Streets in the sub-districts are municipal roads (住建), not highways (交通运输).
  for (const t of subdistricts) {
    add(DOCS.municipal, 'transport.road-damage', townshipAreaCode(t), RULE_PRIORITY.township, toUnit('dept-housing'));
  }
  // Outside the county town, water comes from township-run rural supply schemes.
  for (const t of rural) {
    for (const code of ['utilities.water.outage', 'utilities.water.quality']) {
      add(DOCS.ruralWater, code, townshipAreaCode(t), RULE_PRIORITY.township, toLevel('township'), ['dept-water']);
    }
  }
  // Rural townships (乡) light their own roads.
  for (const t of rural.filter((r) => r.kind === 'township')) {
    add(DOCS.territorial, 'transport.street-light', townshipAreaCode(t), RULE_PRIORITY.township, toLevel('township'));
  }
  for (const slug of MINING_TOWNS) {
    const t = township(slug);
    add(DOCS.mining, 'natural-resources.mining', townshipAreaCode(t), RULE_PRIORITY.township, toUnit('dept-natres'), [
      'dept-emergency',
      'dept-eco',
      townshipUnitCode(t),
    ]);
    add(DOCS.mining, 'environment.solid-waste', townshipAreaCode(t), RULE_PRIORITY.township, toUnit('dept-eco'), [
      'dept-natres',
      townshipUnitCode(t),
    ]);
  }
  for (const slug of FOREST_TOWNSHIPS) {
    const t = township(slug);
    add(
      DOCS.forestry,
      'natural-resources.forestry',
      townshipAreaCode(t),
      RULE_PRIORITY.township,
      toUnit('dept-forestry'),
      [townshipUnitCode(t)],
    );
  }
  const dahai = township('dahai');
  add(
    DOCS.scenic,
    'culture-tourism.scenic-area',
    townshipAreaCode(dahai),
    RULE_PRIORITY.township,
    toUnit('dept-culture'),
    [townshipUnitCode(dahai), 'dept-forestry'],
  );

  // 娜姑镇 pilots "小事不出村": these matters go straight to the village committee.
  const pilot = township(VILLAGE_PILOT_TOWNSHIP);
  for (const code of VILLAGE_PILOT_CATEGORIES) {
    add(DOCS.naguPilot, code, townshipAreaCode(pilot), RULE_PRIORITY.township, toLevel('village'));
  }

  // The two grid-station villages: "微事不出格".
  for (const { township9, index } of GRID_STATION_VILLAGES) {
    const villages = areas
      .filter((a) => a.level === 'village' && a.parentCode === `${township9}000`)
      .sort((a, b) => a.code.localeCompare(b.code));
    const village = villages[index];
    if (!village) throw new Error(`demoRules: grid-station village ${township9}#${index} is missing`);
    const isCommunity = village.name.endsWith('社区');
    const local = isCommunity ? 'urban.city-appearance' : 'agriculture.living-environment';
    for (const code of ['public-security.neighbour-dispute', local, 'urban.garbage-collection']) {
      add(DOCS.grid, code, village.code, RULE_PRIORITY.village, toLevel('grid_station'));
    }
  }
  return rules;
}
