// What importing a list file would do, as a pure function. The file is the complete list: every
// line is added or matched to a stored rule (same category, area, priority and valid_from), and an
// active stored rule that no line matches is a removal (it will be deactivated, never deleted).

import { isTie, RuleDraft } from './rule-checks';
import { FileRule, ruleKey } from './rule-csv';

export interface StoredRule extends RuleDraft {
  id: number;
  version: number;
}

export type ChangedField = 'target' | 'coHandlers' | 'validTo' | 'sourceDocument' | 'active';

export interface RuleChange {
  line: number;
  rule: StoredRule;
  next: RuleDraft;
  fields: ChangedField[];
}

export interface ImportConflict {
  lines: [number, number];
}

export interface ImportPlan {
  adds: FileRule[];
  changes: RuleChange[];
  removals: StoredRule[];
  unchanged: number;
  conflicts: ImportConflict[];
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  const sortedB = [...b].sort((x, y) => x - y);
  return [...a].sort((x, y) => x - y).every((v, i) => v === sortedB[i]);
}

export function changedFields(stored: RuleDraft, next: RuleDraft): ChangedField[] {
  const fields: ChangedField[] = [];
  if (
    stored.targetKind !== next.targetKind ||
    stored.targetUnitId !== next.targetUnitId ||
    stored.targetLevel !== next.targetLevel
  )
    fields.push('target');
  if (!sameIds(stored.coHandlerUnitIds, next.coHandlerUnitIds)) fields.push('coHandlers');
  if (stored.validTo !== next.validTo) fields.push('validTo');
  if (stored.sourceDocument !== next.sourceDocument) fields.push('sourceDocument');
  if (stored.active !== next.active) fields.push('active');
  return fields;
}

/** Pairs of active lines the resolver could not choose between on some day. */
export function fileConflicts(rules: readonly FileRule[]): ImportConflict[] {
  const groups = new Map<string, FileRule[]>();
  for (const r of rules) {
    if (!r.draft.active) continue;
    const key = `${r.draft.categoryId}|${r.draft.areaId ?? ''}|${r.draft.priority}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const conflicts: ImportConflict[] = [];
  for (const group of groups.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i];
        const b = group[j];
        if (isTie(a.draft, b.draft)) conflicts.push({ lines: [a.line, b.line] });
      }
    }
  }
  return conflicts.sort((x, y) => x.lines[0] - y.lines[0] || x.lines[1] - y.lines[1]);
}

export function diffRules(stored: readonly StoredRule[], file: readonly FileRule[]): ImportPlan {
  // several stored rules may share a key (one deactivated, then made again): match the active one, else the newest
  const byKey = new Map<string, StoredRule>();
  for (const rule of stored) {
    const key = ruleKey(rule);
    const held = byKey.get(key);
    if (!held || (rule.active && !held.active) || (rule.active === held.active && rule.id > held.id))
      byKey.set(key, rule);
  }
  const matched = new Set<number>();
  const plan: ImportPlan = { adds: [], changes: [], removals: [], unchanged: 0, conflicts: fileConflicts(file) };
  for (const line of file) {
    const rule = byKey.get(ruleKey(line.draft));
    if (!rule) {
      plan.adds.push(line);
      continue;
    }
    matched.add(rule.id);
    const fields = changedFields(rule, line.draft);
    if (fields.length === 0) plan.unchanged++;
    else plan.changes.push({ line: line.line, rule, next: line.draft, fields });
  }
  plan.removals = stored.filter((r) => r.active && !matched.has(r.id)).sort((a, b) => a.id - b.id);
  return plan;
}
