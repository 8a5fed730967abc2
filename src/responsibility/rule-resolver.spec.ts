import { compileIndex, IndexInput, resolve, RuleInput, shanghaiDayNumber, dayNumber } from './rule-resolver';

// county 1 → townships 2 (A), 3 (B); A → villages 4 (A1), 5 (A2, no village unit); A1 → grid 6
const base: Omit<IndexInput, 'rules'> = {
  areas: [
    { id: 1, code: 'C', name: '县', level: 'county', parentId: null },
    { id: 2, code: 'A', name: '甲镇', level: 'township', parentId: 1 },
    { id: 3, code: 'B', name: '乙乡', level: 'township', parentId: 1 },
    { id: 4, code: 'A1', name: '一村', level: 'village', parentId: 2 },
    { id: 5, code: 'A2', name: '二村', level: 'village', parentId: 2 },
    { id: 6, code: 'A1g1', name: '一村网格1', level: 'grid', parentId: 4 },
  ],
  units: [
    { id: 10, code: 'dept-x', name: '甲局', kind: 'department', areaId: null, active: true },
    { id: 11, code: 'dept-y', name: '乙局', kind: 'department', areaId: null, active: true },
    { id: 12, code: 'dept-old', name: '撤销局', kind: 'department', areaId: null, active: false },
    { id: 20, code: 'tn-a', name: '甲镇政府', kind: 'township', areaId: 2, active: true },
    { id: 21, code: 'tn-b', name: '乙乡政府', kind: 'township', areaId: 3, active: true },
    { id: 30, code: 'vl-a1', name: '一村委会', kind: 'village', areaId: 4, active: true },
    { id: 40, code: 'gs-a1g1', name: '网格站1', kind: 'grid_station', areaId: 6, active: true },
  ],
  categories: [
    { id: 1, code: 'urban', name: '城市管理', parentId: null, territorial: false },
    { id: 2, code: 'urban.vending', name: '占道经营', parentId: 1, territorial: true },
    { id: 3, code: 'urban.ads', name: '户外广告', parentId: 1, territorial: false },
    { id: 5, code: 'other.misc', name: '其他', parentId: null, territorial: false },
  ],
};

let nextId = 100;
function rule(fields: Partial<RuleInput> & Pick<RuleInput, 'categoryId'>): RuleInput {
  return {
    id: nextId++,
    areaId: null,
    targetKind: 'unit',
    targetUnitId: 10,
    targetLevel: null,
    coHandlerUnitIds: [],
    priority: 10,
    validFrom: '2024-01-01',
    validTo: null,
    sourceDocument: 'doc',
    active: true,
    version: 1,
    ...fields,
  };
}

const AT = new Date('2025-06-01T02:00:00Z');
const run = (rules: RuleInput[], categoryId: number, areaId: number, at = AT) =>
  resolve(compileIndex({ ...base, rules }), { categoryId, areaId, at });

