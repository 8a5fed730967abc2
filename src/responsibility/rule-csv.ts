// The CSV form of the responsibility lists. One line a rule:
//   category_code,area_code,target,co_handlers,priority,valid_from,valid_to,source_document,active
// target: a unit code, or territorial:township|village|grid_station; area_code empty: everywhere;
// co_handlers: unit codes separated by ';'; valid_to empty: open-ended; active: true|false.

import { parseCsv, CsvSyntaxError, formatCsv } from './csv';
import { TERRITORIAL_LEVELS, TerritorialLevel } from './responsibility-rule.entity';
import { checkRule, RuleDraft, UnitFacts } from './rule-checks';

export const RULE_CSV_COLUMNS = [
  'category_code',
  'area_code',
  'target',
  'co_handlers',
  'priority',
  'valid_from',
  'valid_to',
  'source_document',
  'active',
] as const;
type Column = (typeof RULE_CSV_COLUMNS)[number];

export interface RuleLookups {
  categoryByCode(code: string): { id: number; code: string; territorial: boolean } | undefined;
  categoryById(id: number): { id: number; code: string; territorial: boolean } | undefined;
  areaByCode(code: string): { id: number; code: string } | undefined;
  areaById(id: number): { id: number; code: string } | undefined;
  unitByCode(code: string): UnitFacts | undefined;
  unitById(id: number): UnitFacts | undefined;
}

/** A rule as the CSV states it, with codes: what reports show a person. */
export interface CsvRuleView {
  categoryCode: string;
  areaCode: string | null;
  target: string;
  coHandlers: string[];
  priority: number;
  validFrom: string;
  validTo: string | null;
  sourceDocument: string;
  active: boolean;
}

export interface FileRule {
  line: number;
  draft: RuleDraft;
}

export interface LineError {
  line: number;
  field: string | null;
  code: string;
  message: string;
}

/** Two lines (or a line and a stored rule) are the same rule when these agree. */
export function ruleKey(r: Pick<RuleDraft, 'categoryId' | 'areaId' | 'priority' | 'validFrom'>): string {
  return `${r.categoryId}|${r.areaId ?? ''}|${r.priority}|${r.validFrom}`;
}

const MAX_PRIORITY = 1_000_000;
const ACTIVE_WORDS: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, yes: true, no: false };

export function parseRuleFile(text: string, lookups: RuleLookups): { rules: FileRule[]; errors: LineError[] } {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    return { rules: [], errors: [{ line: error.line, field: null, code: 'CSV_SYNTAX', message: error.message }] };
  }
  const [header, ...rows] = records;
  const names = header?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  const missing = RULE_CSV_COLUMNS.filter((c) => !names.includes(c));
  if (!header || missing.length > 0 || names.length !== RULE_CSV_COLUMNS.length) {
    return {
      rules: [],
      errors: [
        {
          line: header?.line ?? 1,
          field: null,
          code: 'CSV_HEADER',
          message: `The first line must name the columns ${RULE_CSV_COLUMNS.join(',')}`,
        },
      ],
    };
  }
  const at = new Map(names.map((n, i) => [n as Column, i]));
  const rules: FileRule[] = [];
  const errors: LineError[] = [];
  const firstLineOfKey = new Map<string, number>();
  for (const record of rows) {
    if (record.fields.length !== RULE_CSV_COLUMNS.length) {
      errors.push({
        line: record.line,
        field: null,
        code: 'CSV_COLUMNS',
        message: `${record.fields.length} fields; every line needs ${RULE_CSV_COLUMNS.length}`,
      });
      continue;
    }
    const get = (c: Column): string => record.fields[at.get(c) as number].trim();
    const parsed = draftOf(get, lookups);
    if ('code' in parsed) {
      errors.push({ line: record.line, ...parsed });
      continue;
    }
    const key = ruleKey(parsed);
    const first = firstLineOfKey.get(key);
    if (first !== undefined) {
      errors.push({
        line: record.line,
        field: null,
        code: 'RULE_DUPLICATE_LINE',
        message: `Same category, area, priority and valid_from as line ${first}`,
      });
      continue;
    }
    firstLineOfKey.set(key, record.line);
    rules.push({ line: record.line, draft: parsed });
  }
  return { rules, errors };
}

