import * as argon2 from 'argon2';
import { DataSource, EntityManager } from 'typeorm';
import { Area } from '../org/area.entity';
import { Unit } from '../org/unit.entity';
import { User } from '../org/user.entity';
import { DemoCounty, generateDemoCounty } from './demo-county.generator';

export interface SeedReport {
  areas: { added: number; total: number };
  units: { added: number; total: number };
  users: { added: number; total: number };
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
    return { areas, units, users };
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
