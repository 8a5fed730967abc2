// Writes of responsibility rules with their version rows, and the look-ups by id and code that the
// checks and the CSV need; shared by the admin API, the import and the CLI (plain EntityManager).

import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { RuleDraft, UnitFacts } from './rule-checks';
import type { RuleLookups } from './rule-csv';
import type { StoredRule } from './rule-import-diff';
import type { UnitKind } from './rule-resolver';
import { ResponsibilityRule } from './responsibility-rule.entity';
import { ResponsibilityRuleVersion, RuleChangeKind } from './responsibility-rule-version.entity';

interface CategoryFacts {
  id: number;
  code: string;
  territorial: boolean;
}

export async function loadLookups(manager: EntityManager): Promise<RuleLookups> {
  const [categories, areas, units] = await Promise.all([
    manager.query<{ id: number; code: string; territorial: number | boolean }[]>(
      'SELECT id, code, territorial FROM categories',
    ),
    manager.query<{ id: number; code: string }[]>('SELECT id, code FROM areas'),
    manager.query<{ id: number; code: string; kind: UnitKind; active: number | boolean }[]>(
      'SELECT id, code, kind, active FROM units',
    ),
  ]);
  const cats: CategoryFacts[] = categories.map((c) => ({
    id: Number(c.id),
    code: c.code,
    territorial: Boolean(Number(c.territorial)),
  }));
  const areaList = areas.map((a) => ({ id: Number(a.id), code: a.code }));
  const unitList: UnitFacts[] = units.map((u) => ({
    id: Number(u.id),
    code: u.code,
    kind: u.kind,
    active: Boolean(Number(u.active)),
  }));
  const index = <T, K>(rows: T[], key: (r: T) => K): Map<K, T> => new Map(rows.map((r) => [key(r), r]));
  const catById = index(cats, (c) => c.id);
  const catByCode = index(cats, (c) => c.code);
  const areaById = index(areaList, (a) => a.id);
  const areaByCode = index(areaList, (a) => a.code);
  const unitById = index(unitList, (u) => u.id);
  const unitByCode = index(unitList, (u) => u.code);
  return {
    categoryById: (id) => catById.get(id),
    categoryByCode: (code) => catByCode.get(code),
    areaById: (id) => areaById.get(id),
    areaByCode: (code) => areaByCode.get(code),
    unitById: (id) => unitById.get(id),
    unitByCode: (code) => unitByCode.get(code),
  };
}

export function draftOf(rule: ResponsibilityRule): RuleDraft {
  return {
    categoryId: rule.categoryId,
    areaId: rule.areaId,
    targetKind: rule.targetKind,
    targetUnitId: rule.targetUnitId,
    targetLevel: rule.targetLevel,
    coHandlerUnitIds: rule.coHandlerUnitIds,
    priority: rule.priority,
    validFrom: rule.validFrom,
    validTo: rule.validTo,
    sourceDocument: rule.sourceDocument,
    active: rule.active,
  };
}

export function storedOf(rule: ResponsibilityRule): StoredRule {
  return { ...draftOf(rule), id: rule.id, version: rule.version };
}

/** Every rule, or those of one category; `lock` takes the rows (and the gaps between them) for the transaction. */
export function loadRules(
  manager: EntityManager,
  options: { categoryId?: number; lock?: boolean } = {},
): Promise<ResponsibilityRule[]> {
  const qb = manager.getRepository(ResponsibilityRule).createQueryBuilder('r').orderBy('r.id', 'ASC');
  if (options.categoryId !== undefined) qb.where('r.category_id = :c', { c: options.categoryId });
  if (options.lock) qb.setLock('pessimistic_write');
  return qb.getMany();
}

async function recordVersion(
  manager: EntityManager,
  rule: ResponsibilityRule,
  kind: RuleChangeKind,
  userId: number | null,
): Promise<void> {
  // dates as ISO strings, as they read back from the JSON column
  const snapshot = JSON.parse(JSON.stringify(rule)) as Record<string, unknown>;
  const row = {
    ruleId: rule.id,
    version: rule.version,
    snapshot,
    changeKind: kind,
    changedBy: userId,
  } as QueryDeepPartialEntity<ResponsibilityRuleVersion>;
  await manager.insert(ResponsibilityRuleVersion, row);
}

export async function insertRule(
  manager: EntityManager,
  draft: RuleDraft,
  kind: RuleChangeKind,
  userId: number | null,
): Promise<ResponsibilityRule> {
  const inserted = await manager.insert(ResponsibilityRule, {
    ...draft,
    version: 1,
    createdBy: userId,
    updatedBy: userId,
  });
  const rule = await manager.findOneByOrFail(ResponsibilityRule, { id: Number(inserted.identifiers[0]?.id) });
  await recordVersion(manager, rule, kind, userId);
  return rule;
}

/** Applies the draft as the rule's next version and records it. */
export async function updateRule(
  manager: EntityManager,
  before: ResponsibilityRule,
  draft: RuleDraft,
  kind: RuleChangeKind,
  userId: number | null,
): Promise<ResponsibilityRule> {
  await manager.update(
    ResponsibilityRule,
    { id: before.id },
    { ...draft, version: before.version + 1, updatedBy: userId },
  );
  const rule = await manager.findOneByOrFail(ResponsibilityRule, { id: before.id });
  await recordVersion(manager, rule, kind, userId);
  return rule;
}
