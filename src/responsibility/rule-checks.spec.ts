import { checkRule, CheckContext, isCalendarDate, isTie, RuleDraft, UnitFacts } from './rule-checks';

const units: UnitFacts[] = [
  { id: 1, code: 'centre', kind: 'centre', active: true },
  { id: 2, code: 'dept-a', kind: 'department', active: true },
  { id: 3, code: 'dept-gone', kind: 'department', active: false },
  { id: 4, code: 'vl-1', kind: 'village', active: true },
  { id: 5, code: 'gs-1', kind: 'grid_station', active: true },
  { id: 6, code: 'tn-1', kind: 'township', active: true },
];
const ctx = (territorial: boolean): CheckContext => ({
  category: { id: 7, code: territorial ? 'urban.vending' : 'urban.ads', territorial },
  areaExists: true,
  unit: (id) => units.find((u) => u.id === id),
});
const draft = (fields: Partial<RuleDraft> = {}): RuleDraft => ({
  categoryId: 7,
  areaId: null,
  targetKind: 'unit',
  targetUnitId: 2,
  targetLevel: null,
  coHandlerUnitIds: [],
  priority: 10,
  validFrom: '2024-01-01',
  validTo: null,
  sourceDocument: 'doc',
  active: true,
  ...fields,
});

describe(checkRule.name, () => {
  it('should accept a department rule and a territorial rule', () => {
    expect(checkRule(draft(), ctx(false))).toBeNull();
    expect(
      checkRule(draft({ targetKind: 'territorial', targetUnitId: null, targetLevel: 'village' }), ctx(true)),
    ).toBeNull();
    expect(checkRule(draft({ targetUnitId: 4 }), ctx(true))).toBeNull();
  });

  it('should refuse a department matter routed to a village or grid station, by unit or by level', () => {
    for (const d of [
      draft({ targetUnitId: 4 }),
      draft({ targetUnitId: 5 }),
      draft({ targetKind: 'territorial', targetUnitId: null, targetLevel: 'village' }),
      draft({ targetKind: 'territorial', targetUnitId: null, targetLevel: 'grid_station' }),
    ]) {
      expect(checkRule(d, ctx(false))?.code).toBe('RULE_DEPARTMENT_TO_VILLAGE');
    }
    expect(
      checkRule(draft({ targetKind: 'territorial', targetUnitId: null, targetLevel: 'township' }), ctx(false)),
    ).toBeNull();
  });

  it('should refuse the centre, unknown or inactive target units and mixed targets', () => {
    expect(checkRule(draft({ targetUnitId: 1 }), ctx(false))?.code).toBe('RULE_TARGET_CENTRE');
    expect(checkRule(draft({ targetUnitId: 3 }), ctx(false))?.code).toBe('RULE_TARGET_UNIT_INVALID');
    expect(checkRule(draft({ targetUnitId: 99 }), ctx(false))?.code).toBe('RULE_TARGET_UNIT_INVALID');
    expect(checkRule(draft({ targetLevel: 'township' }), ctx(false))?.code).toBe('RULE_TARGET_INVALID');
    expect(checkRule(draft({ targetKind: 'territorial', targetLevel: null }), ctx(false))?.code).toBe(
      'RULE_TARGET_INVALID',
    );
  });

  it('should refuse bad co-handlers: repeated, the target itself, inactive or the centre', () => {
    for (const ids of [[6, 6], [2], [3], [1], [42]]) {
      expect(checkRule(draft({ coHandlerUnitIds: ids }), ctx(false))?.code).toBe('RULE_CO_HANDLER_INVALID');
    }
    expect(checkRule(draft({ coHandlerUnitIds: [6] }), ctx(false))).toBeNull();
  });

  it('should refuse validTo before validFrom and dates that do not exist', () => {
    expect(checkRule(draft({ validTo: '2023-12-31' }), ctx(false))?.code).toBe('RULE_VALIDITY_INVALID');
    expect(checkRule(draft({ validFrom: '2024-02-30' }), ctx(false))?.code).toBe('RULE_VALIDITY_INVALID');
    expect(checkRule(draft({ validTo: '2024-01-01' }), ctx(false))).toBeNull();
  });

  it('should name a missing category or area', () => {
    expect(checkRule(draft(), { ...ctx(false), category: undefined })?.code).toBe('RULE_CATEGORY_NOT_FOUND');
    expect(checkRule(draft({ areaId: 5 }), { ...ctx(false), areaExists: false })?.code).toBe('RULE_AREA_NOT_FOUND');
  });
});

describe(isTie.name, () => {
  it('should be a tie only for the same category, area and priority, both active, validity overlapping', () => {
    const a = draft({ validFrom: '2024-01-01', validTo: '2024-12-31' });
    expect(isTie(a, draft({ validFrom: '2024-12-31' }))).toBe(true);
    expect(isTie(a, draft({ validFrom: '2025-01-01' }))).toBe(false);
    expect(isTie(a, draft({ priority: 11 }))).toBe(false);
    expect(isTie(a, draft({ areaId: 3 }))).toBe(false);
    expect(isTie(a, draft({ active: false }))).toBe(false);
    expect(isTie(draft(), draft({ validFrom: '2030-01-01' }))).toBe(true);
  });
});

describe(isCalendarDate.name, () => {
  it('should accept real dates only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2024-1-01')).toBe(false);
  });
});
