/**
 * Whether a classified ticket can go out without a human, as a pure rule:
 * - an emergency never goes automatically (the agent hands it over to 110/119/120/122);
 * - a likely duplicate of the same caller waits for a person to confirm or refuse the merge;
 * - otherwise the category must be sure enough and the responsibility lists must name exactly one unit.
 */
export interface DispatchInput {
  emergency: { handOverTo: string; reason: string } | null;
  categoryConfidence: number;
  threshold: number;
  strongDuplicate: boolean;
  resolution: { unitId: number | null; coHandlerUnitIds: number[]; conflict: boolean } | null;
}

export type DispatchDecision =
  { kind: 'auto'; unitId: number; coHandlerUnitIds: number[] } | { kind: 'pool'; why: PoolReason };

export type PoolReason =
  'emergency' | 'possible_duplicate' | 'low_confidence' | 'no_area_or_category' | 'no_rule' | 'rule_conflict';

export function decideDispatch(input: DispatchInput): DispatchDecision {
  if (input.emergency) return { kind: 'pool', why: 'emergency' };
  if (input.strongDuplicate) return { kind: 'pool', why: 'possible_duplicate' };
  if (!input.resolution) return { kind: 'pool', why: 'no_area_or_category' };
  if (input.categoryConfidence < input.threshold) return { kind: 'pool', why: 'low_confidence' };
  if (input.resolution.conflict) return { kind: 'pool', why: 'rule_conflict' };
  if (input.resolution.unitId === null) return { kind: 'pool', why: 'no_rule' };
  return { kind: 'auto', unitId: input.resolution.unitId, coHandlerUnitIds: input.resolution.coHandlerUnitIds };
}

export const POOL_REASON_TEXT: Record<PoolReason, string> = {
  emergency: '疑似紧急事件，请话务员判断是否转 110/119/120/122',
  possible_duplicate: '同一来电人近期有相似工单，请确认是否合并',
  low_confidence: '分类置信度不足，需人工派单',
  no_area_or_category: '缺少事发地点或事项分类',
  no_rule: '权责清单未覆盖该事项与地点',
  rule_conflict: '权责清单存在冲突规则',
};
