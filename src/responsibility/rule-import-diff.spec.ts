import { formatRuleFile, parseRuleFile, RULE_CSV_COLUMNS, RuleLookups } from './rule-csv';
import { diffRules, StoredRule } from './rule-import-diff';
import type { UnitFacts } from './rule-checks';

const categories = [
  { id: 1, code: 'urban.vending', territorial: true },
  { id: 2, code: 'urban.ads', territorial: false },
];
const areas = [
  { id: 10, code: 'A' },
  { id: 11, code: 'B' },
];
const units: UnitFacts[] = [
  { id: 20, code: 'dept-urban', kind: 'department', active: true },
  { id: 21, code: 'tn-a', kind: 'township', active: true },
  { id: 22, code: 'dept-housing', kind: 'department', active: true },
  { id: 23, code: 'vl-a', kind: 'village', active: true },
];
const lookups: RuleLookups = {
  categoryByCode: (code) => categories.find((c) => c.code === code),
  categoryById: (id) => categories.find((c) => c.id === id),
  areaByCode: (code) => areas.find((a) => a.code === code),
  areaById: (id) => areas.find((a) => a.id === id),
  unitByCode: (code) => units.find((u) => u.code === code),
  unitById: (id) => units.find((u) => u.id === id),
};
const HEADER = RULE_CSV_COLUMNS.join(',');
const file = (...lines: string[]): string => [HEADER, ...lines].join('\n') + '\n';

const stored = (fields: Partial<StoredRule> & { id: number }): StoredRule => ({
  categoryId: 1,
  areaId: null,
  targetKind: 'territorial',
  targetUnitId: null,
  targetLevel: 'township',
  coHandlerUnitIds: [],
  priority: 10,
  validFrom: '2024-03-01',
  validTo: null,
  sourceDocument: '清单第1项',
  active: true,
  version: 1,
  ...fields,
});

describe(parseRuleFile.name, () => {
  it('should read every kind of target, empty area, co-handlers and defaults', () => {
    const { rules, errors } = parseRuleFile(
      file(
        'urban.vending,,territorial:township,dept-urban;dept-housing,10,2024-03-01,,"《清单》第1项, 附表",true',
        'urban.vending,A,dept-urban,tn-a,20,2023-10-01,2026-12-31,doc,',
        'urban.ads,,dept-urban,,10,2023-07-01,,doc,false',
      ),
      lookups,
    );
    expect(errors).toEqual([]);
    expect(rules.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(rules[0]?.draft).toMatchObject({
      categoryId: 1,
      areaId: null,
      targetKind: 'territorial',
      targetLevel: 'township',
      coHandlerUnitIds: [20, 22],
      sourceDocument: '《清单》第1项, 附表',
      active: true,
    });
    expect(rules[1]?.draft).toMatchObject({ areaId: 10, targetUnitId: 20, validTo: '2026-12-31', active: true });
    expect(rules[2]?.draft.active).toBe(false);
  });

  it('should report each bad line with its line number and go on with the others', () => {
    const { rules, errors } = parseRuleFile(
      file(
        'urban.nope,,dept-urban,,10,2024-01-01,,doc,true',
        'urban.ads,,territorial:village,,10,2024-01-01,,doc,true',
        '"urban.ads\nsplit",,dept-urban,,10,2024-01-01,,doc,true',
        'urban.ads,ZZ,dept-urban,,10,2024-01-01,,doc,true',
        'urban.ads,,dept-urban,,ten,2024-01-01,,doc,true',
        'urban.ads,,dept-urban,,10,2024-01-01,2023-01-01,doc,true',
        'urban.ads,,dept-urban,,10,2024-01-01,,doc',
        'urban.ads,,vl-a,,10,2024-01-01,,doc,true',
        'urban.ads,,dept-urban,,10,2024-01-01,,doc,maybe',
        'urban.vending,,territorial:village,,10,2024-01-01,,doc,true',
        'urban.vending,,territorial:township,,10,2024-01-01,,other doc,true',
      ),
      lookups,
    );
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'RULE_CATEGORY_NOT_FOUND'],
      [3, 'RULE_DEPARTMENT_TO_VILLAGE'],
      [4, 'RULE_CATEGORY_NOT_FOUND'],
      [6, 'RULE_AREA_NOT_FOUND'],
      [7, 'RULE_PRIORITY_INVALID'],
      [8, 'RULE_VALIDITY_INVALID'],
      [9, 'CSV_COLUMNS'],
      [10, 'RULE_DEPARTMENT_TO_VILLAGE'],
      [11, 'RULE_ACTIVE_INVALID'],
      [13, 'RULE_DUPLICATE_LINE'],
    ]);
    expect(errors.find((e) => e.line === 13)?.message).toMatch(/line 12/);
    expect(rules.map((r) => r.line)).toEqual([12]);
  });

  it('should refuse a file without the header, and a CSV syntax error, at their lines', () => {
    expect(parseRuleFile('a,b\n', lookups).errors[0]).toMatchObject({ line: 1, code: 'CSV_HEADER' });
    expect(parseRuleFile(file('"open'), lookups).errors[0]).toMatchObject({ line: 2, code: 'CSV_SYNTAX' });
  });

  it('should write a file that reads back to the same rules', () => {
    const { rules } = parseRuleFile(
      file(
        'urban.vending,,territorial:township,dept-urban,10,2024-03-01,,"say ""hi"", ok",true',
        'urban.ads,B,dept-housing,,20,2023-07-01,2030-01-01,doc,true',
      ),
      lookups,
    );
    const again = parseRuleFile(
      formatRuleFile(
        rules.map((r) => r.draft),
        lookups,
      ),
      lookups,
    );
    expect(again.errors).toEqual([]);
    expect(again.rules.map((r) => r.draft)).toEqual(rules.map((r) => r.draft).reverse());
  });
});

