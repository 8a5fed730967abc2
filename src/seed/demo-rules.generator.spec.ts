import { categories, isUnroutedCategory, leafCategories } from './category-tree.data';
import { areas, units } from './demo-county.generator';
import { demoRules } from './demo-rules.generator';

describe(demoRules.name, () => {
  const rules = demoRules(areas, units, categories);
  const areaByCode = new Map(areas.map((a) => [a.code, a]));
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  const categoryByCode = new Map(categories.map((c) => [c.code, c]));
  const leafCodes = new Set(leafCategories.map((l) => l.code));

  it('should make about 200 rules', () => {
    expect(rules.length).toBeGreaterThanOrEqual(180);
    expect(rules.length).toBeLessThanOrEqual(230);
  });

  it('should reference existing leaf categories, areas and units', () => {
    for (const rule of rules) {
      expect(leafCodes.has(rule.categoryCode)).toBe(true);
      if (rule.areaCode !== null) expect(areaByCode.has(rule.areaCode)).toBe(true);
      if (rule.target.kind === 'unit') expect(unitByCode.get(rule.target.unitCode)?.kind).toBe('department');
      for (const co of rule.coHandlerUnitCodes) {
        expect(unitByCode.has(co)).toBe(true);
        if (rule.target.kind === 'unit') expect(co).not.toBe(rule.target.unitCode);
      }
      expect(new Set(rule.coHandlerUnitCodes).size).toBe(rule.coHandlerUnitCodes.length);
    }
  });

  it('should never hold two rules with the same category, area and priority', () => {
    const keys = rules.map((r) => `${r.categoryCode}|${r.areaCode ?? '*'}|${r.priority}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('should never route a department matter to a village or grid station', () => {
    for (const rule of rules) {
      const category = categoryByCode.get(rule.categoryCode);
      if (category?.territorial || rule.target.kind !== 'territorial') continue;
      expect(rule.target.level).toBe('township');
    }
  });

  it('should route to grid stations only inside villages whose grids all have one', () => {
    const stationAreas = new Set(units.filter((u) => u.kind === 'grid_station').map((u) => u.areaCode));
    for (const rule of rules.filter((r) => r.target.kind === 'territorial' && r.target.level === 'grid_station')) {
      expect(areaByCode.get(rule.areaCode ?? '')?.level).toBe('village');
      const grids = areas.filter((a) => a.parentCode === rule.areaCode);
      expect(grids.length).toBeGreaterThan(0);
      for (const grid of grids) expect(stationAreas.has(grid.code)).toBe(true);
    }
  });

  it('should cover every routable leaf with a county-wide rule and leave other.* to the dispatch pool', () => {
    const countyWide = new Set(rules.filter((r) => r.areaCode === null).map((r) => r.categoryCode));
    for (const leaf of leafCategories) expect(countyWide.has(leaf.code)).toBe(!isUnroutedCategory(leaf));
  });

  it('should send street vending in the old town to the urban management bureau, the sub-district co-handling', () => {
    const gucheng = areas.find((a) => a.name === '古城街道');
    const rule = rules.find((r) => r.categoryCode === 'urban.street-vending' && r.areaCode === gucheng?.code);
    expect(rule?.target).toEqual({ kind: 'unit', unitCode: 'dept-urban' });
    expect(rule?.coHandlerUnitCodes).toEqual(['tn-gucheng']);
  });

  it('should have territorial rules with department co-handlers and a village-level rule in one township', () => {
    const construction = rules.find((r) => r.categoryCode === 'urban.illegal-construction' && r.areaCode === null);
    expect(construction?.target).toEqual({ kind: 'territorial', level: 'township' });
    expect(construction?.coHandlerUnitCodes).toContain('dept-natres');
    const villageLevel = rules.filter((r) => r.target.kind === 'territorial' && r.target.level === 'village');
    expect(villageLevel.length).toBeGreaterThan(0);
    expect(new Set(villageLevel.map((r) => r.areaCode))).toEqual(
      new Set([areas.find((a) => a.name === '娜姑镇')?.code]),
    );
  });

  it('should cite a source item and a validity start on every rule', () => {
    for (const rule of rules) {
      expect(rule.sourceDocument).toMatch(/^《.+》第\d+[项条]$/);
      expect(rule.validFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(rule.validTo).toBeNull();
    }
    expect(new Set(rules.map((r) => r.sourceDocument)).size).toBe(rules.length);
  });

  it('should produce the same rules on every run', () => {
    expect(demoRules(areas, units, categories)).toEqual(rules);
  });

  it('should refuse areas or units that lack what the rules refer to', () => {
    expect(() =>
      demoRules(
        areas,
        units.filter((u) => u.code !== 'dept-urban'),
        categories,
      ),
    ).toThrow(/dept-urban/);
  });
});
