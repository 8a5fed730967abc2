/**
 * Experiments on the DEVELOPMENT part only (the held-out part is never read): repeated stratified
 * k-fold cross-validation (one fold assignment per seed) that keeps the out-of-fold scores of each
 * component separately — the plain one-vs-rest SVM, NB-SVM (Wang & Manning 2012: each class's
 * binary SVM on features scaled by that class's log-count ratio, interpolated with the naive-Bayes
 * score), and the neighbour vote — so that many blends can be compared without refitting.
 *
 *   SEEDS=42,7,1234 npx tsx bench/classifier/blend-experiment.ts '{"features":{},"nbC":[0.3,1]}'
 *
 * Prints macro-F1 mean ± half-range over the seeds for a grid of blends.
 *
 * Findings (5-fold, seeds 42, 7, 1234, 5,038 development appeals; macro-F1 mean ± half-range;
 * none beat the shipped configuration beyond noise, so none was adopted):
 *   shipped: char 1–3 + title 0.5 + words 0.5, SVM C=1 + kNN×2   0.9210 ± 0.0027 (SVM alone 0.9178)
 *   SVM C=0.5 / C=2 (best kNN weight)                            0.9200 / 0.9209
 *   NB-SVM (α=1, C 0.1 or 0.5, β 0.25–1), alone or ½ with SVM    ≤ 0.9205 (alone ≤ 0.9137)
 *   + L2 logistic regression (C 1 or 4) blended at 0.1–0.5       ≤ 0.9201
 *   char 1–4-grams (366k terms)                                  0.9200 ± 0.0028
 *   title block weight 1 (instead of 0.5)                        0.9192 ± 0.0013
 *   adjacent jieba word pairs in the word block (337k terms)     0.9202 ± 0.0027
 */
import {
  DEFAULT_TRAINER_OPTIONS,
  selectRows,
  stratifiedFolds,
} from '../../src/classification/classifier-training.util';
import {
  classCosts,
  createRandom,
  scoreRow,
  trainBinarySvm,
  trainOneVsRestSvm,
} from '../../src/classification/linear-trainer.util';
import { addNeighbourVotes, buildPostings, compressExamples } from '../../src/classification/nearest-neighbours.util';
import { evaluatePredictions } from '../../src/classification/classifier-metrics.util';
import { DEFAULT_FEATURE_OPTIONS, FeatureOptions, SparseMatrix } from '../../src/classification/text-features.util';
import { loadDevelopment, SHARED_APPEALS } from './shared-split.util';

interface Spec {
  features?: Partial<FeatureOptions>;
  svmC?: number;
  /** Extra C values of the plain SVM to compare (each blended with the neighbour vote). */
  svmCs?: number[];
  /** C values of a one-vs-rest L2 logistic regression (dual coordinate descent, liblinear's solver 7). */
  lrCs?: number[];
  nbC?: number[];
  nbAlpha?: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as Spec;
const path = process.env.DATA ?? SHARED_APPEALS;
const seeds = (process.env.SEEDS ?? '42,7,1234').split(',').map(Number);
const folds = Number(process.env.FOLDS ?? 5);
const features: FeatureOptions = { ...DEFAULT_FEATURE_OPTIONS, ...spec.features };
const trainer = { ...DEFAULT_TRAINER_OPTIONS, c: spec.svmC ?? DEFAULT_TRAINER_OPTIONS.c };
const nbCs = spec.nbC ?? [];
const nbAlpha = spec.nbAlpha ?? 1;

const { labels, y, x } = loadDevelopment(path, features);
const classes = labels.length;
let started = Date.now();

/** Per class k: r_k = log((p/|p|₁)/(q/|q|₁)), p = α + Σ_{y=k} x, q = α + Σ_{y≠k} x. */
function logCountRatios(m: SparseMatrix, yy: Int32Array, alpha: number): Float64Array[] {
  const sums = Array.from({ length: classes }, () => new Float64Array(m.cols));
  const total = new Float64Array(m.cols);
  for (let i = 0; i < m.rows; i++) {
    for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) {
      sums[yy[i]][m.indices[p]] += m.values[p];
      total[m.indices[p]] += m.values[p];
    }
  }
  return sums.map((pos) => {
    let pNorm = 0;
    let qNorm = 0;
    for (let j = 0; j < m.cols; j++) {
      pNorm += alpha + pos[j];
      qNorm += alpha + total[j] - pos[j];
    }
    const r = new Float64Array(m.cols);
    for (let j = 0; j < m.cols; j++) r[j] = Math.log((alpha + pos[j]) / pNorm / ((alpha + total[j] - pos[j]) / qNorm));
    return r;
  });
}