describe('rule resolver', () => {
  it('should send a department matter to the fixed unit of the county-wide rule', () => {
    const r = rule({ categoryId: 3, targetUnitId: 11 });
    const result = run([r], 3, 6);
    expect(result.unit).toEqual({ id: 11, code: 'dept-y', name: '乙局' });
    expect(result.rule?.id).toBe(r.id);
    expect(result.candidates).toEqual([expect.objectContaining({ outcome: 'won', reason: 'most specific' })]);
    expect(result.conflict).toBeNull();
  });

  it('should prefer the deeper area over a deeper category and a higher priority', () => {
    const countyLeaf = rule({ categoryId: 2, targetUnitId: 10, priority: 99 });
    const townshipGroup = rule({ categoryId: 1, areaId: 2, targetUnitId: 11, priority: 1 });
    const result = run([countyLeaf, townshipGroup], 2, 4);
    expect(result.rule?.id).toBe(townshipGroup.id);
    expect(result.candidates.find((c) => c.rule.id === countyLeaf.id)).toMatchObject({
      outcome: 'lost',
      reason: 'less specific area',
    });
  });

  it('should prefer the deeper category when the areas are equally specific', () => {
    const group = rule({ categoryId: 1, areaId: 2, targetUnitId: 10, priority: 50 });
    const leaf = rule({ categoryId: 3, areaId: 2, targetUnitId: 11, priority: 1 });
    const result = run([group, leaf], 3, 5);
    expect(result.unit?.id).toBe(11);
    expect(result.candidates.find((c) => c.rule.id === group.id)?.reason).toBe('less specific category');
  });

  it('should prefer the higher priority when area and category are the same', () => {
    const low = rule({ categoryId: 3, priority: 5, targetUnitId: 10 });
    const high = rule({ categoryId: 3, priority: 6, targetUnitId: 11 });
    const result = run([low, high], 3, 2);
    expect(result.unit?.id).toBe(11);
    expect(result.candidates.find((c) => c.rule.id === low.id)?.reason).toBe('lower priority');
  });

  it('should report an exact tie as a conflict and choose no unit', () => {
    const a = rule({ categoryId: 3, targetUnitId: 10 });
    const b = rule({ categoryId: 3, targetUnitId: 11 });
    const loser = rule({ categoryId: 1, targetUnitId: 11 });
    const result = run([a, b, loser], 3, 2);
    expect(result.unit).toBeNull();
    expect(result.rule).toBeNull();
    expect(result.conflict?.rules.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(result.candidates.filter((c) => c.outcome === 'tied')).toHaveLength(2);
    expect(result.candidates.find((c) => c.rule.id === loser.id)?.reason).toBe('less specific category');
    expect(result.explanation[0]).toMatch(/tie/);
  });

  it('should skip rules not valid at the date, on the Shanghai calendar', () => {
    const old = rule({ categoryId: 3, areaId: 2, targetUnitId: 12, validFrom: '2020-01-01', validTo: '2025-05-31' });
    const current = rule({ categoryId: 3, targetUnitId: 11 });
    // 2025-05-31T16:30Z is already 1 June in Shanghai: the old rule has ended
    const result = run([old, current], 3, 2, new Date('2025-05-31T16:30:00Z'));
    expect(result.unit?.id).toBe(11);
    expect(result.candidates.find((c) => c.rule.id === old.id)?.reason).toBe('not valid at that date');
    const before = run([{ ...old, targetUnitId: 10 }, current], 3, 2, new Date('2025-05-31T15:30:00Z'));
    expect(before.unit?.id).toBe(10);
  });

  it('should not apply a rule before its first day', () => {
    const future = rule({ categoryId: 3, validFrom: '2030-01-01', targetUnitId: 10 });
    const result = run([future], 3, 2);
    expect(result.unit).toBeNull();
    expect(result.candidates[0]?.reason).toBe('not valid at that date');
  });

  it('should skip inactive rules and rules whose target unit is inactive', () => {
    const inactive = rule({ categoryId: 3, areaId: 4, active: false, targetUnitId: 10 });
    const deadUnit = rule({ categoryId: 3, areaId: 2, targetUnitId: 12 });
    const fallback = rule({ categoryId: 3, targetUnitId: 11 });
    const result = run([inactive, deadUnit, fallback], 3, 4);
    expect(result.unit?.id).toBe(11);
    expect(result.candidates.find((c) => c.rule.id === inactive.id)?.reason).toBe('inactive');
    expect(result.candidates.find((c) => c.rule.id === deadUnit.id)?.reason).toBe('target unit inactive');
  });

  it('should resolve a territorial rule to the township of a village or grid', () => {
    const r = rule({ categoryId: 2, targetKind: 'territorial', targetUnitId: null, targetLevel: 'township' });
    const result = run([r], 2, 6);
    expect(result.unit?.code).toBe('tn-a');
    expect(result.territorial).toMatchObject({ resolvedLevel: 'township', fallback: null, servedArea: { id: 2 } });
    expect(run([r], 2, 3).unit?.code).toBe('tn-b');
  });

  it('should resolve the village level from a grid to its village', () => {
    const r = rule({ categoryId: 2, targetKind: 'territorial', targetUnitId: null, targetLevel: 'village' });
    expect(run([r], 2, 6).unit?.code).toBe('vl-a1');
    expect(run([r], 2, 4).unit?.code).toBe('vl-a1');
  });

  it('should fall back to the township when the area is known only to the township, and say so', () => {
    const r = rule({ categoryId: 2, targetKind: 'territorial', targetUnitId: null, targetLevel: 'village' });
    const result = run([r], 2, 2);
    expect(result.unit?.code).toBe('tn-a');
    expect(result.territorial).toMatchObject({
      level: 'village',
      resolvedLevel: 'township',
      fallback: 'area above level',
    });
    expect(result.explanation.join(' ')).toMatch(/known only down to 甲镇/);
  });

  it('should fall back upwards when no unit serves the place at the level', () => {
    const r = rule({ categoryId: 2, targetKind: 'territorial', targetUnitId: null, targetLevel: 'grid_station' });
    expect(run([r], 2, 6).unit?.code).toBe('gs-a1g1');
    const village = run([r], 2, 4);
    expect(village.unit?.code).toBe('vl-a1');
    expect(village.territorial?.fallback).toBe('area above level');
    const noVillageUnit = run([r], 2, 5);
    expect(noVillageUnit.unit?.code).toBe('tn-a');
  });

  it('should leave a territorial rule unapplied for the county itself, falling to the next rule', () => {
    const territorial = rule({ categoryId: 2, targetKind: 'territorial', targetUnitId: null, targetLevel: 'township' });
    const dept = rule({ categoryId: 1, targetUnitId: 10 });
    const result = run([territorial, dept], 2, 1);
    expect(result.unit?.id).toBe(10);
    expect(result.candidates.find((c) => c.rule.id === territorial.id)?.reason).toBe('no unit serves that area');
  });

  it('should list the active co-handlers, never the primary unit or an inactive one', () => {
    const r = rule({ categoryId: 3, targetUnitId: 10, coHandlerUnitIds: [20, 12, 10, 11] });
    const result = run([r], 3, 2);
    expect(result.coHandlers.map((u) => u.code)).toEqual(['tn-a', 'dept-y']);
  });

  it('should return no unit and no candidates for a category without rules', () => {
    const result = run([rule({ categoryId: 3 })], 5, 4);
    expect(result).toMatchObject({ unit: null, rule: null, candidates: [], conflict: null, coHandlers: [] });
    expect(result.explanation[0]).toMatch(/dispatch pool/);
  });

  it('should ignore rules of other areas and of sibling categories', () => {
    const otherTownship = rule({ categoryId: 3, areaId: 3, targetUnitId: 11 });
    const sibling = rule({ categoryId: 2, targetUnitId: 11 });
    const result = run([otherTownship, sibling], 3, 4);
    expect(result.unit).toBeNull();
    expect(result.candidates).toEqual([]);
  });

  it('should count calendar days in Shanghai time', () => {
    expect(shanghaiDayNumber(new Date('2025-01-01T15:59:59Z'))).toBe(dayNumber('2025-01-01'));
    expect(shanghaiDayNumber(new Date('2025-01-01T16:00:00Z'))).toBe(dayNumber('2025-01-02'));
  });
});
