import { coverageAtPrecision, evaluatePredictions, ScoredPrediction } from './classifier-metrics.util';

const p = (truth: string, predicted: string, confidence = 0.5): ScoredPrediction => ({ truth, predicted, confidence });

describe(evaluatePredictions.name, () => {
  it('should compute accuracy, per-label figures and macro-F1 as worked out by hand', () => {
    // a: tp 2, fp 1, fn 1 → P 2/3, R 2/3, F1 2/3.  b: tp 1, fp 1, fn 1 → P 1/2, R 1/2, F1 1/2.
    // c: tp 1, fp 0, fn 0 → 1.  Macro-F1 = (2/3 + 1/2 + 1) / 3 = 13/18.
    const report = evaluatePredictions([p('a', 'a'), p('a', 'a'), p('a', 'b'), p('b', 'b'), p('b', 'a'), p('c', 'c')]);
    expect(report.n).toBe(6);
    expect(report.accuracy).toBeCloseTo(4 / 6, 10);
    expect(report.perLabel.a).toEqual({ precision: 2 / 3, recall: 2 / 3, f1: expect.closeTo(2 / 3, 10), support: 3 });
    expect(report.perLabel.b).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(report.perLabel.c).toEqual({ precision: 1, recall: 1, f1: 1, support: 1 });
    expect(report.macroF1).toBeCloseTo(13 / 18, 10);
  });

  it('should count a predicted label that never occurs as an F1 of 0 in the macro average', () => {
    const report = evaluatePredictions([p('a', 'a'), p('a', 'z')]);
    expect(report.perLabel.z).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    // a: P 1, R 1/2, F1 2/3; z: 0 → macro 1/3.
    expect(report.macroF1).toBeCloseTo(1 / 3, 10);
  });

  it('should report zeros, not NaN, for no input', () => {
    expect(evaluatePredictions([])).toEqual({
      n: 0,
      accuracy: 0,
      macroF1: 0,
      perLabel: {},
      threshold97: null,
      coverageAtPrecision97: 0,
    });
  });
});

describe(coverageAtPrecision.name, () => {
  it('should take the lowest threshold whose inputs above it are precise enough', () => {
    // Sorted by confidence: ✓ 0.9, ✓ 0.8, ✗ 0.7, ✓ 0.6, ✓ 0.5, ✗ 0.4.
    // precision at ≥0.9: 1, ≥0.8: 1, ≥0.7: 2/3, ≥0.6: 3/4, ≥0.5: 4/5, ≥0.4: 4/6.
    const items = [
      p('a', 'a', 0.9),
      p('a', 'a', 0.8),
      p('a', 'b', 0.7),
      p('a', 'a', 0.6),
      p('a', 'a', 0.5),
      p('a', 'b', 0.4),
    ];
    expect(coverageAtPrecision(items, 0.8)).toEqual({ coverage: 5 / 6, threshold: 0.5, precision: 0.8 });
    expect(coverageAtPrecision(items, 0.97)).toEqual({ coverage: 2 / 6, threshold: 0.8, precision: 1 });
    expect(evaluatePredictions(items)).toMatchObject({ coverageAtPrecision97: 2 / 6, threshold97: 0.8 });
  });

  it('should take or leave inputs of equal confidence together', () => {
    // The right and the wrong answer share 0.9: no threshold separates them, so 97 % is out of reach.
    const items = [p('a', 'a', 0.9), p('a', 'b', 0.9), p('a', 'a', 0.3)];
    expect(coverageAtPrecision(items, 0.97)).toEqual({ coverage: 0, threshold: null, precision: null });
    expect(coverageAtPrecision(items, 0.5)).toEqual({ coverage: 1, threshold: 0.3, precision: 2 / 3 });
  });
});