function scaled(m: SparseMatrix, r: Float64Array): SparseMatrix {
  const values = new Float64Array(m.values.length);
  for (let p = 0; p < values.length; p++) values[p] = m.values[p] * r[m.indices[p]];
  return { ...m, values };
}

function dot(w: Float64Array, m: SparseMatrix, i: number, r?: Float64Array): number {
  let s = 0;
  for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) s += w[m.indices[p]] * m.values[p] * (r ? r[m.indices[p]] : 1);
  return s;
}

/** L2-regularised logistic regression, dual coordinate descent (Yu, Huang & Lin 2011; liblinear solver 7). */
function trainBinaryLogistic(
  m: SparseMatrix,
  positive: (row: number) => boolean,
  cPos: number,
  cNeg: number,
  maxEpochs: number,
  random: () => number,
): Float64Array {
  const { rows, cols, indptr, indices, values } = m;
  const w = new Float64Array(cols + 1);
  const alpha = new Float64Array(2 * rows);
  const sq = new Float64Array(rows);
  const ys = new Int8Array(rows);
  const upper = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    ys[i] = positive(i) ? 1 : -1;
    upper[i] = ys[i] > 0 ? cPos : cNeg;
    alpha[2 * i] = Math.min(0.001 * upper[i], 1e-8);
    alpha[2 * i + 1] = upper[i] - alpha[2 * i];
    let sum = 1;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      sum += values[p] * values[p];
      w[indices[p]] += ys[i] * alpha[2 * i] * values[p];
    }
    w[cols] += ys[i] * alpha[2 * i];
    sq[i] = sum;
  }
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  let innerEps = 1e-2;
  for (let epoch = 0; epoch < maxEpochs; epoch++) {
    for (let i = rows - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let gMax = 0;
    let newtonIterations = 0;
    for (const i of order) {
      const c = upper[i];
      let dotValue = w[cols];
      for (let p = indptr[i]; p < indptr[i + 1]; p++) dotValue += w[indices[p]] * values[p];
      const a = sq[i];
      const b = ys[i] * dotValue;
      let ind1 = 2 * i;
      let ind2 = 2 * i + 1;
      let sign = 1;
      if (0.5 * a * (alpha[ind2] - alpha[ind1]) + b < 0) {
        ind1 = 2 * i + 1;
        ind2 = 2 * i;
        sign = -1;
      }
      const old = alpha[ind1];
      let z = old;
      if (c - z < 0.5 * c) z = 0.1 * z;
      let gp = a * (z - old) + sign * b + Math.log(z / (c - z));
      gMax = Math.max(gMax, Math.abs(gp));
      let inner = 0;
      while (inner <= 100 && Math.abs(gp) >= innerEps) {
        const gpp = a + c / (c - z) / z;
        const next = z - gp / gpp;
        z = next <= 0 ? z * 0.1 : next;
        gp = a * (z - old) + sign * b + Math.log(z / (c - z));
        inner++;
      }
      newtonIterations += inner;
      if (inner > 0) {
        alpha[ind1] = z;
        alpha[ind2] = c - z;
        const step = sign * (z - old) * ys[i];
        for (let p = indptr[i]; p < indptr[i + 1]; p++) w[indices[p]] += step * values[p];
        w[cols] += step;
      }
    }
    if (gMax < 0.1) break;
    if (newtonIterations <= rows / 10) innerEps = Math.max(1e-8, 0.1 * innerEps);
  }
  return w;
}

