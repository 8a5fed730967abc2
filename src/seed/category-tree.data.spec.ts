import { categories, isUnroutedCategory, leafCategories } from './category-tree.data';
import { units } from './demo-county.generator';

describe('category tree', () => {
  const byCode = new Map(categories.map((c) => [c.code, c]));

  it('should give every node a unique ascii code nested under its parent code', () => {
    expect(byCode.size).toBe(categories.length);
    for (const category of categories) {
      expect(category.code).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/);
      if (category.parentCode === null) continue;
      expect(byCode.has(category.parentCode)).toBe(true);
      expect(category.code.startsWith(`${category.parentCode}.`)).toBe(true);
    }
  });

  it('should be two or three levels deep with at least 60 leaves', () => {
    const depth = (code: string): number => {
      const parent = byCode.get(code)?.parentCode;
      return parent ? 1 + depth(parent) : 1;
    };
    const depths = new Set(leafCategories.map((l) => depth(l.code)));
    expect([...depths].sort()).toEqual([2, 3]);
    expect(leafCategories.length).toBeGreaterThanOrEqual(60);
  });

  it('should cover the usual matter groups of a county 12345 centre', () => {
    const roots = categories.filter((c) => c.parentCode === null).map((c) => c.name);
    expect(roots).toEqual(
      expect.arrayContaining([
        '城市管理',
        '道路交通',
        '住房与物业',
        '水电气暖',
        '生态环境',
        '劳动保障',
        '社会保险',
        '民政',
        '农业农村',
        '自然资源',
        '公共安全',
        '政务服务',
        '其他',
      ]),
    );
  });

  it('should route every department matter to an existing department and no territorial matter to one', () => {
    const departments = new Set(units.filter((u) => u.kind === 'department').map((u) => u.code));
    for (const leaf of leafCategories) {
      if (isUnroutedCategory(leaf)) continue;
      if (leaf.territorial) expect(leaf.defaultUnitCode).toBeNull();
      else expect(departments.has(leaf.defaultUnitCode ?? '')).toBe(true);
    }
    for (const node of categories) {
      if (node.defaultUnitCode !== null) expect(departments.has(node.defaultUnitCode)).toBe(true);
    }
  });

  it('should give every leaf at least three distinct Chinese keywords', () => {
    for (const leaf of leafCategories) {
      expect(new Set(leaf.keywords).size).toBeGreaterThanOrEqual(3);
      expect(leaf.name).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('should have some territorial leaves (属地事项)', () => {
    const territorial = leafCategories.filter((l) => l.territorial).map((l) => l.code);
    expect(territorial).toEqual(expect.arrayContaining(['urban.street-vending', 'urban.illegal-construction']));
  });
});
