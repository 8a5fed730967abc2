import { fitSoftmaxScale, softmax } from './calibration.util';
import { evaluatePredictions, EvaluationReport, ScoredPrediction } from './classifier-metrics.util';
import { encodeMemoryLabels, quantizeWeights } from './classifier-model.codec';
import { ModelHead, TrainerHyperParameters } from './classifier-model.schema';
import { denseLinearWeights, LinearWeights, scoreRow, trainOneVsRestSvm } from './linear-trainer.util';
import {
  addNeighbourVotes,
  buildPostings,
  compressExamples,
  MemoryPostings,
  voteFromSimilarities,
} from './nearest-neighbours.util';
import { FEATURE_BLOCKS, SparseMatrix } from './text-features.util';

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
  stacking: true,
  metaLambda: 0.003,
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

/** The fitted meta logistic regression of a stacked head: logit[k] = bias[k] + Σ_i weights[i · classes + k] · input[i]. */
export interface MetaWeights {
  inputs: number;
  weights: Float64Array;
  bias: Float64Array;
}

/**
 * What scores a row of one head. Plain: the SVM margins plus the neighbour vote when a memory is
 * given. Stacked (`meta` set): one SVM per feature block, each on its block's part of the row
 * re-normalised to unit length (blocks share no feature, so their weights live in one matrix and
 * `blockBias` holds their biases), then the meta logistic regression over those scores and the votes.
 */
export interface HeadScorer {
  linear: LinearWeights;
  postings: MemoryPostings | null;
  memoryLabels: Int16Array | null;
  /** Stacked heads only: the block of each feature, the block SVMs' biases and the meta model. */
  columnBlocks: Uint8Array | null;
  blockBias: Float64Array | null;
  meta: MetaWeights | null;
}

type VoteOptions = Pick<TrainerHyperParameters, 'knnK' | 'knnWeight' | 'knnPower'>;

/**
 * Adds the neighbour vote of a row to `scores`. `neighbours`, when given, is the count returned by
 * accumulateSimilarities for this row on the scorer's memory: the caller (prediction, one row for
 * several heads over one memory) accumulated the similarities once and clears them after the last head.
 */
function addVotes(
  scorer: HeadScorer,
  options: VoteOptions,
  indices: ArrayLike<number>,
  values: ArrayLike<number>,
  neighbours: number | undefined,
  scores: Float64Array,
): void {
  const postings = scorer.postings as MemoryPostings;
  const labels = scorer.memoryLabels as Int16Array;
  if (neighbours === undefined) addNeighbourVotes(postings, labels, indices, values, options, scores);
  else voteFromSimilarities(postings, neighbours, labels, options, scores);
}

/** The meta model's inputs: the three block SVMs' scores, then the neighbour votes (weight 1) when there is a memory. */
function baseInputs(
  scorer: HeadScorer,
  options: Pick<TrainerHyperParameters, 'knnK' | 'knnPower'>,
  indices: ArrayLike<number>,
  values: ArrayLike<number>,
  neighbours?: number,
): Float64Array {
  const { classes, weights, stride, offset } = scorer.linear;
  const blocks = scorer.columnBlocks as Uint8Array;
  const blockBias = scorer.blockBias as Float64Array;
  const withVotes = scorer.postings !== null && scorer.memoryLabels !== null;
  const inputs = new Float64Array((FEATURE_BLOCKS + (withVotes ? 1 : 0)) * classes);
  const norms = new Float64Array(FEATURE_BLOCKS);
  for (let p = 0; p < indices.length; p++) {
    const j = indices[p];
    const v = values[p];
    const base = blocks[j] * classes;
    norms[blocks[j]] += v * v;
    const row = j * stride + offset;
    for (let k = 0; k < classes; k++) inputs[base + k] += weights[row + k] * v;
  }
  for (let b = 0; b < FEATURE_BLOCKS; b++) {
    const scale = norms[b] > 0 ? 1 / Math.sqrt(norms[b]) : 0;
    for (let k = 0; k < classes; k++)
      inputs[b * classes + k] = inputs[b * classes + k] * scale + blockBias[b * classes + k];
  }
  if (withVotes) {
    const votes = new Float64Array(classes);
    addVotes(
      scorer,
      { knnK: options.knnK, knnPower: options.knnPower, knnWeight: 1 },
      indices,
      values,
      neighbours,
      votes,
    );
    inputs.set(votes, FEATURE_BLOCKS * classes);
  }
  return inputs;
}

function applyMeta(meta: MetaWeights, inputs: ArrayLike<number>, classes: number): Float64Array {
  const out = Float64Array.from(meta.bias);
  for (let i = 0; i < meta.inputs; i++) {
    const v = inputs[i];
    if (v === 0) continue;
    for (let k = 0; k < classes; k++) out[k] += meta.weights[i * classes + k] * v;
  }
  return out;
}

