import * as argon2 from 'argon2';
import { DataSource, EntityManager } from 'typeorm';
import { Area } from '../org/area.entity';
import { Unit } from '../org/unit.entity';
import { User } from '../org/user.entity';
import { DemoCounty, generateDemoCounty } from './demo-county.generator';
import { Category } from '../catalog/category.entity';
import { ResponsibilityRule } from '../responsibility/responsibility-rule.entity';
import { ResponsibilityRuleVersion } from '../responsibility/responsibility-rule-version.entity';
import { checkRule, RuleDraft } from '../responsibility/rule-checks';
import { loadLookups } from '../responsibility/rule-store';
import { categories as demoCategories, DemoCategory } from './category-tree.data';
import { demoRules } from './demo-rules.generator';

export interface SeedReport {
  areas: { added: number; total: number };
  units: { added: number; total: number };
  users: { added: number; total: number };
  categories: { added: number; total: number };
  rules: { added: number; total: number };
}

const BATCH = 1000;

/**
 * Seeds the demo county, idempotently: records are matched by code (username for users), what
 * exists is left as it is, what is missing is added. One transaction: a failure leaves nothing.
 */
export async function seedDemo(
  dataSource: DataSource,
  options: { password: string },
  county: DemoCounty = generateDemoCounty(),
): Promise<SeedReport> {
  // one hash for every demo user: the demo password is shared anyway, and hashing thousands would take minutes
  const passwordHash = await argon2.hash(options.password);
  return dataSource.transaction(async (manager) => {
    const areas = await seedAreas(manager, county);
    const units = await seedUnits(manager, county);
    const users = await seedUsers(manager, county, passwordHash);
    const categories = await seedCategories(manager);
    const rules = await seedRules(manager, county);
    return { areas, units, users, categories, rules };
  });
}

export async function isDatabaseEmpty(dataSource: DataSource): Promise<boolean> {
  return (await dataSource.getRepository(User).count()) === 0;
}

async function codeToId(manager: EntityManager, table: 'areas' | 'units'): Promise<Map<string, number>> {
  const rows = (await manager.query(`SELECT id, code FROM ${table}`)) as { id: number; code: string }[];
  return new Map(rows.map((r) => [r.code, Number(r.id)]));
}

async function insertInBatches<T extends object>(
  manager: EntityManager,
  entity: new () => T,
  rows: T[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(i, i + BATCH))
      .updateEntity(false)
      .execute();
  }
}

/** Inserts parents before children (the lists are in tree order per level), then fills paths level by level. */
async function seedAreas(manager: EntityManager, county: DemoCounty): Promise<{ added: number; total: number }> {
  let ids = await codeToId(manager, 'areas');
  let added = 0;
  for (const level of ['county', 'township', 'village', 'grid'] as const) {
    const missing = county.areas.filter((a) => a.level === level && !ids.has(a.code));
    const rows = missing.map((a) => {
      const parentId = a.parentCode ? ids.get(a.parentCode) : null;
      if (parentId === undefined)
        throw new Error(`Demo area ${a.code} names a parent ${a.parentCode} that does not exist`);
      return Object.assign(new Area(), { code: a.code, name: a.name, level, parentId, aliases: a.aliases, path: '/' });
    });
    await insertInBatches(manager, Area, rows);
    added += rows.length;
    ids = await codeToId(manager, 'areas');
    await manager.query(
      level === 'county'
        ? "UPDATE areas SET path = CONCAT('/', id, '/') WHERE parent_id IS NULL AND path = '/'"
        : "UPDATE areas c JOIN areas p ON p.id = c.parent_id SET c.path = CONCAT(p.path, c.id, '/') WHERE c.level = ? AND c.path = '/'",
      [level],
    );
  }
  return { added, total: ids.size };
}

async function seedUnits(manager: EntityManager, county: DemoCounty): Promise<{ added: number; total: number }> {
  const areaIds = await codeToId(manager, 'areas');
  let ids = await codeToId(manager, 'units');
  let added = 0;
  // parents first: a unit's depth in the unit tree
  const depth = new Map<string, number>();
  const byCode = new Map(county.units.map((u) => [u.code, u]));
  const depthOf = (code: string): number => {
    const known = depth.get(code);
    if (known !== undefined) return known;
    const parent = byCode.get(code)?.parentCode;
    const d = parent ? depthOf(parent) + 1 : 0;
    depth.set(code, d);
    return d;
  };
  const maxDepth = Math.max(...county.units.map((u) => depthOf(u.code)));
  for (let d = 0; d <= maxDepth; d++) {
    const missing = county.units.filter((u) => depthOf(u.code) === d && !ids.has(u.code));
    const rows = missing.map((u) => {
      const parentId = u.parentCode ? ids.get(u.parentCode) : null;
      const areaId = u.areaCode ? areaIds.get(u.areaCode) : null;
      if (parentId === undefined || areaId === undefined)
        throw new Error(`Demo unit ${u.code} names a parent or area that does not exist`);
      return Object.assign(new Unit(), {
        code: u.code,
        name: u.name,
        kind: u.kind,
        parentId,
        areaId,
        path: '/',
        active: true,
      });
    });
    await insertInBatches(manager, Unit, rows);
    added += rows.length;
    ids = await codeToId(manager, 'units');
    await manager.query(
      d === 0
        ? "UPDATE units SET path = CONCAT('/', id, '/') WHERE parent_id IS NULL AND path = '/'"
        : "UPDATE units c JOIN units p ON p.id = c.parent_id SET c.path = CONCAT(p.path, c.id, '/') WHERE c.path = '/' AND p.path <> '/'",
    );
  }
  return { added, total: ids.size };
}