function draftOf(get: (c: Column) => string, lookups: RuleLookups): RuleDraft | Omit<LineError, 'line'> {
  const fail = (code: string, field: Column, message: string): Omit<LineError, 'line'> => ({ code, field, message });
  const category = lookups.categoryByCode(get('category_code'));
  if (!category)
    return fail('RULE_CATEGORY_NOT_FOUND', 'category_code', `No category ${get('category_code') || '(empty)'}`);
  const areaCode = get('area_code');
  const area = areaCode ? lookups.areaByCode(areaCode) : null;
  if (area === undefined) return fail('RULE_AREA_NOT_FOUND', 'area_code', `No area ${areaCode}`);

  const target = get('target');
  let targetUnitId: number | null = null;
  let targetLevel: TerritorialLevel | null = null;
  if (target.startsWith('territorial:')) {
    const level = TERRITORIAL_LEVELS.find((l) => `territorial:${l}` === target);
    if (!level)
      return fail('RULE_TARGET_INVALID', 'target', `${target}: the levels are ${TERRITORIAL_LEVELS.join(', ')}`);
    targetLevel = level;
  } else {
    const unit = lookups.unitByCode(target);
    if (!unit) return fail('RULE_TARGET_UNIT_INVALID', 'target', `No unit ${target || '(empty)'}`);
    targetUnitId = unit.id;
  }
  const coHandlerUnitIds: number[] = [];
  for (const code of get('co_handlers')
    .split(';')
    .map((c) => c.trim())
    .filter(Boolean)) {
    const unit = lookups.unitByCode(code);
    if (!unit) return fail('RULE_CO_HANDLER_INVALID', 'co_handlers', `No unit ${code}`);
    coHandlerUnitIds.push(unit.id);
  }
  const priorityText = get('priority');
  const priority = Number(priorityText);
  if (!/^-?\d+$/.test(priorityText) || Math.abs(priority) > MAX_PRIORITY)
    return fail('RULE_PRIORITY_INVALID', 'priority', `priority must be a whole number up to ${MAX_PRIORITY}`);
  const sourceDocument = get('source_document');
  if (sourceDocument.length < 1 || sourceDocument.length > 300)
    return fail('RULE_SOURCE_DOCUMENT_INVALID', 'source_document', 'source_document must be 1-300 characters');
  const activeText = get('active').toLowerCase();
  const active = activeText === '' ? true : ACTIVE_WORDS[activeText];
  if (active === undefined) return fail('RULE_ACTIVE_INVALID', 'active', 'active must be true or false');

  const draft: RuleDraft = {
    categoryId: category.id,
    areaId: area?.id ?? null,
    targetKind: targetLevel ? 'territorial' : 'unit',
    targetUnitId,
    targetLevel,
    coHandlerUnitIds,
    priority,
    validFrom: get('valid_from'),
    validTo: get('valid_to') || null,
    sourceDocument,
    active,
  };
  const problem = checkRule(draft, {
    category,
    areaExists: true,
    unit: (id) => lookups.unitById(id),
  });
  if (problem) {
    const field: Record<string, Column> = {
      validFrom: 'valid_from',
      validTo: 'valid_to',
      coHandlerUnitIds: 'co_handlers',
      targetUnitId: 'target',
      targetLevel: 'target',
    };
    return { code: problem.code, field: field[problem.field] ?? null, message: problem.message };
  }
  return draft;
}

export function csvViewOf(draft: RuleDraft, lookups: RuleLookups): CsvRuleView {
  const unitCode = (id: number): string => lookups.unitById(id)?.code ?? `#${id}`;
  return {
    categoryCode: lookups.categoryById(draft.categoryId)?.code ?? `#${draft.categoryId}`,
    areaCode: draft.areaId === null ? null : (lookups.areaById(draft.areaId)?.code ?? `#${draft.areaId}`),
    target:
      draft.targetKind === 'territorial' ? `territorial:${draft.targetLevel ?? ''}` : unitCode(draft.targetUnitId ?? 0),
    coHandlers: draft.coHandlerUnitIds.map(unitCode),
    priority: draft.priority,
    validFrom: draft.validFrom,
    validTo: draft.validTo,
    sourceDocument: draft.sourceDocument,
    active: draft.active,
  };
}

/** The rules as a CSV file with its header, sorted so two exports of the same lists are the same bytes. */
export function formatRuleFile(drafts: readonly RuleDraft[], lookups: RuleLookups): string {
  const views = drafts.map((d) => csvViewOf(d, lookups));
  views.sort(
    (a, b) =>
      a.categoryCode.localeCompare(b.categoryCode) ||
      (a.areaCode ?? '').localeCompare(b.areaCode ?? '') ||
      a.priority - b.priority ||
      a.validFrom.localeCompare(b.validFrom),
  );
  const rows = views.map((v) => [
    v.categoryCode,
    v.areaCode ?? '',
    v.target,
    v.coHandlers.join(';'),
    String(v.priority),
    v.validFrom,
    v.validTo ?? '',
    v.sourceDocument,
    v.active ? 'true' : 'false',
  ]);
  // the BOM lets Excel, which admins open these lists in, read the Chinese as UTF-8; the reader skips it
  return '\uFEFF' + formatCsv([[...RULE_CSV_COLUMNS], ...rows]);
}