/** The raw scores of one row for one head; `neighbours` as in addVotes. */
export function scoreHead(
  scorer: HeadScorer,
  options: VoteOptions,
  indices: ArrayLike<number>,
  values: ArrayLike<number>,
  neighbours?: number,
): Float64Array {
  if (scorer.meta) {
    return applyMeta(scorer.meta, baseInputs(scorer, options, indices, values, neighbours), scorer.linear.classes);
  }
  const scores = scoreRow(scorer.linear, indices, values);
  if (scorer.postings && scorer.memoryLabels && options.knnWeight > 0) {
    addVotes(scorer, options, indices, values, neighbours, scores);
  }
  return scores;
}

/** Rows of x restricted to the features of one block, each re-normalised to unit length. */
export function blockRows(x: SparseMatrix, columnBlocks: Uint8Array, block: number): SparseMatrix {
  const indptr = new Int32Array(x.rows + 1);
  let size = 0;
  for (let p = 0; p < x.indices.length; p++) if (columnBlocks[x.indices[p]] === block) size++;
  const indices = new Int32Array(size);
  const values = new Float64Array(size);
  let at = 0;
  for (let i = 0; i < x.rows; i++) {
    const start = at;
    let norm = 0;
    for (let p = x.indptr[i]; p < x.indptr[i + 1]; p++) {
      if (columnBlocks[x.indices[p]] !== block) continue;
      indices[at] = x.indices[p];
      values[at] = x.values[p];
      norm += x.values[p] * x.values[p];
      at++;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let q = start; q < at; q++) values[q] *= scale;
    indptr[i + 1] = at;
  }
  return { rows: x.rows, cols: x.cols, indptr, indices, values };
}

/**
 * Fits the base models of a head: the SVM (or, stacked, one SVM per block) and, when the neighbour
 * vote is on, remembers the rows (labels as given). A stacked scorer comes back without its meta model.
 */
export function fitScorer(
  x: SparseMatrix,
  y: Int32Array,
  classes: number,
  options: TrainerHyperParameters,
  columnBlocks: Uint8Array | null = null,
): HeadScorer {
  let linear: LinearWeights;
  let blockBias: Float64Array | null = null;
  if (options.stacking && columnBlocks) {
    linear = denseLinearWeights(classes, x.cols, new Float32Array(classes * x.cols), new Float32Array(classes));
    blockBias = new Float64Array(FEATURE_BLOCKS * classes);
    for (let b = 0; b < FEATURE_BLOCKS; b++) {
      const xb = blockRows(x, columnBlocks, b);
      if (xb.indices.length === 0) continue;
      const part = trainOneVsRestSvm(xb, y, classes, options);
      // Blocks share no feature: each weight is non-zero in at most one block's SVM.
      for (let q = 0; q < part.weights.length; q++) linear.weights[q] += part.weights[q];
      for (let k = 0; k < classes; k++) blockBias[b * classes + k] = part.bias[k];
    }
  } else {
    linear = trainOneVsRestSvm(x, y, classes, options);
  }
  const stacked = blockBias !== null ? { columnBlocks, blockBias } : { columnBlocks: null, blockBias: null };
  if (options.knnWeight <= 0) return { linear, postings: null, memoryLabels: null, meta: null, ...stacked };
  const memory = compressExamples(x, options.knnFeatures);
  return {
    linear,
    postings: buildPostings(memory, x.cols),
    memoryLabels: Int16Array.from(y),
    meta: null,
    ...stacked,
  };
}

/**
 * Multinomial logistic regression with an L2 penalty on standardised inputs, by full-batch gradient
 * descent with momentum (a few dozen inputs: this is fast and deterministic). The standardisation
 * is folded into the returned weights, so they apply to raw inputs.
 */
