import { fitSoftmaxScale, softmax } from './calibration.util';
import { evaluatePredictions, ScoredPrediction } from './classifier-metrics.util';
import { ModelHead, quantizeWeights, TrainerHyperParameters } from './classifier-model.schema';
import { blendWeights, LinearWeights, scoreRow, trainNaiveBayes, trainOneVsRestSvm } from './linear-trainer.util';
import { SparseMatrix } from './text-features.util';

/** Chosen by 5-fold cross-validation on the development part of the shared appeals (see bench/classifier). */
export const DEFAULT_TRAINER_OPTIONS: TrainerHyperParameters = {
  c: 0.5,
  balanced: true,
  maxEpochs: 60,
  tolerance: 0.05,
  nbAlpha: 0.1,
  nbBlend: 0.05,
  seed: 42,
  calibrationFolds: 3,
};

/** Used when there are too few examples to cross-validate a temperature: the median of the fitted scales on real data. */
const FALLBACK_SOFTMAX_SCALE = 4.5;

export function selectRows(x: SparseMatrix, rows: readonly number[]): SparseMatrix {
  const indptr = new Int32Array(rows.length + 1);
  rows.forEach((row, i) => (indptr[i + 1] = indptr[i] + x.indptr[row + 1] - x.indptr[row]));
  const indices = new Int32Array(indptr[rows.length]);
  const values = new Float64Array(indptr[rows.length]);
  rows.forEach((row, i) => {
    indices.set(x.indices.subarray(x.indptr[row], x.indptr[row + 1]), indptr[i]);
    values.set(x.values.subarray(x.indptr[row], x.indptr[row + 1]), indptr[i]);
  });
  return { rows: rows.length, cols: x.cols, indptr, indices, values };
}

/** The linear model of one head: SVM margins plus a small share of naive-Bayes log-probabilities. */
export function fitLinear(x: SparseMatrix, y: Int32Array, classes: number, options: TrainerHyperParameters): LinearWeights {
  const svm = trainOneVsRestSvm(x, y, classes, options);
  if (options.nbBlend === 0) return svm;
  return blendWeights(svm, trainNaiveBayes(x, y, classes, options.nbAlpha), options.nbBlend);
}

/** Stratified fold of each row: within a label, rows are dealt round-robin in a seeded order. */
export function stratifiedFolds(y: Int32Array, folds: number, seed: number): Int32Array {
  const fold = new Int32Array(y.length);
  const byLabel = new Map<number, number[]>();
  y.forEach((label, i) => byLabel.set(label, [...(byLabel.get(label) ?? []), i]));
  for (const members of byLabel.values()) {
    members.sort((a, b) => ((Math.imul(a + seed, 2654435761) >>> 0) % 1000003) - ((Math.imul(b + seed, 2654435761) >>> 0) % 1000003));
    members.forEach((row, r) => (fold[row] = r % folds));
  }
  return fold;
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k] > values[best]) best = k;
  return best;
}

/**
 * Trains one head. Before the final fit on every row, k-fold cross-validation yields out-of-fold
 * scores for every training row: they fit the softmax temperature (so that the confidence is a
 * calibrated probability) and give the threshold that kept 97 % precision, which the model stores.
 */
export function trainHead(x: SparseMatrix, y: Int32Array, labels: string[], options: TrainerHyperParameters): ModelHead {
  const classes = labels.length;
  const folds = options.calibrationFolds;
  let softmaxScale = FALLBACK_SOFTMAX_SCALE;
  let threshold97: number | null = null;
  let crossValidation: ModelHead['crossValidation'] = null;
  if (folds >= 2 && x.rows >= folds * 10) {
    const fold = stratifiedFolds(y, folds, options.seed);
    const scores: Float64Array[] = [];
    const truth: number[] = [];
    for (let f = 0; f < folds; f++) {
      const trainRows: number[] = [];
      const testRows: number[] = [];
      for (let i = 0; i < x.rows; i++) (fold[i] === f ? testRows : trainRows).push(i);
      const model = fitLinear(selectRows(x, trainRows), Int32Array.from(trainRows, (i) => y[i]), classes, options);
      for (const i of testRows) {
        const start = x.indptr[i];
        const end = x.indptr[i + 1];
        scores.push(scoreRow(model, x.indices.subarray(start, end), x.values.subarray(start, end)));
        truth.push(y[i]);
      }
    }
    softmaxScale = fitSoftmaxScale(scores, truth);
    const predictions: ScoredPrediction[] = scores.map((row, r) => {
      const probabilities = softmax(row, softmaxScale);
      const best = argmax(probabilities);
      return { truth: labels[truth[r]], predicted: labels[best], confidence: probabilities[best] };
    });
    const report = evaluatePredictions(predictions);
    threshold97 = report.threshold97;
    crossValidation = {
      folds,
      accuracy: report.accuracy,
      macroF1: report.macroF1,
      coverageAtPrecision97: report.coverageAtPrecision97,
    };
  }
  const final = fitLinear(x, y, classes, options);
  return {
    labels,
    bias: Array.from(final.bias),
    weights: quantizeWeights(final),
    softmaxScale,
    threshold97,
    trainingExamples: x.rows,
    crossValidation,
  };
}
