/**
 * Stacking and decision-rule experiments on the DEVELOPMENT part only (the held-out part is never
 * read). For each seed, an outer stratified k-fold gives out-of-fold scores of several base models;
 * then every combiner (per-class offsets, a meta logistic regression over the base scores) is
 * itself fitted on the out-of-fold rows of the other folds and applied to the rows of the fold,
 * so that no combiner ever sees the rows it is scored on.
 *
 *   SEEDS=42,7,1234 npx tsx bench/classifier/stack-experiment.ts
 *   ONLY=one|knn|base|fixed|meta  SKIP_SVM=1  TRAINER='{"c":2}'  META_BALANCED=1
 *   EXTRA_BLOCK='{"charNgramMin":4,"charNgramMax":4,"words":false,"titleWeight":0}'
 *   MLP='{"hidden":128,"epochs":20,"lr":0.2,"dropout":0.3}'  SKIP_GRAMS=1  (both with ONLY=one)
 *
 * Base models (out-of-fold, 5 folds): the shipped one-vs-rest SVM over all blocks (svm), the
 * neighbour vote (knn), one SVM per feature block with its part of the row re-normalised (char,
 * word, title), multinomial and complement naive Bayes over the tf-idf values (mnb, cnb).
 *
 * Findings (5-fold, seeds 42, 7, 1234, 5,038 development appeals; macro-F1 mean ± half-range [per seed]):
 *   shipped before: svm + knn×2                                   0.9210 ± 0.0027 [0.9189 0.9244 0.9196]
 *   bases alone: svm 0.9178, char 0.9059, word 0.8910, title 0.8720, cnb 0.8929, knn 0.8656, mnb 0.7915
 *   svm + knn×2 + per-class offsets maximising macro-F1           0.9166 ± 0.0028 (offsets overfit: worse)
 *   fixed sums char + word + title (+ 0–2·svm) + knn×2–4         0.9192–0.9199 (no gain)
 *   meta LR[svm + knn], λ 0.003 / 0.01 / 0.03                     0.9199 / 0.9186 / 0.9163 (no gain)
 *   meta LR[knn + char + word + title], λ 0.0003/0.003/0.01/0.03  0.9209 / 0.9229 / 0.9225 / 0.9197
 *   meta LR[svm + knn + char + word + title], λ 0.003 / 0.01      0.9230 / 0.9227
 *   … + cnb, λ 0.0003 / 0.003 / 0.01                              0.9223 / 0.9231 / 0.9229
 *   … + cnb + mnb, λ 0.003 / 0.01                                 0.9236 / 0.9235
 *   (meta λ is the L2 penalty on standardised inputs; offsets on top of a meta LR did not help either)
 * The per-block SVMs are what helps (the meta model alone over svm + knn does not); the full SVM
 * and naive Bayes add ≤ 0.1 point on top, within noise, for a second weight matrix. Adopted:
 * meta LR[knn + char + word + title], λ 0.003 (stacking in classifier-training.util.ts). Measured
 * as it ships, with bench/classifier/cross-validate.ts (each outer training part runs the whole
 * head training: inner 3-fold out-of-fold scores fit the meta model, then the block SVMs on all rows):
 *   '[{"trainer":{"stacking":true}}]'                              0.9242 ± 0.0013 [0.9251 0.9251 0.9225]
 *   coverage at 97 % precision 0.836 ± 0.016 (out-of-fold); paired gain over before +0.0033 (+0.0062, +0.0007, +0.0029)
 * Tried on top of the adopted stack, none beyond noise, so not adopted (same screen as above):
 *   extra vote inputs, k = 1 / 3 / 30 besides k = 10 (ONLY=knn)     0.9231 / 0.9226 / 0.9230 (k=1,10,30: 0.9230 ± 0.0013)
 *   block SVMs C = 0.5 / 2 instead of 1 (TRAINER='{"c":…}')        0.9228 ± 0.0010 / 0.9234 ± 0.0006
 *   class-balanced meta LR loss (META_BALANCED=1)                  0.9194 ± 0.0020 (worse)
 *   extra base: SVM on char 4-grams only (EXTRA_BLOCK=…, 89,667 terms) 0.9237 ± 0.0014 (alone 0.7853)
 *   extra base: a one-hidden-layer network over the whole tf-idf row (MLP=…, ONLY=one SKIP_SVM=1,
 *   seed 42, stack without it 0.9226):
 *     64 ReLU units, dropout 0.5, SGD lr 0.2 decaying, 10 epochs      alone 0.8960, stack 0.9203
 *     64 units, dropout 0.5, lr 0.5, 20 epochs                        alone 0.8833, stack 0.9224
 *     128 units, dropout 0.3, lr 0.2, 20 epochs                       alone 0.9117, stack 0.9238
 *   the best is +0.0012, within the seed noise, and its input weights alone (270k terms × 128
 *   float32) would be 138 MB, over the model budget of 50 MB.
 *   extra base: skip-bigrams, two characters with 1 / 2 between (SKIP_GRAMS=1 / 2; 135k / 137k
 *   terms; ONLY=one SKIP_SVM=1, seed 42)   alone 0.8451 / 0.8029, stack 0.9224 / 0.9223 (0.9226 without)
 */