describe(diffRules.name, () => {
  const parse = (...lines: string[]) => parseRuleFile(file(...lines), lookups).rules;

  it('should find adds, changes, removals and unchanged lines', () => {
    const current = [
      stored({ id: 1 }),
      stored({
        id: 2,
        categoryId: 2,
        targetKind: 'unit',
        targetUnitId: 20,
        targetLevel: null,
        validFrom: '2023-07-01',
      }),
      stored({ id: 3, areaId: 10, priority: 20, targetKind: 'unit', targetUnitId: 20, targetLevel: null }),
      stored({ id: 4, areaId: 11, priority: 20, active: false }),
    ];
    const plan = diffRules(
      current,
      parse(
        'urban.vending,,territorial:township,,10,2024-03-01,,清单第1项,true',
        'urban.ads,,dept-housing,tn-a,10,2023-07-01,,清单第1项,true',
        'urban.vending,B,territorial:village,,30,2024-06-01,,new,true',
      ),
    );
    expect(plan.unchanged).toBe(1);
    expect(plan.changes).toEqual([expect.objectContaining({ line: 3, fields: ['target', 'coHandlers'] })]);
    expect(plan.changes[0]?.rule.id).toBe(2);
    expect(plan.adds.map((a) => a.line)).toEqual([4]);
    // rule 4 is already inactive: leaving it out of the file removes nothing
    expect(plan.removals.map((r) => r.id)).toEqual([3]);
    expect(plan.conflicts).toEqual([]);
  });

  it('should treat a line that deactivates or reactivates a stored rule as a change', () => {
    const plan = diffRules(
      [stored({ id: 1 }), stored({ id: 2, areaId: 10, active: false })],
      parse(
        'urban.vending,,territorial:township,,10,2024-03-01,,清单第1项,false',
        'urban.vending,A,territorial:township,,10,2024-03-01,,清单第1项,true',
      ),
    );
    expect(plan.changes.map((c) => [c.rule.id, c.fields])).toEqual([
      [1, ['active']],
      [2, ['active']],
    ]);
  });

  it('should match the active stored rule when an inactive one shares its key', () => {
    const plan = diffRules(
      [stored({ id: 1, active: false, sourceDocument: 'old' }), stored({ id: 2 })],
      parse('urban.vending,,territorial:township,,10,2024-03-01,,清单第1项,true'),
    );
    expect(plan).toMatchObject({ unchanged: 1, changes: [], adds: [], removals: [] });
  });

  it('should report ties between active lines with their line numbers, whatever is stored', () => {
    const plan = diffRules(
      [],
      parse(
        'urban.vending,,territorial:township,,10,2024-01-01,2024-12-31,a,true',
        'urban.vending,,territorial:township,,10,2024-06-01,,b,true',
        'urban.vending,,territorial:township,,10,2025-01-01,,c,true',
        'urban.vending,,territorial:township,,10,2023-01-01,,d,false',
      ),
    );
    expect(plan.conflicts).toEqual([{ lines: [2, 3] }, { lines: [3, 4] }]);
  });

  it('should compare co-handlers as a set', () => {
    const plan = diffRules(
      [stored({ id: 1, coHandlerUnitIds: [22, 20] })],
      parse('urban.vending,,territorial:township,dept-urban;dept-housing,10,2024-03-01,,清单第1项,true'),
    );
    expect(plan.unchanged).toBe(1);
  });
});
