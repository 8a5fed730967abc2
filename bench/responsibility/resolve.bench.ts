// Resolver benchmark without a database: a 5,000-area tree, 10,000 rules, 100,000 resolves over
// random (category, area) pairs. Run: npx tsx bench/responsibility/resolve.bench.ts
// Prints compile time and p50 / p99 / max per resolve in microseconds (target: p99 under 1 ms).

import {
  AreaInput,
  CategoryInput,
  compileIndex,
  resolve,
  RuleInput,
  UnitInput,
} from '../../src/responsibility/rule-resolver';

// mulberry32: a seeded generator, so two runs measure the same work
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(12345);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];

const TARGET_AREAS = 5000;
const TARGET_RULES = 10_000;
const RESOLVES = 100_000;

// areas: county → 25 townships → 400 villages → grids up to 5,000 in all
const areas: AreaInput[] = [{ id: 1, code: 'C', name: 'county', level: 'county', parentId: null }];
const townships: number[] = [];
const villages: number[] = [];
const grids: number[] = [];
for (let t = 0; t < 25; t++) {
  areas.push({ id: areas.length + 1, code: `T${t}`, name: `township ${t}`, level: 'township', parentId: 1 });
  townships.push(areas.length);
}
for (let v = 0; v < 400; v++) {
  const parentId = townships[v % townships.length];
  areas.push({ id: areas.length + 1, code: `V${v}`, name: `village ${v}`, level: 'village', parentId });
  villages.push(areas.length);
}
while (areas.length < TARGET_AREAS) {
  const parentId = pick(villages);
  areas.push({ id: areas.length + 1, code: `G${areas.length}`, name: `grid ${areas.length}`, level: 'grid', parentId });
  grids.push(areas.length);
}

// units: 30 departments, one per township and village, grid stations in a tenth of the grids
const units: UnitInput[] = [];
const departments: number[] = [];
for (let d = 0; d < 30; d++) {
  units.push({
    id: units.length + 1,
    code: `dept-${d}`,
    name: `dept ${d}`,
    kind: 'department',
    areaId: null,
    active: d !== 29,
  });
  departments.push(units.length);
}
for (const id of townships)
  units.push({ id: units.length + 1, code: `tn-${id}`, name: `tn ${id}`, kind: 'township', areaId: id, active: true });
for (const id of villages)
  units.push({ id: units.length + 1, code: `vl-${id}`, name: `vl ${id}`, kind: 'village', areaId: id, active: true });
for (const id of grids.filter((_, i) => i % 10 === 0))
  units.push({
    id: units.length + 1,
    code: `gs-${id}`,
    name: `gs ${id}`,
    kind: 'grid_station',
    areaId: id,
    active: true,
  });

// categories: 20 groups, 6 leaves each, a third level under every fourth leaf (about 150 nodes)
const categories: CategoryInput[] = [];
const leaves: number[] = [];
for (let g = 0; g < 20; g++) {
  categories.push({ id: categories.length + 1, code: `g${g}`, name: `group ${g}`, parentId: null, territorial: false });
  const groupId = categories.length;
  for (let l = 0; l < 6; l++) {
    const territorial = rnd() < 0.3;
    categories.push({
      id: categories.length + 1,
      code: `g${g}.l${l}`,
      name: `leaf ${l}`,
      parentId: groupId,
      territorial,
    });
    const leafId = categories.length;
    if (l % 4 === 0) {
      categories.push({ id: categories.length + 1, code: `g${g}.l${l}.x`, name: 'sub', parentId: leafId, territorial });
      leaves.push(categories.length);
    } else leaves.push(leafId);
  }
}

// rules: county-wide per leaf, then overrides by township, village and grid, some ended or inactive
const rules: RuleInput[] = [];
const used = new Set<string>();
const addRule = (categoryId: number, areaId: number | null, priority: number): void => {
  const key = `${categoryId}|${areaId}|${priority}`;
  if (used.has(key)) return;
  used.add(key);
  const category = categories[categoryId - 1];
  const territorial = category.territorial && rnd() < 0.7;
  const level = pick(['township', 'village', 'grid_station'] as const);
  rules.push({
    id: rules.length + 1,
    categoryId,
    areaId,
    targetKind: territorial ? 'territorial' : 'unit',
    targetUnitId: territorial ? null : pick(departments),
    targetLevel: territorial ? level : null,
    coHandlerUnitIds: rnd() < 0.3 ? [pick(departments), pick(departments)].filter((v, i, a) => a.indexOf(v) === i) : [],
    priority,
    validFrom: rnd() < 0.1 ? '2030-01-01' : '2023-01-01',
    validTo: rnd() < 0.1 ? '2024-12-31' : null,
    sourceDocument: 'bench',
    active: rnd() > 0.05,
    version: 1,
  });
};
for (const leaf of leaves) addRule(leaf, null, 10);
for (const category of categories) addRule(category.id, null, 5);
while (rules.length < TARGET_RULES) {
  const r = rnd();
  const areaId = r < 0.25 ? pick(townships) : r < 0.75 ? pick(villages) : pick(grids);
  addRule(rnd() < 0.85 ? pick(leaves) : pick(categories).id, areaId, pick([10, 20, 30]));
}

const compileStart = process.hrtime.bigint();
const index = compileIndex({ areas, units, categories, rules });
const compileMs = Number(process.hrtime.bigint() - compileStart) / 1e6;

const at = new Date('2025-06-01T04:00:00Z');
const allCategoryIds = categories.map((c) => c.id);
const queries = Array.from({ length: RESOLVES }, () => ({
  categoryId: rnd() < 0.8 ? pick(leaves) : pick(allCategoryIds),
  areaId: 1 + Math.floor(rnd() * areas.length),
  at,
}));
for (let i = 0; i < 10_000; i++) resolve(index, queries[i % queries.length]);

const micros = new Float64Array(RESOLVES);
let found = 0;
let conflicts = 0;
let candidates = 0;
for (let i = 0; i < RESOLVES; i++) {
  const started = process.hrtime.bigint();
  const result = resolve(index, queries[i]);
  micros[i] = Number(process.hrtime.bigint() - started) / 1000;
  if (result.unit) found++;
  if (result.conflict) conflicts++;
  candidates += result.candidates.length;
}
micros.sort();
const quantile = (q: number): number => micros[Math.min(micros.length - 1, Math.floor(q * micros.length))];
const fmt = (v: number): string => v.toFixed(1);
console.log(`areas ${areas.length}, units ${units.length}, categories ${categories.length}, rules ${rules.length}`);
console.log(`compile ${compileMs.toFixed(1)} ms`);
console.log(
  `resolve x${RESOLVES}: p50 ${fmt(quantile(0.5))} µs, p99 ${fmt(quantile(0.99))} µs, max ${fmt(micros[micros.length - 1])} µs`,
);
console.log(
  `resolved to a unit ${((100 * found) / RESOLVES).toFixed(1)} %, conflicts ${conflicts}, mean candidates ${(candidates / RESOLVES).toFixed(1)}`,
);
if (quantile(0.99) >= 1000) {
  console.error('p99 is over 1 ms');
  process.exitCode = 1;
}
