import { DemoArea, DemoUnit, TOWNSHIPS } from './demo-county.data';
import { areas, generateDemoCounty, units, users } from './demo-county.generator';

const byCode = <T extends { code: string }>(items: readonly T[]): Map<string, T> =>
  new Map(items.map((i) => [i.code, i]));
const countLevel = (level: DemoArea['level']): number => areas.filter((a) => a.level === level).length;

describe('demo county areas', () => {
  it('should have one county, 25 townships, 381 villages and 4,847 grids', () => {
    expect(countLevel('county')).toBe(1);
    expect(countLevel('township')).toBe(25);
    expect(countLevel('village')).toBe(381);
    expect(countLevel('grid')).toBe(4847);
  });

  it('should give every area a unique code', () => {
    expect(new Set(areas.map((a) => a.code)).size).toBe(areas.length);
  });

  it('should nest every area under an existing parent one level up, with the parent code as prefix', () => {
    const areaByCode = byCode(areas);
    const parentLevel = { county: null, township: 'county', village: 'township', grid: 'village' } as const;
    for (const area of areas) {
      const expected = parentLevel[area.level];
      if (expected === null) {
        expect(area.parentCode).toBeNull();
        continue;
      }
      const parent = areaByCode.get(area.parentCode ?? '');
      expect(parent?.level).toBe(expected);
      const prefix = { county: 6, township: 9, village: 12, grid: 15 }[expected];
      expect(area.code.startsWith((parent?.code ?? '').slice(0, prefix))).toBe(true);
    }
  });

  it('should use the real township names and codes of Huize, sub-districts included', () => {
    const names = areas.filter((a) => a.level === 'township').map((a) => a.name);
    expect(names).toEqual(
      expect.arrayContaining(['古城街道', '金钟街道', '宝云街道', '以礼街道', '娜姑镇', '待补镇', '马路乡']),
    );
    expect(areas.find((a) => a.name === '娜姑镇')?.code).toBe('530326102000');
  });

  it('should give townships and villages their short name as first alias', () => {
    expect(areas.find((a) => a.name === '娜姑镇')?.aliases[0]).toBe('娜姑');
    expect(areas.find((a) => a.name === '新街回族乡')?.aliases).toEqual(expect.arrayContaining(['新街', '新街乡']));
    for (const village of areas.filter((a) => a.level === 'village')) {
      expect(village.name).toBe(`${village.aliases[0]}${village.name.endsWith('社区') ? '社区' : '村'}`);
    }
  });

  it('should make village short names and grid names unique in the county', () => {
    const villages = areas.filter((a) => a.level === 'village');
    expect(new Set(villages.map((v) => v.aliases[0])).size).toBe(villages.length);
    const grids = areas.filter((a) => a.level === 'grid');
    expect(new Set(grids.map((g) => g.name)).size).toBe(grids.length);
  });

  it('should give sub-districts only communities and towns mostly villages', () => {
    const areaByCode = byCode(areas);
    for (const township of TOWNSHIPS) {
      const children = areas.filter((a) => a.parentCode === `${township.code9}000`);
      const communities = children.filter((c) => c.name.endsWith('社区')).length;
      expect(communities).toBe(township.communityCount);
      expect(areaByCode.get(`${township.code9}000`)).toBeDefined();
    }
  });
});

