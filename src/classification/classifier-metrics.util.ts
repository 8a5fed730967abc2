export interface LabelMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ScoredPrediction {
  truth: string;
  predicted: string;
  confidence: number;
}

export interface EvaluationReport {
  n: number;
  accuracy: number;
  macroF1: number;
  perLabel: Record<string, LabelMetrics>;
  /** The confidence threshold behind coverageAtPrecision97, or null when no threshold reaches 97 %. */
  threshold97: number | null;
  coverageAtPrecision97: number;
}

export interface CoverageAtPrecision {
  coverage: number;
  threshold: number | null;
  precision: number | null;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/**
 * Accuracy, macro-F1 and per-label precision / recall / F1 / support. Macro-F1 averages over the
 * union of true and predicted labels (as sklearn does), so predicting a label that never occurs
 * costs an F1 of 0 rather than being ignored.
 */
export function evaluatePredictions(items: readonly ScoredPrediction[]): EvaluationReport {
  const labels = [...new Set(items.flatMap((item) => [item.truth, item.predicted]))].sort();
  const perLabel: Record<string, LabelMetrics> = {};
  let correct = 0;
  for (const item of items) if (item.truth === item.predicted) correct++;
  let f1Sum = 0;
  for (const label of labels) {
    let truePositive = 0;
    let predicted = 0;
    let support = 0;
    for (const item of items) {
      if (item.predicted === label) predicted++;
      if (item.truth === label) support++;
      if (item.truth === label && item.predicted === label) truePositive++;
    }
    const precision = ratio(truePositive, predicted);
    const recall = ratio(truePositive, support);
    const f1 = ratio(2 * precision * recall, precision + recall);
    perLabel[label] = { precision, recall, f1, support };
    f1Sum += f1;
  }
  const coverage = coverageAtPrecision(items, 0.97);
  return {
    n: items.length,
    accuracy: ratio(correct, items.length),
    macroF1: ratio(f1Sum, labels.length),
    perLabel,
    threshold97: coverage.threshold,
    coverageAtPrecision97: coverage.coverage,
  };
}

/**
 * Coverage at a target precision, the figure that says how much can be dispatched automatically.
 *
 * For a threshold t, let S(t) = { inputs whose confidence ≥ t } and precision(t) = share of S(t)
 * predicted correctly. The threshold t* is the LOWEST confidence value t (taken among the observed
 * confidences) with precision(t) ≥ target; coverage = |S(t*)| / n. Inputs with equal confidence are
 * always taken or left together, so the figure does not depend on their order. Precision need not
 * fall monotonically as t decreases, so every candidate is checked and the lowest passing one wins.
 * When no threshold reaches the target (or there are no inputs), coverage is 0 and threshold null.
 */
export function coverageAtPrecision(
  items: ReadonlyArray<Pick<ScoredPrediction, 'truth' | 'predicted' | 'confidence'>>,
  target: number,
): CoverageAtPrecision {
  const sorted = [...items].sort((a, b) => b.confidence - a.confidence);
  let best: CoverageAtPrecision = { coverage: 0, threshold: null, precision: null };
  let correct = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i].truth === sorted[i].predicted) correct++;
    const endOfTieGroup = i + 1 === sorted.length || sorted[i + 1].confidence !== sorted[i].confidence;
    if (!endOfTieGroup) continue;
    const precision = correct / (i + 1);
    if (precision >= target) best = { coverage: (i + 1) / sorted.length, threshold: sorted[i].confidence, precision };
  }
  return best;
}