export function fitMeta(
  inputs: readonly Float64Array[],
  truth: ArrayLike<number>,
  classes: number,
  lambda: number,
): MetaWeights {
  const d = inputs[0].length;
  const n = inputs.length;
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (const v of inputs) for (let j = 0; j < d; j++) mean[j] += v[j] / n;
  for (const v of inputs) for (let j = 0; j < d; j++) sd[j] += (v[j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]) || 1;
  const z = new Float64Array(n * d);
  inputs.forEach((v, r) => {
    for (let j = 0; j < d; j++) z[r * d + j] = (v[j] - mean[j]) / sd[j];
  });
  const w = new Float64Array((d + 1) * classes);
  const velocity = new Float64Array(w.length);
  const grad = new Float64Array(w.length);
  const p = new Float64Array(classes);
  for (let iteration = 0; iteration < META_ITERATIONS; iteration++) {
    grad.fill(0);
    for (let r = 0; r < n; r++) {
      const row = r * d;
      let max = -Infinity;
      for (let k = 0; k < classes; k++) p[k] = w[d * classes + k];
      for (let j = 0; j < d; j++) {
        const value = z[row + j];
        for (let k = 0; k < classes; k++) p[k] += w[j * classes + k] * value;
      }
      for (let k = 0; k < classes; k++) if (p[k] > max) max = p[k];
      let sum = 0;
      for (let k = 0; k < classes; k++) sum += p[k] = Math.exp(p[k] - max);
      for (let k = 0; k < classes; k++) p[k] = (p[k] / sum - (truth[r] === k ? 1 : 0)) / n;
      for (let j = 0; j < d; j++) {
        const value = z[row + j];
        for (let k = 0; k < classes; k++) grad[j * classes + k] += p[k] * value;
      }
      for (let k = 0; k < classes; k++) grad[d * classes + k] += p[k];
    }
    for (let q = 0; q < d * classes; q++) grad[q] += lambda * w[q];
    for (let q = 0; q < w.length; q++) {
      velocity[q] = 0.9 * velocity[q] - META_RATE * grad[q];
      w[q] += velocity[q];
    }
  }
  const weights = new Float64Array(d * classes);
  const bias = w.slice(d * classes);
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < classes; k++) {
      weights[j * classes + k] = w[j * classes + k] / sd[j];
      bias[k] -= (w[j * classes + k] * mean[j]) / sd[j];
    }
  }
  return { inputs: d, weights, bias };
}

/** The meta model has (4 · classes) × classes weights and its fitting time grows with their number:
 * heads with more labels (a tree of leaf categories) keep the plain sum of SVM margins and votes. */
export const MAX_STACKED_CLASSES = 16;
const META_ITERATIONS = 400;
const META_RATE = 0.5;

/** Without enough rows to fit a meta model: the plain blend, the block scores summed plus the weighted votes. */
function fixedMeta(classes: number, inputs: number, knnWeight: number): MetaWeights {
  const weights = new Float64Array(inputs * classes);
  for (let i = 0; i < inputs; i++) {
    weights[i * classes + (i % classes)] = i >= FEATURE_BLOCKS * classes ? knnWeight : 1;
  }
  return { inputs, weights, bias: new Float64Array(classes) };
}

export interface FittedHead {
  scorer: HeadScorer;
  softmaxScale: number;
  /** Out-of-fold figures of `options.calibrationFolds`-fold cross-validation; null with too few rows. */
  report: EvaluationReport | null;
  /** Out-of-fold scores (before the softmax) of every row, in row order, and their true labels. */
  scores: Float64Array[];
}

function calibratedReport(
  scores: readonly Float64Array[],
  truth: Int32Array,
  labels: readonly string[],
): { softmaxScale: number; report: EvaluationReport } {
  const softmaxScale = fitSoftmaxScale(scores, truth);
  const predictions: ScoredPrediction[] = scores.map((row, r) => {
    const probabilities = softmax(row, softmaxScale);
    const best = argmax(probabilities);
    return { truth: labels[truth[r]], predicted: labels[best], confidence: probabilities[best] };
  });
  return { softmaxScale, report: evaluatePredictions(predictions) };
}

/**
 * Fits one head on every row. With enough rows, k-fold cross-validation (k = calibrationFolds)
 * first gives out-of-fold scores: they fit the meta model of a stacked head (and, cross-fitted
 * over the same folds, its out-of-fold outputs), the softmax temperature, and the figures and
 * the 97 %-precision threshold. Then the base models are fitted on every row.
 */