/** Out-of-fold component scores for one seed, rows in original order. */
interface Components {
  svm: Float64Array[];
  svmByC: Float64Array[][];
  lrByC: Float64Array[][];
  knn: Float64Array[];
  /** per nbC: svm part (Σ x r w + b) and NB part (Σ x r · mean|w|) */
  nbSvm: Float64Array[][];
  nbNb: Float64Array[][];
}

const results: Components[] = [];
for (const seed of seeds) {
  started = Date.now();
  const fold = stratifiedFolds(y, folds, seed);
  const comp: Components = {
    svm: new Array<Float64Array>(x.rows),
    svmByC: (spec.svmCs ?? []).map(() => new Array<Float64Array>(x.rows)),
    lrByC: (spec.lrCs ?? []).map(() => new Array<Float64Array>(x.rows)),
    knn: new Array<Float64Array>(x.rows),
    nbSvm: nbCs.map(() => new Array<Float64Array>(x.rows)),
    nbNb: nbCs.map(() => new Array<Float64Array>(x.rows)),
  };
  for (let f = 0; f < folds; f++) {
    const trainRows: number[] = [];
    const testRows: number[] = [];
    for (let i = 0; i < x.rows; i++) (fold[i] === f ? testRows : trainRows).push(i);
    const xt = selectRows(x, trainRows);
    const yt = Int32Array.from(trainRows, (i) => y[i]);
    const svm = trainOneVsRestSvm(xt, yt, classes, { ...trainer, seed });
    const knnLabels = Int16Array.from(yt);
    const postings = buildPostings(compressExamples(xt, trainer.knnFeatures), x.cols);
    for (const i of testRows) {
      const s = x.indices.subarray(x.indptr[i], x.indptr[i + 1]);
      const v = x.values.subarray(x.indptr[i], x.indptr[i + 1]);
      comp.svm[i] = scoreRow(svm, s, v);
      comp.knn[i] = new Float64Array(classes);
      addNeighbourVotes(postings, knnLabels, s, v, { ...trainer, knnWeight: 1 }, comp.knn[i]);
    }
    (spec.svmCs ?? []).forEach((c, ci) => {
      const other = trainOneVsRestSvm(xt, yt, classes, { ...trainer, c, seed });
      for (const i of testRows) {
        comp.svmByC[ci][i] = scoreRow(
          other,
          x.indices.subarray(x.indptr[i], x.indptr[i + 1]),
          x.values.subarray(x.indptr[i], x.indptr[i + 1]),
        );
      }
    });
    (spec.lrCs ?? []).forEach((c, ci) => {
      const counts = new Float64Array(classes);
      for (const label of yt) counts[label]++;
      const random = createRandom(seed);
      for (const i of testRows) comp.lrByC[ci][i] = new Float64Array(classes);
      for (let k = 0; k < classes; k++) {
        const { cPos, cNeg } = classCosts({ ...trainer, c }, xt.rows, counts[k]);
        const w = trainBinaryLogistic(xt, (i) => yt[i] === k, cPos, cNeg, 30, random);
        for (const i of testRows) comp.lrByC[ci][i][k] = dot(w, x, i) + w[x.cols];
      }
    });
    if (nbCs.length > 0) {
      const ratios = logCountRatios(xt, yt, nbAlpha);
      const counts = new Float64Array(classes);
      for (const label of yt) counts[label]++;
      nbCs.forEach((c, ci) => {
        for (const i of testRows) {
          comp.nbSvm[ci][i] = new Float64Array(classes);
          comp.nbNb[ci][i] = new Float64Array(classes);
        }
        const random = createRandom(seed);
        for (let k = 0; k < classes; k++) {
          const { cPos, cNeg } = classCosts({ ...trainer, c }, xt.rows, counts[k]);
          const w = trainBinarySvm(scaled(xt, ratios[k]), (i) => yt[i] === k, cPos, cNeg, trainer, random);
          let meanAbs = 0;
          for (let j = 0; j < x.cols; j++) meanAbs += Math.abs(w[j]);
          meanAbs /= x.cols;
          const ones = new Float64Array(x.cols).fill(meanAbs);
          for (const i of testRows) {
            comp.nbSvm[ci][i][k] = dot(w, x, i, ratios[k]) + w[x.cols];
            comp.nbNb[ci][i][k] = dot(ones, x, i, ratios[k]);
          }
        }
      });
    }
  }
  results.push(comp);
  console.log(`seed ${seed}: ${(Date.now() - started) / 1000}s`);
}