import {
  DEFAULT_TRAINER_OPTIONS,
  selectRows,
  stratifiedFolds,
} from '../../src/classification/classifier-training.util';
import {
  createRandom,
  denseLinearWeights,
  scoreRow,
  trainOneVsRestSvm,
} from '../../src/classification/linear-trainer.util';
import { addNeighbourVotes, buildPostings, compressExamples } from '../../src/classification/nearest-neighbours.util';
import { evaluatePredictions } from '../../src/classification/classifier-metrics.util';
import {
  buildVocabulary,
  DEFAULT_FEATURE_OPTIONS,
  extractTerms,
  FeatureOptions,
  normalizeForFeatures,
  SparseMatrix,
  toMatrix,
  vectorize,
} from '../../src/classification/text-features.util';
import { loadDevelopment, SHARED_APPEALS } from './shared-split.util';

const path = process.env.DATA ?? SHARED_APPEALS;
const seeds = (process.env.SEEDS ?? '42,7,1234').split(',').map(Number);
const folds = Number(process.env.FOLDS ?? 5);
const blocks = process.env.BLOCKS !== '0';
const features: FeatureOptions = {
  ...DEFAULT_FEATURE_OPTIONS,
  ...(JSON.parse(process.env.FEATURES ?? '{}') as object),
};
const trainer = { ...DEFAULT_TRAINER_OPTIONS, ...(JSON.parse(process.env.TRAINER ?? '{}') as object) };

const { dev, labels, y, vocabulary, x } = loadDevelopment(path, features);
const classes = labels.length;
let started = Date.now();

