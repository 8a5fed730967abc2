/**
 * Hyper-parameter search by stratified k-fold cross-validation on the DEVELOPMENT part only
 * (the 80 % of the shared file that is not held out). The held-out part is never read here.
 *
 *   npx tsx bench/classifier/cross-validate.ts [data.jsonl] '<json array of configs>'
 */
import { fitSoftmaxScale, softmax } from '../../src/classification/calibration.util';
import { evaluatePredictions, ScoredPrediction } from '../../src/classification/classifier-metrics.util';
import { scoreRow, trainNaiveBayes, trainOneVsRestSvm, DEFAULT_SVM_OPTIONS } from '../../src/classification/linear-trainer.util';
import {
  buildVocabulary,
  DEFAULT_FEATURE_OPTIONS,
  extractTerms,
  FeatureOptions,
  toMatrix,
  vectorize,
} from '../../src/classification/text-features.util';
import { isHeldOut, readSharedLines } from './shared-split.util';

interface Config {
  features?: Partial<FeatureOptions>;
  c?: number;
  balanced?: boolean;
  /** Blend factors of multinomial NB into the SVM scores to try (0 = SVM alone). */
  blends?: number[];
  nbAlpha?: number;
}

const path = process.argv[2] ?? '/work/shared/data/appeals-train.jsonl';
const configs = JSON.parse(process.argv[3] ?? '[{}]') as Config[];
const folds = Number(process.env.FOLDS ?? 5);

const dev = readSharedLines(path)
  .filter((line) => !isHeldOut(line.id))
  .map((line) => JSON.parse(line.raw) as { text: string; label: string });
const labels = [...new Set(dev.map((d) => d.label))].sort();
const y = Int32Array.from(dev, (d) => labels.indexOf(d.label));
// Stratified fold assignment: within each label, round-robin over a fixed shuffled order.
const fold = new Int32Array(dev.length);
{
  const perLabel = new Map<number, number[]>();
  dev.forEach((_, i) => perLabel.set(y[i], [...(perLabel.get(y[i]) ?? []), i]));
  for (const members of perLabel.values()) {
    members.sort((a, b) => ((a * 2654435761) >>> 0) - ((b * 2654435761) >>> 0));
    members.forEach((i, r) => (fold[i] = r % folds));
  }
}
console.log(`development examples: ${dev.length}, folds: ${folds}`);

const termCache = new Map<string, Map<string, number>[]>();
for (const config of configs) {
  const features: FeatureOptions = { ...DEFAULT_FEATURE_OPTIONS, ...config.features };
  const extractionKey = JSON.stringify([
    features.maxChars,
    features.foldDigits,
    features.charNgramMin,
    features.charNgramMax,
    features.words,
  ]);
  const started = Date.now();
  let terms = termCache.get(extractionKey);
  if (!terms) {
    terms = dev.map((d) => extractTerms(d.text, features));
    termCache.set(extractionKey, terms);
  }
  const oofScores: Float64Array[] = [];
  const oofNb: Float64Array[] = [];
  const oofTruth: number[] = [];
  let vocabularySize = 0;
  for (let f = 0; f < folds; f++) {
    const trainIdx = dev.map((_, i) => i).filter((i) => fold[i] !== f);
    const testIdx = dev.map((_, i) => i).filter((i) => fold[i] === f);
    const vocabulary = buildVocabulary(
      trainIdx.map((i) => terms[i]),
      features.minDf,
    );
    vocabularySize += vocabulary.terms.length / folds;
    const x = toMatrix(
      trainIdx.map((i) => vectorize(terms[i], vocabulary, features)),
      vocabulary.terms.length,
    );
    const model = trainOneVsRestSvm(
      x,
      Int32Array.from(trainIdx, (i) => y[i]),
      labels.length,
      {
        ...DEFAULT_SVM_OPTIONS,
        c: config.c ?? DEFAULT_SVM_OPTIONS.c,
        balanced: config.balanced ?? DEFAULT_SVM_OPTIONS.balanced,
      },
    );
    const nb = trainNaiveBayes(x, Int32Array.from(trainIdx, (i) => y[i]), labels.length, config.nbAlpha ?? 0.1);
    for (const i of testIdx) {
      const v = vectorize(terms[i], vocabulary, features);
      oofScores.push(scoreRow(model, v.indices, v.values));
      oofNb.push(scoreRow(nb, v.indices, v.values));
      oofTruth.push(y[i]);
    }
  }
  for (const blend of config.blends ?? [0]) {
    const blended = oofScores.map((scores, r) => scores.map((value, k) => value + blend * oofNb[r][k]));
    const scale = fitSoftmaxScale(blended, oofTruth);
    const predictions: ScoredPrediction[] = blended.map((scores, r) => {
      const p = softmax(scores, scale);
      let best = 0;
      for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
      return { truth: labels[oofTruth[r]], predicted: labels[best], confidence: p[best] };
    });
    const report = evaluatePredictions(predictions);
    console.log(
      JSON.stringify({
        config: { ...config, blends: undefined, blend },
        accuracy: +report.accuracy.toFixed(4),
        macroF1: +report.macroF1.toFixed(4),
        coverage97: +report.coverageAtPrecision97.toFixed(3),
        scale: +scale.toFixed(2),
        vocabulary: Math.round(vocabularySize),
        seconds: (Date.now() - started) / 1000,
      }),
    );
  }
}
