// The rules a responsibility rule must obey, as pure functions shared by the admin API and the CSV
// import, so both refuse the same things with the same codes.

import type { RuleInput, UnitKind } from './rule-resolver';

/** A rule as an admin or an import line proposes it: a stored rule without its id and version. */
export type RuleDraft = Omit<RuleInput, 'id' | 'version'>;

export interface RuleProblem {
  code:
    | 'RULE_CATEGORY_NOT_FOUND'
    | 'RULE_AREA_NOT_FOUND'
    | 'RULE_TARGET_INVALID'
    | 'RULE_TARGET_UNIT_INVALID'
    | 'RULE_TARGET_CENTRE'
    | 'RULE_DEPARTMENT_TO_VILLAGE'
    | 'RULE_CO_HANDLER_INVALID'
    | 'RULE_VALIDITY_INVALID';
  field: string;
  message: string;
}

export interface UnitFacts {
  id: number;
  code: string;
  kind: UnitKind;
  active: boolean;
}

export interface CheckContext {
  category: { id: number; code: string; territorial: boolean } | undefined;
  areaExists: boolean;
  unit: (id: number) => UnitFacts | undefined;
}

export const MAX_CO_HANDLERS = 20;
const LOCAL_KINDS: readonly UnitKind[] = ['village', 'grid_station'];

/** A real calendar date written YYYY-MM-DD (2024-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** The first thing wrong with the draft, or null. */
export function checkRule(draft: RuleDraft, ctx: CheckContext): RuleProblem | null {
  const problem = (code: RuleProblem['code'], field: string, message: string): RuleProblem => ({
    code,
    field,
    message,
  });
  const { category } = ctx;
  if (!category) return problem('RULE_CATEGORY_NOT_FOUND', 'categoryId', `No category with id ${draft.categoryId}`);
  if (draft.areaId !== null && !ctx.areaExists)
    return problem('RULE_AREA_NOT_FOUND', 'areaId', `No area with id ${draft.areaId}`);

  if (draft.targetKind === 'unit') {
    if (draft.targetUnitId === null || draft.targetLevel !== null)
      return problem('RULE_TARGET_INVALID', 'targetUnitId', 'A unit target names targetUnitId and no targetLevel');
    const unit = ctx.unit(draft.targetUnitId);
    if (!unit?.active)
      return problem('RULE_TARGET_UNIT_INVALID', 'targetUnitId', `No active unit with id ${draft.targetUnitId}`);
    if (unit.kind === 'centre')
      return problem(
        'RULE_TARGET_CENTRE',
        'targetUnitId',
        'The hotline centre dispatches tickets; it cannot be a target',
      );
    if (!category.territorial && LOCAL_KINDS.includes(unit.kind)) {
      return problem(
        'RULE_DEPARTMENT_TO_VILLAGE',
        'targetUnitId',
        `${category.code} is a department matter: it may not go to a ${unit.kind.replace('_', ' ')} (${unit.code})`,
      );
    }
  } else {
    if (draft.targetLevel === null || draft.targetUnitId !== null)
      return problem(
        'RULE_TARGET_INVALID',
        'targetLevel',
        'A territorial target names targetLevel and no targetUnitId',
      );
    if (!category.territorial && draft.targetLevel !== 'township') {
      return problem(
        'RULE_DEPARTMENT_TO_VILLAGE',
        'targetLevel',
        `${category.code} is a department matter: it may go to the township of the place, not the ${draft.targetLevel.replace('_', ' ')}`,
      );
    }
  }

  const seen = new Set<number>();
  for (const id of draft.coHandlerUnitIds) {
    const unit = ctx.unit(id);
    if (seen.has(id) || id === draft.targetUnitId || !unit?.active || unit.kind === 'centre') {
      return problem(
        'RULE_CO_HANDLER_INVALID',
        'coHandlerUnitIds',
        `Co-handler ${id} must be an active unit other than the centre, the target or another co-handler`,
      );
    }
    seen.add(id);
  }
  if (draft.coHandlerUnitIds.length > MAX_CO_HANDLERS)
    return problem('RULE_CO_HANDLER_INVALID', 'coHandlerUnitIds', `At most ${MAX_CO_HANDLERS} co-handlers`);

  if (!isCalendarDate(draft.validFrom))
    return problem('RULE_VALIDITY_INVALID', 'validFrom', `validFrom ${draft.validFrom} is not a date`);
  if (draft.validTo !== null && !isCalendarDate(draft.validTo))
    return problem('RULE_VALIDITY_INVALID', 'validTo', `validTo ${draft.validTo} is not a date`);
  if (draft.validTo !== null && draft.validTo < draft.validFrom)
    return problem(
      'RULE_VALIDITY_INVALID',
      'validTo',
      `validTo ${draft.validTo} is before validFrom ${draft.validFrom}`,
    );
  return null;
}

type TieFields = Pick<RuleDraft, 'categoryId' | 'areaId' | 'priority' | 'validFrom' | 'validTo' | 'active'>;

/** Whether two validity periods share a day (null = open-ended). Dates compare as YYYY-MM-DD strings. */
export function validityOverlaps(
  a: Pick<TieFields, 'validFrom' | 'validTo'>,
  b: Pick<TieFields, 'validFrom' | 'validTo'>,
): boolean {
  return (a.validTo === null || b.validFrom <= a.validTo) && (b.validTo === null || a.validFrom <= b.validTo);
}

/**
 * An exact tie: the resolver could not choose between the two rules on some day (same category,
 * same area, same priority, both active, validity overlapping).
 */
export function isTie(a: TieFields, b: TieFields): boolean {
  return (
    a.active &&
    b.active &&
    a.categoryId === b.categoryId &&
    a.areaId === b.areaId &&
    a.priority === b.priority &&
    validityOverlaps(a, b)
  );
}