/** Columns of one block (by term prefix), rows re-normalised to unit length. */
function block(m: SparseMatrix, keep: (term: string) => boolean): SparseMatrix {
  const kept = vocabulary.terms.map(keep);
  const indptr = new Int32Array(m.rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < m.rows; i++) {
    const start = indices.length;
    let norm = 0;
    for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) {
      if (!kept[m.indices[p]]) continue;
      indices.push(m.indices[p]);
      values.push(m.values[p]);
      norm += m.values[p] * m.values[p];
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let q = start; q < values.length; q++) values[q] *= scale;
    indptr[i + 1] = indices.length;
  }
  return { rows: m.rows, cols: m.cols, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

const blockMatrices: Record<string, SparseMatrix> = blocks
  ? {
      char: block(x, (t) => !t.startsWith('|') && !t.startsWith('^')),
      word: block(x, (t) => t.startsWith('|')),
      title: block(x, (t) => t.startsWith('^')),
    }
  : {};

if (process.env.SKIP_GRAMS) {
  // An extra base: character pairs with a gap of SKIP_GRAMS characters (X_Y), its own unit-length block.
  const gap = Number(process.env.SKIP_GRAMS);
  const skipTerms = dev.map((d) => {
    const counts = new Map<string, number>();
    const text = normalizeForFeatures(d.text, features).replace(/[0-9]+/g, '0');
    for (const segment of text.split(' ')) {
      const chars = Array.from(segment);
      for (let i = 0; i + gap + 1 < chars.length; i++) {
        const term = `${chars[i]}_${chars[i + gap + 1]}`;
        counts.set(term, (counts.get(term) ?? 0) + 1);
      }
    }
    return counts;
  });
  const skipVocabulary = buildVocabulary(skipTerms, features.minDf);
  blockMatrices.extra = toMatrix(
    skipTerms.map((t) => vectorize(t, skipVocabulary, features)),
    skipVocabulary.terms.length,
  );
  console.log(`skip-gram block (gap ${gap}): ${skipVocabulary.terms.length} terms`);
}

if (process.env.EXTRA_BLOCK) {
  // An extra base: its own features (e.g. char 4-grams only), one unit-length block.
  const extra: FeatureOptions = { ...features, ...(JSON.parse(process.env.EXTRA_BLOCK) as object) };
  const extraTerms = dev.map((d) => extractTerms(d.text, extra));
  const extraVocabulary = buildVocabulary(extraTerms, extra.minDf);
  blockMatrices.extra = toMatrix(
    extraTerms.map((t) => vectorize(t, extraVocabulary, extra)),
    extraVocabulary.terms.length,
  );
  console.log(`extra block: ${extraVocabulary.terms.length} terms`);
}

/** Multinomial NB log-posteriors (centred) over the tf-idf values, Laplace α. */
function fitNb(m: SparseMatrix, yy: Int32Array, alpha: number, complement: boolean): (i: number) => Float64Array {
  const sums = Array.from({ length: classes }, () => new Float64Array(m.cols));
  const total = new Float64Array(m.cols);
  const prior = new Float64Array(classes);
  for (let i = 0; i < m.rows; i++) {
    prior[yy[i]]++;
    for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) {
      sums[yy[i]][m.indices[p]] += m.values[p];
      total[m.indices[p]] += m.values[p];
    }
  }
  const logTheta = sums.map((s) => {
    const counts = complement ? s.map((v, j) => total[j] - v) : s;
    let norm = 0;
    for (let j = 0; j < m.cols; j++) norm += alpha + counts[j];
    const out = new Float64Array(m.cols);
    for (let j = 0; j < m.cols; j++) out[j] = Math.log((alpha + counts[j]) / norm);
    if (complement) {
      let abs = 0;
      for (let j = 0; j < m.cols; j++) abs += Math.abs(out[j]);
      for (let j = 0; j < m.cols; j++) out[j] = (-out[j] / abs) * m.cols * 0.001;
    }
    return out;
  });
  return (i) => {
    const out = new Float64Array(classes);
    for (let k = 0; k < classes; k++) {
      let s = complement ? 0 : Math.log(prior[k] / m.rows);
      for (let p = x.indptr[i]; p < x.indptr[i + 1]; p++) s += logTheta[k][x.indices[p]] * x.values[p];
      out[k] = s;
    }
    let mean = 0;
    for (let k = 0; k < classes; k++) mean += out[k] / classes;
    for (let k = 0; k < classes; k++) out[k] -= mean;
    return out;
  };
}

/**
 * A one-hidden-layer network over the sparse tf-idf row (ReLU, dropout on the hidden layer, softmax
 * out), trained by plain SGD with a linearly decaying rate; only the input weights of a row's terms
 * are touched. Returns the fitted network's logits for a row of the same matrix.
 */