async function seedUsers(
  manager: EntityManager,
  county: DemoCounty,
  passwordHash: string,
): Promise<{ added: number; total: number }> {
  const unitIds = await codeToId(manager, 'units');
  const existing = new Set(
    ((await manager.query('SELECT username FROM users')) as { username: string }[]).map((r) => r.username),
  );
  const rows = county.users
    .filter((u) => !existing.has(u.username))
    .map((u) => {
      const unitId = u.unitCode ? unitIds.get(u.unitCode) : null;
      if (unitId === undefined)
        throw new Error(`Demo user ${u.username} names a unit ${u.unitCode} that does not exist`);
      return Object.assign(new User(), {
        username: u.username,
        displayName: u.displayName,
        roles: u.roles,
        unitId,
        passwordHash,
        active: true,
      });
    });
  await insertInBatches(manager, User, rows);
  return { added: rows.length, total: existing.size + rows.length };
}

// --- Categories and responsibility rules (the catalog and responsibility modules) ---

/** Categories from category-tree.data.ts, matched by code; parents first, then paths and depths. */
export async function seedCategories(
  manager: EntityManager,
  tree: readonly DemoCategory[] = demoCategories,
): Promise<{ added: number; total: number }> {
  const unitIds = await codeToId(manager, 'units');
  const byCode = new Map(tree.map((c) => [c.code, c]));
  const depthOf = (c: DemoCategory): number => {
    let depth = 0;
    for (let p = c.parentCode; p; p = byCode.get(p)?.parentCode ?? null) depth++;
    return depth;
  };
  const categoryIds = async (): Promise<Map<string, number>> =>
    new Map(
      (await manager.query<{ id: number; code: string }[]>('SELECT id, code FROM categories')).map((r) => [
        r.code,
        Number(r.id),
      ]),
    );
  let ids = await categoryIds();
  let added = 0;
  const maxDepth = Math.max(0, ...tree.map(depthOf));
  for (let depth = 0; depth <= maxDepth; depth++) {
    const rows = tree
      .filter((c) => depthOf(c) === depth && !ids.has(c.code))
      .map((c) => {
        const parentId = c.parentCode ? ids.get(c.parentCode) : null;
        const defaultUnitId = c.defaultUnitCode ? unitIds.get(c.defaultUnitCode) : null;
        if (parentId === undefined || defaultUnitId === undefined)
          throw new Error(`Demo category ${c.code} names a parent or default unit that does not exist`);
        return Object.assign(new Category(), {
          code: c.code,
          name: c.name,
          parentId,
          path: '/',
          depth,
          territorial: c.territorial,
          defaultUnitId,
          keywords: c.keywords,
          active: true,
        });
      });
    await insertInBatches(manager, Category, rows);
    added += rows.length;
    ids = await categoryIds();
    await manager.query(
      depth === 0
        ? "UPDATE categories SET path = CONCAT('/', id, '/') WHERE parent_id IS NULL AND path = '/'"
        : "UPDATE categories c JOIN categories p ON p.id = c.parent_id SET c.path = CONCAT(p.path, c.id, '/') WHERE c.depth = ? AND c.path = '/'",
      [depth],
    );
  }
  return { added, total: ids.size };
}

/**
 * The demo responsibility lists (demo-rules.generator.ts), only into an empty rules table: once an
 * admin has edited the lists, a new seed run must not bring deleted demo rules back.
 */
export async function seedRules(manager: EntityManager, county: DemoCounty): Promise<{ added: number; total: number }> {
  const existing = await manager.count(ResponsibilityRule);
  if (existing > 0) return { added: 0, total: existing };
  const lookups = await loadLookups(manager);
  const drafts = demoRules(county.areas, county.units, demoCategories).map((r): RuleDraft => {
    const category = lookups.categoryByCode(r.categoryCode);
    const area = r.areaCode === null ? null : lookups.areaByCode(r.areaCode);
    const unitId = (code: string): number => {
      const unit = lookups.unitByCode(code);
      if (!unit) throw new Error(`Demo rule names a unit ${code} that does not exist`);
      return unit.id;
    };
    if (!category || area === undefined) throw new Error(`Demo rule ${r.categoryCode} @ ${r.areaCode} is dangling`);
    const draft: RuleDraft = {
      categoryId: category.id,
      areaId: area?.id ?? null,
      targetKind: r.target.kind,
      targetUnitId: r.target.kind === 'unit' ? unitId(r.target.unitCode) : null,
      targetLevel: r.target.kind === 'territorial' ? r.target.level : null,
      coHandlerUnitIds: r.coHandlerUnitCodes.map(unitId),
      priority: r.priority,
      validFrom: r.validFrom,
      validTo: r.validTo,
      sourceDocument: r.sourceDocument,
      active: true,
    };
    const problem = checkRule(draft, { category, areaExists: true, unit: (id) => lookups.unitById(id) });
    if (problem) throw new Error(`Demo rule ${r.categoryCode} @ ${r.areaCode}: ${problem.message}`);
    return draft;
  });
  await insertInBatches(
    manager,
    ResponsibilityRule,
    drafts.map((d) => Object.assign(new ResponsibilityRule(), { ...d, version: 1, createdBy: null, updatedBy: null })),
  );
  // every rule starts with its version 1 row, as one made through the API would
  const rules = await manager.find(ResponsibilityRule, { order: { id: 'ASC' } });
  await insertInBatches(
    manager,
    ResponsibilityRuleVersion,
    rules.map((rule) =>
      Object.assign(new ResponsibilityRuleVersion(), {
        ruleId: rule.id,
        version: rule.version,
        snapshot: JSON.parse(JSON.stringify(rule)) as Record<string, unknown>,
        changeKind: 'create',
        changedBy: null,
      }),
    ),
  );
  return { added: rules.length, total: rules.length };
}
