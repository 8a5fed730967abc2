import { decideDispatch, DispatchInput } from './dispatch-decision';

const sure: DispatchInput = {
  emergency: null,
  categoryConfidence: 0.95,
  threshold: 0.85,
  strongDuplicate: false,
  resolution: { unitId: 7, coHandlerUnitIds: [9], conflict: false },
};

describe('decideDispatch', () => {
  it('should dispatch automatically when the category is sure and one rule names a unit', () => {
    expect(decideDispatch(sure)).toEqual({ kind: 'auto', unitId: 7, coHandlerUnitIds: [9] });
  });

  it('should never dispatch an emergency, however sure', () => {
    expect(decideDispatch({ ...sure, emergency: { handOverTo: '119', reason: '火情' } })).toEqual({
      kind: 'pool',
      why: 'emergency',
    });
  });

  it('should send the unsure, the unruled, the conflicting and the likely duplicates to the pool', () => {
    expect(decideDispatch({ ...sure, categoryConfidence: 0.84 })).toMatchObject({ why: 'low_confidence' });
    expect(
      decideDispatch({ ...sure, resolution: { unitId: null, coHandlerUnitIds: [], conflict: false } }),
    ).toMatchObject({ why: 'no_rule' });
    expect(
      decideDispatch({ ...sure, resolution: { unitId: null, coHandlerUnitIds: [], conflict: true } }),
    ).toMatchObject({ why: 'rule_conflict' });
    expect(decideDispatch({ ...sure, resolution: null })).toMatchObject({ why: 'no_area_or_category' });
    expect(decideDispatch({ ...sure, strongDuplicate: true })).toMatchObject({ why: 'possible_duplicate' });
  });

  it('should dispatch at exactly the threshold', () => {
    expect(decideDispatch({ ...sure, categoryConfidence: 0.85 }).kind).toBe('auto');
  });
});