interface MlpSpec {
  hidden: number;
  epochs: number;
  lr: number;
  dropout: number;
  l2: number;
}
function fitMlp(
  m: SparseMatrix,
  rows: number[],
  yy: Int32Array,
  spec: MlpSpec,
  seed: number,
): (i: number) => Float64Array {
  const random = createRandom(seed);
  const h = spec.hidden;
  const w1 = new Float32Array(m.cols * h);
  for (let q = 0; q < w1.length; q++) w1[q] = (random() * 2 - 1) * 0.1;
  const b1 = new Float32Array(h);
  const w2 = new Float32Array(h * classes);
  const limit = Math.sqrt(6 / (h + classes));
  for (let q = 0; q < w2.length; q++) w2[q] = (random() * 2 - 1) * limit;
  const b2 = new Float32Array(classes);
  const hid = new Float64Array(h);
  const mask = new Float64Array(h);
  const dh = new Float64Array(h);
  const out = new Float64Array(classes);
  const order = rows.map((_, r) => r);
  for (let epoch = 0; epoch < spec.epochs; epoch++) {
    for (let r = order.length - 1; r > 0; r--) {
      const j = Math.floor(random() * (r + 1));
      [order[r], order[j]] = [order[j], order[r]];
    }
    const lr = spec.lr * (1 - epoch / spec.epochs);
    for (const r of order) {
      const i = rows[r];
      const a = m.indptr[i];
      const b = m.indptr[i + 1];
      for (let u = 0; u < h; u++) hid[u] = b1[u];
      for (let p = a; p < b; p++) {
        const base = m.indices[p] * h;
        const v = m.values[p];
        for (let u = 0; u < h; u++) hid[u] += w1[base + u] * v;
      }
      for (let u = 0; u < h; u++) {
        mask[u] = hid[u] > 0 && random() >= spec.dropout ? 1 / (1 - spec.dropout) : 0;
        hid[u] *= mask[u];
      }
      let max = -Infinity;
      for (let k = 0; k < classes; k++) {
        let s = b2[k];
        for (let u = 0; u < h; u++) s += w2[u * classes + k] * hid[u];
        out[k] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let k = 0; k < classes; k++) sum += out[k] = Math.exp(out[k] - max);
      dh.fill(0);
      for (let k = 0; k < classes; k++) {
        const g = out[k] / sum - (yy[r] === k ? 1 : 0);
        for (let u = 0; u < h; u++) {
          dh[u] += g * w2[u * classes + k];
          w2[u * classes + k] -= lr * (g * hid[u] + spec.l2 * w2[u * classes + k]);
        }
        b2[k] -= lr * g;
      }
      for (let u = 0; u < h; u++) dh[u] *= mask[u];
      for (let u = 0; u < h; u++) b1[u] -= lr * dh[u];
      for (let p = a; p < b; p++) {
        const base = m.indices[p] * h;
        const v = m.values[p];
        for (let u = 0; u < h; u++) w1[base + u] -= lr * (dh[u] * v + spec.l2 * w1[base + u]);
      }
    }
  }
  return (i) => {
    for (let u = 0; u < h; u++) hid[u] = b1[u];
    for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) {
      const base = m.indices[p] * h;
      for (let u = 0; u < h; u++) hid[u] += w1[base + u] * m.values[p];
    }
    const logits = new Float64Array(classes);
    for (let k = 0; k < classes; k++) {
      let s = b2[k];
      for (let u = 0; u < h; u++) s += w2[u * classes + k] * Math.max(0, hid[u]);
      logits[k] = s;
    }
    return logits;
  };
}
const mlpSpec: MlpSpec | undefined = process.env.MLP
  ? { hidden: 64, epochs: 10, lr: 0.2, dropout: 0.5, l2: 0, ...(JSON.parse(process.env.MLP) as object) }
  : undefined;

type Scores = Record<string, Float64Array[]>;
const perSeed: Array<{ fold: Int32Array; scores: Scores }> = [];
for (const seed of seeds) {
  started = Date.now();
  const fold = stratifiedFolds(y, folds, seed);
  const scores: Scores = { svm: [], knn: [], mnb: [], cnb: [], knn1: [], knn3: [], knn30: [] };
  for (const name of Object.keys(blockMatrices)) scores[name] = [];
  for (let f = 0; f < folds; f++) {
    const trainRows: number[] = [];
    const testRows: number[] = [];
    for (let i = 0; i < x.rows; i++) (fold[i] === f ? testRows : trainRows).push(i);
    const xt = selectRows(x, trainRows);
    const yt = Int32Array.from(trainRows, (i) => y[i]);
    const svm =
      process.env.SKIP_SVM === '1'
        ? denseLinearWeights(classes, x.cols, new Float32Array(classes * x.cols), new Float32Array(classes))
        : trainOneVsRestSvm(xt, yt, classes, { ...trainer, seed });
    const knnLabels = Int16Array.from(yt);
    const postings = buildPostings(compressExamples(xt, trainer.knnFeatures), x.cols);
    const mnb = fitNb(xt, yt, 0.1, false);
    const cnb = fitNb(xt, yt, 0.1, true);
    for (const i of testRows) {
      const s = x.indices.subarray(x.indptr[i], x.indptr[i + 1]);
      const v = x.values.subarray(x.indptr[i], x.indptr[i + 1]);
      scores.svm[i] = scoreRow(svm, s, v);
      scores.knn[i] = new Float64Array(classes);
      addNeighbourVotes(postings, knnLabels, s, v, { ...trainer, knnWeight: 1 }, scores.knn[i]);
      for (const k of [1, 3, 30]) {
        scores[`knn${k}`][i] = new Float64Array(classes);
        addNeighbourVotes(postings, knnLabels, s, v, { ...trainer, knnK: k, knnWeight: 1 }, scores[`knn${k}`][i]);
      }
      scores.mnb[i] = mnb(i);
      scores.cnb[i] = cnb(i);
    }
    if (mlpSpec) {
      const t0 = Date.now();
      const net = fitMlp(x, trainRows, yt, mlpSpec, seed + f);
      scores.mlp ??= [];
      for (const i of testRows) scores.mlp[i] = net(i);
      console.log(`  mlp fold ${f}: ${(Date.now() - t0) / 1000}s`);
    }
    for (const [name, m] of Object.entries(blockMatrices)) {
      const model = trainOneVsRestSvm(selectRows(m, trainRows), yt, classes, { ...trainer, seed });
      for (const i of testRows) {
        scores[name][i] = scoreRow(
          model,
          m.indices.subarray(m.indptr[i], m.indptr[i + 1]),
          m.values.subarray(m.indptr[i], m.indptr[i + 1]),
        );
      }
    }
  }
  perSeed.push({ fold, scores });
  console.log(`seed ${seed}: ${(Date.now() - started) / 1000}s`);
}

