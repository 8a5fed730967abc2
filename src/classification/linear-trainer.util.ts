import { SparseMatrix } from './text-features.util';

/** A linear scorer over the shared feature space: score[k] = Σ_j weights[j·stride + offset + k]·x[j] + bias[k].
 * Feature-major layout: a sparse row touches a few hundred features, each reading `classes` adjacent floats.
 * Trained and decoded weights are dense (stride = classes, offset 0); prediction lays the heads of a
 * model side by side in one array (see appeal-classifier.ts), so that a feature's weights for every
 * head share cache lines. */
export interface LinearWeights {
  classes: number;
  cols: number;
  weights: Float32Array;
  stride: number;
  offset: number;
  bias: Float32Array;
}

export function denseLinearWeights(
  classes: number,
  cols: number,
  weights: Float32Array,
  bias: Float32Array,
): LinearWeights {
  return { classes, cols, weights, stride: classes, offset: 0, bias };
}

/** The same scorers (over the same features) with their weights side by side in one array: feature
 * j's weights for all of them are adjacent, one or two cache lines instead of one or two each. */
export function interleaveWeights(models: readonly LinearWeights[]): LinearWeights[] {
  if (models.length < 2) return [...models];
  const cols = models[0]?.cols ?? 0;
  const stride = models.reduce((sum, model) => sum + model.classes, 0);
  const weights = new Float32Array(stride * cols);
  let offset = 0;
  return models.map((model) => {
    if (model.cols !== cols) throw new Error('interleaved weights must share their features');
    for (let j = 0; j < cols; j++) {
      for (let k = 0; k < model.classes; k++) {
        weights[j * stride + offset + k] = model.weights[j * model.stride + model.offset + k];
      }
    }
    const laid: LinearWeights = { classes: model.classes, cols, weights, stride, offset, bias: model.bias };
    offset += model.classes;
    return laid;
  });
}

export interface SvmOptions {
  /** Inverse regularisation strength, as in liblinear / sklearn LinearSVC. */
  c: number;
  maxEpochs: number;
  /** Stop when the projected-gradient spread of an epoch falls under this (liblinear's eps). */
  tolerance: number;
  /** Scale C per class by n / (classes · n_k), as sklearn's class_weight='balanced': minority categories
   * otherwise lose recall, which macro-F1 punishes. */
  balanced: boolean;
  seed: number;
}

export const DEFAULT_SVM_OPTIONS: SvmOptions = {
  c: 0.5,
  maxEpochs: 60,
  tolerance: 0.05,
  balanced: true,
  seed: 42,
};

/** Deterministic PRNG (mulberry32) so that training twice on the same data gives the same model. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(order: Int32Array, random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
}

/**
 * One binary L2-regularised squared-hinge linear SVM solved by dual coordinate descent
 * (Hsieh et al. 2008, liblinear's default solver for LinearSVC). The bias is an extra constant
 * feature of value 1, regularised like the others, exactly as liblinear does. Returns the cols
 * weights followed by the bias. `positive(i)` says whether row i is of the positive class.
 */
export function trainBinarySvm(
  x: SparseMatrix,
  positive: (row: number) => boolean,
  cPos: number,
  cNeg: number,
  options: Pick<SvmOptions, 'maxEpochs' | 'tolerance'>,
  random: () => number,
): Float64Array {
  const { rows, cols, indptr, indices, values } = x;
  const squaredNorm = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let sum = 1; // the bias feature
    for (let p = indptr[i]; p < indptr[i + 1]; p++) sum += values[p] * values[p];
    squaredNorm[i] = sum;
  }
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  const w = new Float64Array(cols + 1);
  const alpha = new Float64Array(rows);
  for (let epoch = 0; epoch < options.maxEpochs; epoch++) {
    shuffle(order, random);
    let maxPg = -Infinity;
    let minPg = Infinity;
    for (let r = 0; r < rows; r++) {
      const i = order[r];
      const sign = positive(i) ? 1 : -1;
      const diag = 0.5 / (sign > 0 ? cPos : cNeg);
      let dot = w[cols];
      for (let p = indptr[i]; p < indptr[i + 1]; p++) dot += w[indices[p]] * values[p];
      const gradient = sign * dot - 1 + diag * alpha[i];
      const projected = alpha[i] === 0 ? Math.min(gradient, 0) : gradient;
      if (projected > maxPg) maxPg = projected;
      if (projected < minPg) minPg = projected;
      if (Math.abs(projected) < 1e-12) continue;
      const previous = alpha[i];
      alpha[i] = Math.max(previous - gradient / (squaredNorm[i] + diag), 0);
      const step = (alpha[i] - previous) * sign;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) w[indices[p]] += step * values[p];
      w[cols] += step;
    }
    if (maxPg - minPg < options.tolerance) break;
  }
  return w;
}

/** C of the positive and the negative examples of class k: balanced as sklearn's class_weight='balanced'. */
export function classCosts(options: SvmOptions, rows: number, positives: number): { cPos: number; cNeg: number } {
  if (!options.balanced) return { cPos: options.c, cNeg: options.c };
  return { cPos: (options.c * rows) / (2 * positives), cNeg: (options.c * rows) / (2 * (rows - positives)) };
}

/** One-vs-rest: one binary SVM per class (trainBinarySvm), in the feature-major layout of LinearWeights. */
export function trainOneVsRestSvm(x: SparseMatrix, y: Int32Array, classes: number, options: SvmOptions): LinearWeights {
  const { rows, cols } = x;
  const weights = new Float32Array(classes * cols);
  const bias = new Float32Array(classes);
  const counts = new Float64Array(classes);
  for (let i = 0; i < rows; i++) counts[y[i]]++;
  const random = createRandom(options.seed);
  for (let k = 0; k < classes; k++) {
    if (counts[k] === 0) continue;
    const { cPos, cNeg } = classCosts(options, rows, counts[k]);
    const w = trainBinarySvm(x, (i) => y[i] === k, cPos, cNeg, options, random);
    for (let j = 0; j < cols; j++) weights[j * classes + k] = w[j];
    bias[k] = w[cols];
  }
  return denseLinearWeights(classes, cols, weights, bias);
}

/** Raw scores of one sparse row. */
export function scoreRow(
  model: LinearWeights,
  indices: ArrayLike<number>,
  values: ArrayLike<number>,
  out = new Float64Array(model.classes),
): Float64Array {
  const { classes, weights, stride, offset, bias } = model;
  for (let k = 0; k < classes; k++) out[k] = bias[k];
  for (let p = 0; p < indices.length; p++) {
    const base = indices[p] * stride + offset;
    const v = values[p];
    for (let k = 0; k < classes; k++) out[k] += weights[base + k] * v;
  }
  return out;
}