export function fitHead(
  x: SparseMatrix,
  y: Int32Array,
  labels: readonly string[],
  options: TrainerHyperParameters,
  columnBlocks: Uint8Array | null,
): FittedHead {
  const classes = labels.length;
  const folds = options.calibrationFolds;
  const stacked = options.stacking && columnBlocks !== null && classes <= MAX_STACKED_CLASSES;
  const blocks = stacked ? columnBlocks : null;
  let meta: MetaWeights | null = null;
  let softmaxScale = FALLBACK_SOFTMAX_SCALE;
  let report: EvaluationReport | null = null;
  let scores: Float64Array[] = [];
  if (folds >= 2 && x.rows >= folds * 10) {
    const fold = stratifiedFolds(y, folds, options.seed);
    const outOfFold = new Array<Float64Array>(x.rows);
    for (let f = 0; f < folds; f++) {
      const trainRows: number[] = [];
      for (let i = 0; i < x.rows; i++) if (fold[i] !== f) trainRows.push(i);
      const scorer = fitScorer(
        selectRows(x, trainRows),
        Int32Array.from(trainRows, (i) => y[i]),
        classes,
        options,
        blocks,
      );
      for (let i = 0; i < x.rows; i++) {
        if (fold[i] !== f) continue;
        const indices = x.indices.subarray(x.indptr[i], x.indptr[i + 1]);
        const values = x.values.subarray(x.indptr[i], x.indptr[i + 1]);
        outOfFold[i] = stacked
          ? baseInputs(scorer, options, indices, values)
          : scoreHead(scorer, options, indices, values);
      }
    }
    if (stacked) {
      meta = fitMeta(outOfFold, y, classes, options.metaLambda);
      // The meta model's own out-of-fold outputs: fitted on the other folds' rows, as the base scores were.
      scores = new Array<Float64Array>(x.rows);
      for (let f = 0; f < folds; f++) {
        const fitRows: number[] = [];
        for (let i = 0; i < x.rows; i++) if (fold[i] !== f) fitRows.push(i);
        const partial = fitMeta(
          fitRows.map((i) => outOfFold[i]),
          Int32Array.from(fitRows, (i) => y[i]),
          classes,
          options.metaLambda,
        );
        for (let i = 0; i < x.rows; i++) if (fold[i] === f) scores[i] = applyMeta(partial, outOfFold[i], classes);
      }
    } else {
      scores = outOfFold;
    }
    ({ softmaxScale, report } = calibratedReport(scores, y, labels));
  }
  const scorer = fitScorer(x, y, classes, options, blocks);
  if (stacked) {
    const inputs = (FEATURE_BLOCKS + (scorer.postings ? 1 : 0)) * classes;
    scorer.meta = meta ?? fixedMeta(classes, inputs, options.knnWeight);
  }
  return { scorer, softmaxScale, report, scores };
}

export interface CrossValidation {
  softmaxScale: number;
  report: EvaluationReport;
  /** Raw out-of-fold scores and true label index of every row, in fold order. */
  scores: Float64Array[];
  truth: number[];
}

/**
 * k-fold cross-validation of the whole head training (fitHead, with its own inner folds for the
 * meta model and the calibration, on each training part): what is measured is what ships. Used by
 * the bench for model selection; the softmax scale is refitted on the out-of-fold scores.
 */
export function crossValidate(
  x: SparseMatrix,
  y: Int32Array,
  labels: readonly string[],
  options: TrainerHyperParameters,
  folds: number,
  columnBlocks: Uint8Array | null = null,
): CrossValidation {
  const fold = stratifiedFolds(y, folds, options.seed);
  const scores: Float64Array[] = [];
  const truth: number[] = [];
  for (let f = 0; f < folds; f++) {
    const trainRows: number[] = [];
    const testRows: number[] = [];
    for (let i = 0; i < x.rows; i++) (fold[i] === f ? testRows : trainRows).push(i);
    const { scorer } = fitHead(
      selectRows(x, trainRows),
      Int32Array.from(trainRows, (i) => y[i]),
      labels,
      options,
      columnBlocks,
    );
    for (const i of testRows) {
      const start = x.indptr[i];
      const end = x.indptr[i + 1];
      scores.push(scoreHead(scorer, options, x.indices.subarray(start, end), x.values.subarray(start, end)));
      truth.push(y[i]);
    }
  }
  const { softmaxScale, report } = calibratedReport(scores, Int32Array.from(truth), labels);
  return { softmaxScale, report, scores, truth };
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
  columnBlocks: Uint8Array | null = null,
): ModelHead {
  const subset = rows.length === x.rows ? x : selectRows(x, rows);
  const { scorer, softmaxScale, report } = fitHead(subset, y, labels, options, columnBlocks);
  let memoryLabels: string | null = null;
  if (options.knnWeight > 0) {
    const byRow = new Int16Array(x.rows - memoryStart).fill(-1);
    rows.forEach((row, i) => {
      if (row >= memoryStart) byRow[row - memoryStart] = y[i];
    });
    memoryLabels = encodeMemoryLabels(byRow);
  }
  const { linear, meta, blockBias } = scorer;
  return {
    labels,
    bias: Array.from(linear.bias),
    weights: quantizeWeights(linear),
    softmaxScale,
    threshold97: report ? report.threshold97 : null,
    memoryLabels,
    trainingExamples: subset.rows,
    crossValidation: report
      ? {
          folds: options.calibrationFolds,
          accuracy: report.accuracy,
          macroF1: report.macroF1,
          coverageAtPrecision97: report.coverageAtPrecision97,
        }
      : null,
    ...(meta && blockBias
      ? {
          stack: {
            blockBias: Array.from(blockBias),
            metaWeights: Array.from(meta.weights),
            metaBias: Array.from(meta.bias),
          },
        }
      : {}),
  };
}