function argmax(s: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < s.length; k++) if (s[k] > s[best]) best = k;
  return best;
}

function macroF1Of(rows: readonly number[], predicted: (i: number) => number): number {
  return evaluatePredictions(rows.map((i) => ({ truth: labels[y[i]], predicted: labels[predicted(i)], confidence: 1 })))
    .macroF1;
}

/** Fast macro-F1 from a confusion count (rows × predicted labels). */
function fastMacroF1(truth: Int32Array, predicted: Int32Array): number {
  const tp = new Float64Array(classes);
  const pred = new Float64Array(classes);
  const sup = new Float64Array(classes);
  for (let i = 0; i < truth.length; i++) {
    sup[truth[i]]++;
    pred[predicted[i]]++;
    if (truth[i] === predicted[i]) tp[truth[i]]++;
  }
  let sum = 0;
  for (let k = 0; k < classes; k++) sum += pred[k] + sup[k] > 0 ? (2 * tp[k]) / (pred[k] + sup[k]) : 0;
  return sum / classes;
}

/** Per-class additive offsets maximising macro-F1 on the given score rows: coordinate ascent on a grid. */
function fitOffsets(rows: Float64Array[], truth: Int32Array, range: number, step: number): Float64Array {
  const offsets = new Float64Array(classes);
  const predicted = new Int32Array(rows.length);
  const predict = (): number => {
    for (let r = 0; r < rows.length; r++) {
      let best = 0;
      let bestScore = -Infinity;
      for (let k = 0; k < classes; k++) {
        const s = rows[r][k] + offsets[k];
        if (s > bestScore) {
          bestScore = s;
          best = k;
        }
      }
      predicted[r] = best;
    }
    return fastMacroF1(truth, predicted);
  };
  let current = predict();
  for (let pass = 0; pass < 3; pass++) {
    let improved = false;
    for (let k = 0; k < classes; k++) {
      const keep = offsets[k];
      let bestValue = keep;
      for (let v = -range; v <= range + 1e-9; v += step) {
        offsets[k] = v;
        const score = predict();
        // Ties go to the smaller offset in absolute value: no move without evidence.
        if (score > current + 1e-9 || (Math.abs(score - current) <= 1e-9 && Math.abs(v) < Math.abs(bestValue))) {
          current = score;
          bestValue = v;
          improved = true;
        }
      }
      offsets[k] = bestValue;
    }
    if (!improved) break;
  }
  return offsets;
}

