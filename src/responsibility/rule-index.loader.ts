import { DataSource } from 'typeorm';
import { ResponsibilityRule } from './responsibility-rule.entity';
import type { AreaInput, CategoryInput, IndexInput, UnitInput } from './rule-resolver';

/** Everything the resolver's index needs, read in one go (about 5,000 areas and 10,000 rules at most). */
export async function loadIndexInput(dataSource: DataSource): Promise<IndexInput> {
  const [areas, units, categories, rules] = await Promise.all([
    dataSource.query<AreaInput[]>('SELECT id, code, name, level, parent_id AS parentId FROM areas'),
    dataSource.query<(Omit<UnitInput, 'active'> & { active: number | boolean })[]>(
      'SELECT id, code, name, kind, area_id AS areaId, active, path FROM units',
    ),
    dataSource.query<(Omit<CategoryInput, 'territorial'> & { territorial: number | boolean })[]>(
      'SELECT id, code, name, parent_id AS parentId, territorial FROM categories',
    ),
    // through the entity: it reads the JSON and DATE columns alike on MySQL and MariaDB
    dataSource.getRepository(ResponsibilityRule).find(),
  ]);
  const id = (v: number | null): number | null => (v === null ? null : Number(v));
  return {
    areas: areas.map((a) => ({ ...a, id: Number(a.id), parentId: id(a.parentId) })),
    units: units.map((u) => ({ ...u, id: Number(u.id), areaId: id(u.areaId), active: Boolean(Number(u.active)) })),
    categories: categories.map((c) => ({
      ...c,
      id: Number(c.id),
      parentId: id(c.parentId),
      territorial: Boolean(Number(c.territorial)),
    })),
    rules: rules.map((r) => ({
      id: r.id,
      categoryId: r.categoryId,
      areaId: r.areaId,
      targetKind: r.targetKind,
      targetUnitId: r.targetUnitId,
      targetLevel: r.targetLevel,
      coHandlerUnitIds: r.coHandlerUnitIds,
      priority: r.priority,
      validFrom: r.validFrom,
      validTo: r.validTo,
      sourceDocument: r.sourceDocument,
      active: r.active,
      version: r.version,
    })),
  };
}