describe('demo county units', () => {
  const unitByCode = byCode(units);
  const areaByCode = byCode(areas);
  const kindForLevel = { county: 'centre', township: 'township', village: 'village', grid: 'grid_station' } as const;

  it('should give every unit a unique code', () => {
    expect(new Set(units.map((u) => u.code)).size).toBe(units.length);
  });

  it('should root the tree at the centre and resolve every parent to the unit one level up', () => {
    const expectedParentKind: Record<DemoUnit['kind'], DemoUnit['kind'] | null> = {
      centre: null,
      department: 'centre',
      township: 'centre',
      village: 'township',
      grid_station: 'village',
    };
    for (const unit of units) {
      const expected = expectedParentKind[unit.kind];
      if (expected === null) expect(unit.parentCode).toBeNull();
      else expect(unitByCode.get(unit.parentCode ?? '')?.kind).toBe(expected);
    }
    expect(units.filter((u) => u.kind === 'centre').map((u) => u.code)).toEqual(['centre']);
  });

  it('should point every territorial unit at an area of its own level, inside its parent unit area', () => {
    for (const unit of units) {
      if (unit.kind === 'department') {
        expect(unit.areaCode).toBeNull();
        continue;
      }
      const area = areaByCode.get(unit.areaCode ?? '');
      expect(area).toBeDefined();
      expect(kindForLevel[area?.level ?? 'county']).toBe(unit.kind);
      const parent = unitByCode.get(unit.parentCode ?? '');
      if (parent && parent.kind !== 'centre') expect(area?.parentCode).toBe(parent.areaCode);
    }
  });

  it('should have about 20 departments and utilities with ascii codes, one unit per township and per village', () => {
    const departments = units.filter((u) => u.kind === 'department');
    expect(departments.length).toBeGreaterThanOrEqual(20);
    for (const d of departments) expect(d.code).toMatch(/^(dept|util)-[a-z-]+$/);
    expect(units.find((u) => u.code === 'dept-market')?.name).toBe('会泽县市场监督管理局');
    expect(units.find((u) => u.code === 'dept-eco')?.name).toBe('曲靖市生态环境局会泽分局');
    expect(units.filter((u) => u.kind === 'township')).toHaveLength(25);
    expect(units.filter((u) => u.kind === 'village')).toHaveLength(381);
  });

  it('should give every grid of exactly two villages a grid station, and no other grid', () => {
    const stations = units.filter((u) => u.kind === 'grid_station');
    const villages = new Set(stations.map((s) => areaByCode.get(s.areaCode ?? '')?.parentCode));
    expect(villages.size).toBe(2);
    for (const villageCode of villages) {
      const grids = areas.filter((a) => a.parentCode === villageCode);
      expect(stations.filter((s) => areaByCode.get(s.areaCode ?? '')?.parentCode === villageCode)).toHaveLength(
        grids.length,
      );
    }
  });
});

describe('demo county users', () => {
  const unitByCode = byCode(units);

  it('should have the centre logins and cover every role', () => {
    const names = users.map((u) => u.username);
    expect(names).toEqual(expect.arrayContaining(['admin', 'agent', 'agent2', 'dispatcher', 'supervisor']));
    const roles = new Set(users.flatMap((u) => u.roles));
    expect([...roles].sort()).toEqual(['admin', 'agent', 'clerk', 'dispatcher', 'supervisor']);
    expect(new Set(names).size).toBe(names.length);
  });

  it('should name each clerk clerk-<unit code> and attach them to that existing unit', () => {
    for (const user of users.filter((u) => u.roles.includes('clerk'))) {
      expect(user.unitCode).not.toBeNull();
      expect(unitByCode.has(user.unitCode ?? '')).toBe(true);
      expect(user.username).toBe(`clerk-${user.unitCode}`);
      expect(user.displayName).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('should give a clerk to every department, every township, and some villages and grid stations', () => {
    const clerkUnits = new Set(users.filter((u) => u.roles.includes('clerk')).map((u) => u.unitCode));
    for (const unit of units.filter((u) => u.kind === 'department' || u.kind === 'township')) {
      expect(clerkUnits.has(unit.code)).toBe(true);
    }
    const kinds = [...clerkUnits].map((code) => unitByCode.get(code ?? '')?.kind);
    expect(kinds.filter((k) => k === 'village').length).toBeGreaterThanOrEqual(25);
    expect(kinds.filter((k) => k === 'grid_station').length).toBeGreaterThanOrEqual(2);
  });
});

describe(generateDemoCounty.name, () => {
  it('should produce the same county on every run, fast', () => {
    const started = performance.now();
    const again = generateDemoCounty();
    const elapsed = performance.now() - started;
    expect(again.areas).toEqual(areas);
    expect(again.units).toEqual(units);
    expect(again.users).toEqual(users);
    expect(elapsed).toBeLessThan(200);
  });
});