/** Multinomial logistic regression with L2 (full-batch gradient descent with momentum) over dense inputs. */
function fitMetaLr(
  inputs: Float64Array[],
  truth: Int32Array,
  lambda: number,
  iterations = 400,
): (v: Float64Array) => Float64Array {
  const d = inputs[0].length;
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (const v of inputs) for (let j = 0; j < d; j++) mean[j] += v[j] / inputs.length;
  for (const v of inputs) for (let j = 0; j < d; j++) sd[j] += (v[j] - mean[j]) ** 2 / inputs.length;
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]) || 1;
  const z = inputs.map((v) => v.map((value, j) => (value - mean[j]) / sd[j]));
  const w = new Float64Array((d + 1) * classes);
  const velocity = new Float64Array(w.length);
  const grad = new Float64Array(w.length);
  const p = new Float64Array(classes);
  const rate = 0.5;
  const classWeight = new Float64Array(classes).fill(1);
  if (process.env.META_BALANCED === '1') {
    const counts = new Float64Array(classes);
    for (const t of truth) counts[t]++;
    for (let k = 0; k < classes; k++) classWeight[k] = counts[k] > 0 ? truth.length / (classes * counts[k]) : 0;
  }
  for (let it = 0; it < iterations; it++) {
    grad.fill(0);
    for (let r = 0; r < z.length; r++) {
      let max = -Infinity;
      for (let k = 0; k < classes; k++) {
        let s = w[d * classes + k];
        for (let j = 0; j < d; j++) s += w[j * classes + k] * z[r][j];
        p[k] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let k = 0; k < classes; k++) sum += p[k] = Math.exp(p[k] - max);
      for (let k = 0; k < classes; k++) {
        const g = (classWeight[truth[r]] * (p[k] / sum - (truth[r] === k ? 1 : 0))) / z.length;
        for (let j = 0; j < d; j++) grad[j * classes + k] += g * z[r][j];
        grad[d * classes + k] += g;
      }
    }
    for (let q = 0; q < d * classes; q++) grad[q] += lambda * w[q];
    for (let q = 0; q < w.length; q++) {
      velocity[q] = 0.9 * velocity[q] - rate * grad[q];
      w[q] += velocity[q];
    }
  }
  return (v) => {
    const out = new Float64Array(classes);
    for (let k = 0; k < classes; k++) {
      let s = w[d * classes + k];
      for (let j = 0; j < d; j++) s += (w[j * classes + k] * (v[j] - mean[j])) / sd[j];
      out[k] = s;
    }
    return out;
  };
}

const results: Array<{ name: string; per: number[] }> = [];
function report(name: string, per: number[]): void {
  results.push({ name, per });
  const mean = per.reduce((a, b) => a + b, 0) / per.length;
  console.log(
    `${mean.toFixed(4)} ± ${((Math.max(...per) - Math.min(...per)) / 2).toFixed(4)}  ${name}  [${per.map((v) => v.toFixed(4)).join(' ')}]`,
  );
}

const blend = (parts: Array<[number, Float64Array]>): Float64Array => {
  const out = new Float64Array(classes);
  for (const [weight, s] of parts) if (weight !== 0) for (let k = 0; k < classes; k++) out[k] += weight * s[k];
  return out;
};
const all = Array.from({ length: x.rows }, (_, i) => i);

/** A fixed blend, optionally with per-class offsets fitted on the other folds. */
function evaluateBlend(name: string, rowScore: (s: Scores, i: number) => Float64Array, offsets: boolean): void {
  report(
    name + (offsets ? ' + offsets' : ''),
    perSeed.map(({ fold, scores }) => {
      const blended = all.map((i) => rowScore(scores, i));
      if (!offsets) return macroF1Of(all, (i) => argmax(blended[i]));
      const predicted = new Int32Array(x.rows);
      for (let f = 0; f < folds; f++) {
        const train = all.filter((i) => fold[i] !== f);
        const o = fitOffsets(
          train.map((i) => blended[i]),
          Int32Array.from(train, (i) => y[i]),
          0.5,
          0.02,
        );
        for (const i of all)
          if (fold[i] === f)
            predicted[i] = argmax(
              blend([
                [1, blended[i]],
                [1, o],
              ]),
            );
      }
      return macroF1Of(all, (i) => predicted[i]);
    }),
  );
}

/** A meta logistic regression over the concatenated base scores, fitted on the other folds. */
function evaluateMeta(name: string, parts: string[], lambda: number, offsets: boolean): void {
  report(
    `meta[${parts.join('+')}] λ=${lambda}` + (offsets ? ' + offsets' : ''),
    perSeed.map(({ fold, scores }) => {
      const input = all.map((i) => Float64Array.from(parts.flatMap((part) => Array.from(scores[part][i]))));
      const predicted = new Int32Array(x.rows);
      for (let f = 0; f < folds; f++) {
        const train = all.filter((i) => fold[i] !== f);
        const meta = fitMetaLr(
          train.map((i) => input[i]),
          Int32Array.from(train, (i) => y[i]),
          lambda,
        );
        let o: Float64Array = new Float64Array(classes);
        if (offsets) {
          // Offsets need scores the meta did not see: an inner split of the training rows.
          const inner = new Int32Array(x.rows);
          train.forEach((i, r) => (inner[i] = r % 2));
          const metaRows: Float64Array[] = [];
          const metaTruth: number[] = [];
          for (let h = 0; h < 2; h++) {
            const fitRows = train.filter((i) => inner[i] !== h);
            const m = fitMetaLr(
              fitRows.map((i) => input[i]),
              Int32Array.from(fitRows, (i) => y[i]),
              lambda,
            );
            for (const i of train) {
              if (inner[i] !== h) continue;
              metaRows.push(m(input[i]));
              metaTruth.push(y[i]);
            }
          }
          o = fitOffsets(metaRows, Int32Array.from(metaTruth), 1, 0.05);
        }
        for (const i of all)
          if (fold[i] === f)
            predicted[i] = argmax(
              blend([
                [1, meta(input[i])],
                [1, o],
              ]),
            );
      }
      return macroF1Of(all, (i) => predicted[i]);
    }),
  );
}

