import { fitSoftmaxScale, softmax } from './calibration.util';
import { evaluatePredictions, EvaluationReport, ScoredPrediction } from './classifier-metrics.util';
import { encodeMemoryLabels, quantizeWeights } from './classifier-model.codec';
import { ModelHead, TrainerHyperParameters } from './classifier-model.schema';
import { LinearWeights, scoreRow, trainOneVsRestSvm } from './linear-trainer.util';
import { addNeighbourVotes, buildPostings, compressExamples, MemoryPostings } from './nearest-neighbours.util';
import { SparseMatrix } from './text-features.util';

/** Chosen by 5-fold cross-validation on the development part of the shared appeals (see bench/classifier). */
export const DEFAULT_TRAINER_OPTIONS: TrainerHyperParameters = {
  c: 1,
  balanced: true,
  maxEpochs: 60,
  tolerance: 0.05,
  knnK: 10,
  knnWeight: 2,
  knnPower: 1,
  knnFeatures: 64,
  seed: 42,
  calibrationFolds: 3,
};

/** Used when there are too few examples to cross-validate a temperature: about the fitted scale on real data. */
export const FALLBACK_SOFTMAX_SCALE = 4.5;

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

/** Stratified fold of each row: within a label, rows are dealt round-robin in a seeded order. */
export function stratifiedFolds(y: Int32Array, folds: number, seed: number): Int32Array {
  const fold = new Int32Array(y.length);
  const byLabel = new Map<number, number[]>();
  y.forEach((label, i) => byLabel.set(label, [...(byLabel.get(label) ?? []), i]));
  const rank = (row: number): number => (Math.imul(row + seed, 2654435761) >>> 0) % 1000003;
  for (const members of byLabel.values()) {
    members.sort((a, b) => rank(a) - rank(b) || a - b);
    members.forEach((row, r) => (fold[row] = r % folds));
  }
  return fold;
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k] > values[best]) best = k;
  return best;
}

/** What scores a row of one head: the SVM, plus the neighbour vote when a memory is given. */
export interface HeadScorer {
  linear: LinearWeights;
  postings: MemoryPostings | null;
  memoryLabels: Int16Array | null;
}

export function scoreHead(
  scorer: HeadScorer,
  options: Pick<TrainerHyperParameters, 'knnK' | 'knnWeight' | 'knnPower'>,
  indices: ArrayLike<number>,
  values: ArrayLike<number>,
): Float64Array {
  const scores = scoreRow(scorer.linear, indices, values);
  if (scorer.postings && scorer.memoryLabels && options.knnWeight > 0) {
    addNeighbourVotes(scorer.postings, scorer.memoryLabels, indices, values, options, scores);
  }
  return scores;
}

/** Fits the SVM and, when the neighbour vote is on, remembers the rows (labels as given). */
export function fitScorer(
  x: SparseMatrix,
  y: Int32Array,
  classes: number,
  options: TrainerHyperParameters,
): HeadScorer {
  const linear = trainOneVsRestSvm(x, y, classes, options);
  if (options.knnWeight <= 0) return { linear, postings: null, memoryLabels: null };
  const memory = compressExamples(x, options.knnFeatures);
  return { linear, postings: buildPostings(memory, x.cols), memoryLabels: Int16Array.from(y) };
}

export interface CrossValidation {
  softmaxScale: number;
  report: EvaluationReport;
  /** Raw out-of-fold scores and true label index of every row, in fold order. */
  scores: Float64Array[];
  truth: number[];
}

/**
 * k-fold cross-validation of one head: out-of-fold scores for every row fit the softmax
 * temperature, and the calibrated out-of-fold predictions give the figures (and the threshold that
 * kept 97 % precision). Used by training for calibration and by the bench for model selection.
 */
export function crossValidate(
  x: SparseMatrix,
  y: Int32Array,
  labels: readonly string[],
  options: TrainerHyperParameters,
  folds: number,
): CrossValidation {
  const fold = stratifiedFolds(y, folds, options.seed);
  const scores: Float64Array[] = [];
  const truth: number[] = [];
  for (let f = 0; f < folds; f++) {
    const trainRows: number[] = [];
    const testRows: number[] = [];
    for (let i = 0; i < x.rows; i++) (fold[i] === f ? testRows : trainRows).push(i);
    const scorer = fitScorer(
      selectRows(x, trainRows),
      Int32Array.from(trainRows, (i) => y[i]),
      labels.length,
      options,
    );
    for (const i of testRows) {
      const start = x.indptr[i];
      const end = x.indptr[i + 1];
      scores.push(scoreHead(scorer, options, x.indices.subarray(start, end), x.values.subarray(start, end)));
      truth.push(y[i]);
    }
  }
  const softmaxScale = fitSoftmaxScale(scores, truth);
  const predictions: ScoredPrediction[] = scores.map((row, r) => {
    const probabilities = softmax(row, softmaxScale);
    const best = argmax(probabilities);
    return { truth: labels[truth[r]], predicted: labels[best], confidence: probabilities[best] };
  });
  return { softmaxScale, report: evaluatePredictions(predictions), scores, truth };
}

/**
 * Trains one head on the rows that carry its label. Cross-validation first (when there are enough
 * rows) calibrates the softmax and measures the head; then the SVM is fitted on every row. The
 * neighbour memory is shared by all heads and holds the training rows from `memoryStart` on;
 * `memoryLabels` says which label each memory row has for this head (-1: none).
 */
export function trainHead(
  x: SparseMatrix,
  rows: readonly number[],
  y: Int32Array,
  labels: string[],
  options: TrainerHyperParameters,
  memoryStart: number,
): ModelHead {
  const subset = rows.length === x.rows ? x : selectRows(x, rows);
  const folds = options.calibrationFolds;
  let softmaxScale = FALLBACK_SOFTMAX_SCALE;
  let threshold97: number | null = null;
  let crossValidation: ModelHead['crossValidation'] = null;
  if (folds >= 2 && subset.rows >= folds * 10) {
    const cv = crossValidate(subset, y, labels, options, folds);
    softmaxScale = cv.softmaxScale;
    threshold97 = cv.report.threshold97;
    crossValidation = {
      folds,
      accuracy: cv.report.accuracy,
      macroF1: cv.report.macroF1,
      coverageAtPrecision97: cv.report.coverageAtPrecision97,
    };
  }
  const linear = trainOneVsRestSvm(subset, y, labels.length, options);
  let memoryLabels: string | null = null;
  if (options.knnWeight > 0) {
    const byRow = new Int16Array(x.rows - memoryStart).fill(-1);
    rows.forEach((row, i) => {
      if (row >= memoryStart) byRow[row - memoryStart] = y[i];
    });
    memoryLabels = encodeMemoryLabels(byRow);
  }
  return {
    labels,
    bias: Array.from(linear.bias),
    weights: quantizeWeights(linear),
    softmaxScale,
    threshold97,
    memoryLabels,
    trainingExamples: subset.rows,
    crossValidation,
  };
}
