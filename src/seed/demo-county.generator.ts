// Builds the demo county (areas, units, users) from demo-county.data.ts, deterministically: a fixed
// seed drives every generated name and grid count, so each run yields the same codes and the seed
// can upsert by code.
//
// Conventions:
// - Area codes: county 530326000000; township <9-digit statistical code>000; village and community
//   <township 9 digits><3 digits> (001–199 社区, 201–399 村, as the statistical codes do); grid
//   <village 12 digits><3 digits> (15 digits).
// - Names: village 白雾村 / community 东城社区 with aliases [short name, 白雾村委会 / 东城社区居委会];
//   grid 白雾第3网格 with alias 白雾村第3网格. Village short names are unique in the whole county.
// - Unit codes: centre, dept-* / util-* (departments and utilities), tn-<slug> (township),
//   vl-<village area code>, gs-<grid area code>. Clerk logins: clerk-<unit code>.

import {
  CENTRE,
  CENTRE_USERS,
  COMMUNITY_FIRST,
  COMMUNITY_LAST,
  COUNTY,
  DEPARTMENTS,
  DemoArea,
  DemoUnit,
  DemoUser,
  GRID_STATION_CLERKS_PER_VILLAGE,
  GRID_STATION_VILLAGES,
  KNOWN_VILLAGE_NAMES,
  TOTAL_GRIDS,
  TOWNSHIPS,
  TownshipSeed,
  VILLAGE_FIRST,
  VILLAGE_LAST,
  VILLAGE_MIDDLE,
  VILLAGE_SURNAMES,
  YI_FIRST,
  YI_LAST,
} from './demo-county.data';
import { SeededRandom } from './seeded-random.generator';

export interface DemoCounty {
  areas: DemoArea[];
  units: DemoUnit[];
  users: DemoUser[];
}

const GENERATION_SEED = 'huize-530326-demo-v1';
const MIN_GRIDS_PER_VILLAGE = 3;

export function townshipAreaCode(township: TownshipSeed): string {
  return `${township.code9}000`;
}

export function townshipUnitCode(township: TownshipSeed): string {
  return `tn-${township.slug}`;
}

export function villageUnitCode(villageAreaCode: string): string {
  return `vl-${villageAreaCode}`;
}

export function gridStationUnitCode(gridAreaCode: string): string {
  return `gs-${gridAreaCode}`;
}

export function clerkUsername(unitCode: string): string {
  return `clerk-${unitCode}`;
}

interface VillageDraft {
  township: TownshipSeed;
  index: number;
  code: string;
  shortName: string;
  isCommunity: boolean;
}

export function generateDemoCounty(): DemoCounty {
  const rng = new SeededRandom(GENERATION_SEED);
  const villages = draftVillages(rng);
  const gridCounts = distributeGrids(rng, villages);

  const areas: DemoArea[] = [
    { code: COUNTY.code, parentCode: null, level: 'county', name: COUNTY.name, aliases: [...COUNTY.aliases] },
  ];
  for (const township of TOWNSHIPS) {
    areas.push({
      code: townshipAreaCode(township),
      parentCode: COUNTY.code,
      level: 'township',
      name: township.name,
      aliases: townshipAliases(township),
    });
  }
  for (const village of villages) {
    const suffix = village.isCommunity ? '社区' : '村';
    areas.push({
      code: village.code,
      parentCode: townshipAreaCode(village.township),
      level: 'village',
      name: `${village.shortName}${suffix}`,
      aliases: [village.shortName, `${village.shortName}${village.isCommunity ? '社区居委会' : '村委会'}`],
    });
  }
  villages.forEach((village, i) => {
    const villageName = `${village.shortName}${village.isCommunity ? '社区' : '村'}`;
    for (let n = 1; n <= gridCounts[i]; n++) {
      areas.push({
        code: gridCode(village.code, n),
        parentCode: village.code,
        level: 'grid',
        name: `${village.shortName}第${n}网格`,
        aliases: [`${villageName}第${n}网格`],
      });
    }
  });

  const units = buildUnits(villages, gridCounts);
  const users = buildUsers(villages, gridCounts);
  return { areas, units, users };
}

function townshipAliases(township: TownshipSeed): string[] {
  const aliases = [township.shortName];
  if (township.kind === 'subdistrict') aliases.push(`${township.name}办`, `${township.shortName}办事处`);
  // 新街回族乡 is commonly called 新街乡.
  if (township.kind === 'township' && township.name !== `${township.shortName}乡`) {
    aliases.push(`${township.shortName}乡`);
  }
  return aliases;
}

function gridCode(villageCode: string, n: number): string {
  return `${villageCode}${String(n).padStart(3, '0')}`;
}

function draftVillages(rng: SeededRandom): VillageDraft[] {
  // Township short names and the county name stay reserved, so a short name identifies one place.
  const used = new Set<string>([...TOWNSHIPS.map((t) => t.shortName), '会泽']);
  const drafts: VillageDraft[] = [];
  for (const township of TOWNSHIPS) {
    const known = [...(KNOWN_VILLAGE_NAMES[township.code9] ?? [])];
    known.forEach((name) => used.add(name));
    for (let index = 0; index < township.villageCount; index++) {
      const isCommunity = index < township.communityCount;
      const shortName = isCommunity
        ? uniqueName(rng, used, communityName)
        : (known.shift() ?? uniqueName(rng, used, villageName));
      const serial = isCommunity ? index + 1 : 201 + index - township.communityCount;
      drafts.push({
        township,
        index,
        code: `${township.code9}${String(serial).padStart(3, '0')}`,
        shortName,
        isCommunity,
      });
    }
  }
  return drafts;
}