const only = process.env.ONLY;
const svmKnn = (s: Scores, i: number): Float64Array =>
  blend([
    [1, s.svm[i]],
    [2, s.knn[i]],
  ]);
if (!only || only === 'base' || only === 'meta') evaluateBlend('svm + knn×2', svmKnn, false);
if (!only || only === 'base') {
  for (const name of Object.keys(perSeed[0].scores)) evaluateBlend(name, (s, i) => s[name][i], false);
  evaluateBlend('svm + knn×2', svmKnn, true);
}
if (blocks && (!only || only === 'fixed')) {
  for (const kw of [2, 3, 4])
    for (const sw of [0, 1, 2])
      evaluateBlend(
        `${sw}·svm + char + word + title + knn×${kw}`,
        (s, i) =>
          blend([
            [sw, s.svm[i]],
            [1, s.char[i]],
            [1, s.word[i]],
            [1, s.title[i]],
            [kw, s.knn[i]],
          ]),
        false,
      );
}
if (only === 'one') evaluateMeta('', ['knn', 'char', 'word', 'title'], 0.003, false);
if (only === 'one' && mlpSpec) {
  evaluateBlend('mlp', (s, i) => s.mlp[i], false);
  evaluateMeta('', ['knn', 'char', 'word', 'title', 'mlp'], 0.003, false);
}
if (only === 'one' && blockMatrices.extra) {
  evaluateBlend('extra', (s, i) => s.extra[i], false);
  evaluateMeta('', ['knn', 'char', 'word', 'title', 'extra'], 0.003, false);
}
if (only === 'knn') {
  evaluateMeta('', ['knn', 'char', 'word', 'title'], 0.003, false);
  evaluateMeta('', ['knn', 'knn1', 'char', 'word', 'title'], 0.003, false);
  evaluateMeta('', ['knn', 'knn3', 'char', 'word', 'title'], 0.003, false);
  evaluateMeta('', ['knn', 'knn30', 'char', 'word', 'title'], 0.003, false);
  evaluateMeta('', ['knn1', 'knn', 'knn30', 'char', 'word', 'title'], 0.003, false);
}
if (!only || only === 'meta') {
  for (const lambda of (process.env.LAMBDAS ?? '0.003,0.01,0.03').split(',').map(Number)) {
    if (blocks) {
      evaluateMeta('', ['knn', 'char', 'word', 'title'], lambda, false);
      evaluateMeta('', ['knn', 'cnb', 'char', 'word', 'title'], lambda, false);
      evaluateMeta('', ['knn', 'cnb', 'mnb', 'char', 'word', 'title'], lambda, false);
      evaluateMeta('', ['svm', 'knn', 'char', 'word', 'title'], lambda, false);
      evaluateMeta('', ['svm', 'knn', 'cnb', 'char', 'word', 'title'], lambda, false);
      evaluateMeta('', ['svm', 'knn', 'cnb', 'mnb', 'char', 'word', 'title'], lambda, false);
    }
  }
}

if (only === 'one') process.exit(0);
// Out-of-fold confusion of the shipped blend (seed 1): where the errors are.
const confusion = labels.map(() => new Array<number>(classes).fill(0));
for (const i of all)
  confusion[y[i]][
    argmax(
      blend([
        [1, perSeed[0].scores.svm[i]],
        [2, perSeed[0].scores.knn[i]],
      ]),
    )
  ]++;
console.log('confusion (rows truth, columns predicted):', labels.map((l) => l.slice(0, 2)).join(' '));
confusion.forEach((row, k) => console.log(labels[k].slice(0, 2), row.map((v) => String(v).padStart(4)).join('')));