function macroF1(score: (comp: Components, i: number) => Float64Array): number[] {
  return results.map((comp) => {
    const items = [];
    for (let i = 0; i < x.rows; i++) {
      const s = score(comp, i);
      let best = 0;
      for (let k = 1; k < classes; k++) if (s[k] > s[best]) best = k;
      items.push({ truth: labels[y[i]], predicted: labels[best], confidence: 1 });
    }
    return evaluatePredictions(items).macroF1;
  });
}

const rows: Array<{ name: string; mean: number; spread: number; per: number[] }> = [];
function report(name: string, score: (comp: Components, i: number) => Float64Array): void {
  const per = macroF1(score);
  const mean = per.reduce((a, b) => a + b, 0) / per.length;
  rows.push({ name, mean, spread: (Math.max(...per) - Math.min(...per)) / 2, per });
}

const combine = (parts: Array<[number, Float64Array]>): Float64Array => {
  const out = new Float64Array(classes);
  for (const [weight, s] of parts) if (weight !== 0) for (let k = 0; k < classes; k++) out[k] += weight * s[k];
  return out;
};

for (const kw of [0, 1, 2, 3, 4])
  report(`svm + knn×${kw}`, (c, i) =>
    combine([
      [1, c.svm[i]],
      [kw, c.knn[i]],
    ]),
  );
(spec.svmCs ?? []).forEach((c, ci) => {
  for (const kw of [1, 2, 3, 4])
    report(`svm(C=${c}) + knn×${kw}`, (comp, i) =>
      combine([
        [1, comp.svmByC[ci][i]],
        [kw, comp.knn[i]],
      ]),
    );
});
(spec.lrCs ?? []).forEach((c, ci) => {
  for (const kw of [0, 1, 2, 3]) {
    report(`lr(C=${c}) + knn×${kw}`, (comp, i) =>
      combine([
        [1, comp.lrByC[ci][i]],
        [kw, comp.knn[i]],
      ]),
    );
    for (const lw of [0.1, 0.2, 0.3, 0.5]) {
      report(`svm + lr(C=${c})×${lw} + knn×${kw}`, (comp, i) =>
        combine([
          [1, comp.svm[i]],
          [lw, comp.lrByC[ci][i]],
          [kw, comp.knn[i]],
        ]),
      );
    }
  }
});
nbCs.forEach((nbC, ci) => {
  for (const beta of [0.25, 0.5, 0.75, 1]) {
    for (const kw of [0, 1, 2, 3]) {
      report(`nbsvm(C=${nbC}, β=${beta}) + knn×${kw}`, (c, i) =>
        combine([
          [beta, c.nbSvm[ci][i]],
          [1 - beta, c.nbNb[ci][i]],
          [kw, c.knn[i]],
        ]),
      );
      for (const share of [0.5]) {
        report(`${share}·svm + ${1 - share}·nbsvm(C=${nbC}, β=${beta}) + knn×${kw}`, (c, i) =>
          combine([
            [share, c.svm[i]],
            [(1 - share) * beta, c.nbSvm[ci][i]],
            [(1 - share) * (1 - beta), c.nbNb[ci][i]],
            [kw, c.knn[i]],
          ]),
        );
      }
    }
  }
});

rows.sort((a, b) => b.mean - a.mean);
for (const row of rows) {
  console.log(
    `${row.mean.toFixed(4)} ± ${row.spread.toFixed(4)}  ${row.name}  [${row.per.map((v) => v.toFixed(4)).join(' ')}]`,
  );
}