function uniqueName(rng: SeededRandom, used: Set<string>, make: (rng: SeededRandom) => string): string {
  for (;;) {
    const name = make(rng);
    if (!used.has(name) && new Set(name).size === name.length) {
      used.add(name);
      return name;
    }
  }
}

function communityName(rng: SeededRandom): string {
  return rng.pick(COMMUNITY_FIRST) + rng.pick(COMMUNITY_LAST);
}

function villageName(rng: SeededRandom): string {
  if (rng.chance(0.3)) return rng.pick(YI_FIRST) + rng.pick(YI_LAST);
  if (rng.chance(0.5)) return rng.pick(VILLAGE_FIRST) + rng.pick(VILLAGE_LAST);
  if (rng.chance(0.4)) return `${rng.pick(VILLAGE_SURNAMES)}家${rng.pick(VILLAGE_LAST)}`;
  return rng.pick(VILLAGE_FIRST) + rng.pick(VILLAGE_MIDDLE) + rng.pick(VILLAGE_LAST);
}

/** Exactly TOTAL_GRIDS grids, more in urban communities, by largest remainder. */
function distributeGrids(rng: SeededRandom, villages: VillageDraft[]): number[] {
  const weights = villages.map((village) => {
    const base = village.isCommunity ? (village.township.kind === 'subdistrict' ? 1.8 : 1.3) : 1;
    return base * (0.75 + rng.next() * 0.5);
  });
  const spare = TOTAL_GRIDS - MIN_GRIDS_PER_VILLAGE * villages.length;
  const totalWeight = weights.reduce((sum, w) => sum + w, 0);
  const exact = weights.map((w) => (w / totalWeight) * spare);
  const counts = exact.map((x) => MIN_GRIDS_PER_VILLAGE + Math.floor(x));
  let missing = TOTAL_GRIDS - counts.reduce((sum, c) => sum + c, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, remainder: x - Math.floor(x) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder) {
    if (missing === 0) break;
    counts[i]++;
    missing--;
  }
  return counts;
}

function isGridStationVillage(village: VillageDraft): boolean {
  return GRID_STATION_VILLAGES.some((g) => g.township9 === village.township.code9 && g.index === village.index);
}

function villageUnitName(village: VillageDraft): string {
  return `${village.township.name}${village.shortName}${village.isCommunity ? '社区居委会' : '村委会'}`;
}

function buildUnits(villages: VillageDraft[], gridCounts: number[]): DemoUnit[] {
  const units: DemoUnit[] = [
    { code: CENTRE.code, name: CENTRE.name, kind: 'centre', parentCode: null, areaCode: COUNTY.code },
  ];
  for (const department of DEPARTMENTS) {
    units.push({
      code: department.code,
      name: department.name,
      kind: 'department',
      parentCode: CENTRE.code,
      areaCode: null,
    });
  }
  for (const township of TOWNSHIPS) {
    units.push({
      code: townshipUnitCode(township),
      name: township.kind === 'subdistrict' ? `${township.name}办事处` : `${township.name}人民政府`,
      kind: 'township',
      parentCode: CENTRE.code,
      areaCode: townshipAreaCode(township),
    });
  }
  for (const village of villages) {
    units.push({
      code: villageUnitCode(village.code),
      name: villageUnitName(village),
      kind: 'village',
      parentCode: townshipUnitCode(village.township),
      areaCode: village.code,
    });
  }
  villages.forEach((village, i) => {
    if (!isGridStationVillage(village)) return;
    for (let n = 1; n <= gridCounts[i]; n++) {
      const code = gridCode(village.code, n);
      units.push({
        code: gridStationUnitCode(code),
        name: `${village.township.name}${village.shortName}第${n}网格工作站`,
        kind: 'grid_station',
        parentCode: villageUnitCode(village.code),
        areaCode: code,
      });
    }
  });
  return units;
}

/**
 * Clerks: every department and utility, every township, the first village or community of each
 * township, both grid-station villages, and the first grid stations of those villages.
 */
function buildUsers(villages: VillageDraft[], gridCounts: number[]): DemoUser[] {
  const users: DemoUser[] = CENTRE_USERS.map((user) => ({ ...user, roles: [...user.roles] }));
  const clerk = (unitCode: string, displayName: string): DemoUser => ({
    username: clerkUsername(unitCode),
    displayName,
    roles: ['clerk'],
    unitCode,
  });
  for (const department of DEPARTMENTS) users.push(clerk(department.code, `${department.shortName}联络员`));
  for (const township of TOWNSHIPS) users.push(clerk(townshipUnitCode(township), `${township.name}联络员`));
  for (const village of villages) {
    if (village.index === 0 || isGridStationVillage(village)) {
      users.push(clerk(villageUnitCode(village.code), `${villageUnitName(village)}联络员`));
    }
  }
  villages.forEach((village, i) => {
    if (!isGridStationVillage(village)) return;
    for (let n = 1; n <= Math.min(GRID_STATION_CLERKS_PER_VILLAGE, gridCounts[i]); n++) {
      users.push(clerk(gridStationUnitCode(gridCode(village.code, n)), `${village.shortName}第${n}网格网格员`));
    }
  });
  return users;
}

export const demoCounty: DemoCounty = generateDemoCounty();
export const areas: readonly DemoArea[] = demoCounty.areas;
export const units: readonly DemoUnit[] = demoCounty.units;
export const users: readonly DemoUser[] = demoCounty.users;
