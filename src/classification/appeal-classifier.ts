/**
 * Appeal classifier: a pure library (no Nest) that the classification service and the CLI share.
 *
 *   trainModel(examples: readonly LabelledAppeal[], options?: TrainOptions): ClassifierModel
 *       Learns the head `category` (from `label`) and, when enough examples carry them, the heads
 *       `appealType` and `urgency`, all over the same features. Synchronous and CPU-bound (~15 s
 *       for 5,000 appeals on one core): run it in a worker job, never in a request. Pass examples
 *       oldest first: the neighbour memory keeps the newest 20,000.
 *   predict(model: ClassifierModel, text: unknown): AppealPrediction
 *       Never throws: empty, punctuation-only, English, pinyin or 100,000-character input gives a
 *       low-confidence answer. The first call on a model object decodes it (~0.3 s) and caches the
 *       result for that object; then ~0.4 ms per appeal.
 *   prepareModel(model): void
 *       Does that one-off work (and loads jieba's dictionary) now: call it where a model is loaded,
 *       so that the first appeal does not wait for it.
 *   serializeModel(model) / parseModel(json, source?)   model ↔ JSON text, validated (ClassifierInputError)
 *   readModelFile(path) / writeModelFile(path, model)   the same through a file
 *   detectEmergency(text) (emergency-rules.util), matchPlace(text, compilePlaceIndex(areas))
 *   (place-matcher.util), evaluatePredictions(items) (classifier-metrics.util)
 *
 * A model is a plain JSON object (ClassifierModel in classifier-model.schema.ts): format, version,
 * createdAt, labels, hyperParameters, vocabulary + idf, the neighbour memory, and per head its
 * labels, int16 weights, bias, softmax scale and `threshold97`, the lowest confidence that kept
 * 97 % precision in cross-validation: the service can dispatch automatically above it.
 *
 * Method (chosen by cross-validation, see bench/classifier): char 1–3-grams of the whole text,
 * char 1–3-grams of its title (first line) and jieba words, each block sublinear tf × idf and
 * L2-normalised; one one-vs-rest class-balanced linear SVM (dual coordinate descent) per block and
 * a 10-nearest-neighbour vote over a compact memory of the training appeals, stacked under a small
 * multinomial logistic regression fitted on their 3-fold out-of-fold scores; a softmax whose
 * temperature is fitted on the meta model's out-of-fold scores, so that confidences are calibrated
 * probabilities. (Models without `stack` in a head, and `stacking: false`, sum the margins of one
 * SVM over all blocks and twice the vote instead.)
 */
import { softmax } from './calibration.util';
import { ClassifierInputError } from './classifier.errors';
import {
  decodeFloat32,
  decodeMemory,
  decodeMemoryLabels,
  dequantizeWeights,
  encodeFloat32,
  encodeMemory,
} from './classifier-model.codec';
import {
  ClassifierModel,
  HEAD_NAMES,
  HeadName,
  MODEL_FORMAT,
  MODEL_VERSION,
  ModelHead,
  TrainerHyperParameters,
} from './classifier-model.schema';
import { DEFAULT_TRAINER_OPTIONS, HeadScorer, scoreHead, selectRows, trainHead } from './classifier-training.util';
import { interleaveWeights } from './linear-trainer.util';
import { LabelledAppeal } from './classifier-dataset.util';
import { detectEmergencyInNormalized, EmergencyHint } from './emergency-rules.util';
import {
  accumulateSimilarities,
  buildPostings,
  clearSimilarities,
  compressExamples,
  MemoryPostings,
} from './nearest-neighbours.util';
import {
  buildVocabulary,
  DEFAULT_FEATURE_OPTIONS,
  extractTerms,
  FeatureOptions,
  normalizeForFeatures,
  SparseVector,
  termBlocks,
  toMatrix,
  vectorize,
  vectorizeText,
  VectorizerState,
  vectorizerState,
} from './text-features.util';
import { AppealType, ruleAppealType, ruleUrgency, UrgencyLevel } from './urgency-rules.util';

export interface TrainOptions {
  features?: Partial<FeatureOptions>;
  trainer?: Partial<TrainerHyperParameters>;
  /** Clock for `createdAt` (tests pin it). */
  now?: Date;
}

export interface LabelScore {
  label: string;
  confidence: number;
}

export type PredictionSource = 'model' | 'rule';

export interface AppealPrediction {
  category: LabelScore & { top: LabelScore[] };
  appealType?: { label: AppealType; confidence: number; source: PredictionSource };
  urgency: { label: UrgencyLevel; confidence: number; source: PredictionSource };
  emergency: EmergencyHint | null;
}

/** The weights take 2 bytes per feature and label; past this budget the rarest features go, so
 * that a model retrained on a tree of hundreds of leaf categories still loads quickly and stays
 * far below 50 MB. */
const WEIGHT_BUDGET_BYTES = 30 * 1024 * 1024;
/** The neighbour memory keeps the most recent appeals (callers pass them oldest first); 20,000
 * appeals at 64 features are ~6 MB of base64. */
const MAX_MEMORY_ROWS = 20_000;
/** A head is trained only with enough labelled rows for it to mean something. */
const MIN_HEAD_EXAMPLES = 20;
/** Below this model confidence the urgency keywords decide instead. */
const URGENCY_MODEL_MIN_CONFIDENCE = 0.5;
const RULE_CONFIDENCE = { critical: 0.9, urgent: 0.7, normal: 0.6, appealType: 0.6 } as const;
/** With fewer Chinese characters than this, scores are extrapolation: confidence shrinks towards uniform. */
const MIN_HAN_EVIDENCE = 8;

export function trainModel(examples: readonly LabelledAppeal[], options: TrainOptions = {}): ClassifierModel {
  const started = Date.now();
  const features: FeatureOptions = { ...DEFAULT_FEATURE_OPTIONS, ...options.features };
  const trainer: TrainerHyperParameters = { ...DEFAULT_TRAINER_OPTIONS, ...options.trainer };
  const categoryLabels = [...new Set(examples.map((e) => e.label))].sort();
  if (categoryLabels.length < 2) {
    throw new ClassifierInputError(
      'CLASSIFIER_DATA_INVALID',
      `training needs at least two categories (got ${categoryLabels.length})`,
    );
  }
  const labelCount = (labelOf: (e: LabelledAppeal) => string | undefined): number =>
    new Set(examples.map(labelOf).filter((label) => label !== undefined)).size;
  const totalLabels = categoryLabels.length + labelCount((e) => e.appealType) + labelCount((e) => e.urgency);
  const terms = examples.map((example) => extractTerms(example.text, features));
  const vocabulary = buildVocabulary(terms, features.minDf, Math.floor(WEIGHT_BUDGET_BYTES / (2 * totalLabels)));
  const x = toMatrix(
    terms.map((t) => vectorize(t, vocabulary, features)),
    vocabulary.terms.length,
  );
  const memoryStart = Math.max(0, examples.length - MAX_MEMORY_ROWS);
  const columnBlocks = termBlocks(vocabulary.terms);
  const headFor = (name: HeadName, labelOf: (e: LabelledAppeal) => string | undefined): ModelHead | undefined => {
    const rows = examples.flatMap((e, i) => (labelOf(e) === undefined ? [] : [i]));
    const labels = [...new Set(rows.map((i) => labelOf(examples[i]) as string))].sort();
    if (labels.length < 2 || rows.length < (name === 'category' ? 2 : MIN_HEAD_EXAMPLES)) return undefined;
    const y = Int32Array.from(rows, (i) => labels.indexOf(labelOf(examples[i]) as string));
    return trainHead(x, rows, y, labels, trainer, memoryStart, columnBlocks);
  };
  const category = headFor('category', (e) => e.label) as ModelHead;
  const appealType = headFor('appealType', (e) => e.appealType);
  const urgency = headFor('urgency', (e) => e.urgency);
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    createdAt: (options.now ?? new Date()).toISOString(),
    labels: category.labels,
    hyperParameters: { features, trainer },
    vocabulary: vocabulary.terms,
    idf: encodeFloat32(vocabulary.idf),
    memory:
      trainer.knnWeight > 0
        ? encodeMemory(
            compressExamples(
              selectRows(
                x,
                Array.from({ length: x.rows - memoryStart }, (_, i) => memoryStart + i),
              ),
              trainer.knnFeatures,
            ),
          )
        : null,
    heads: { category, ...(appealType ? { appealType } : {}), ...(urgency ? { urgency } : {}) },
    training: { examples: examples.length, seconds: (Date.now() - started) / 1000 },
  };
}

interface RuntimeHead extends HeadScorer {
  labels: string[];
  softmaxScale: number;
}

interface RuntimeModel {
  features: FeatureOptions;
  trainer: TrainerHyperParameters;
  vectorizer: VectorizerState;
  /** The neighbour memory, shared by the heads (each with its own memory labels). */
  postings: MemoryPostings | null;
  heads: Partial<Record<HeadName, RuntimeHead>>;
}

/** One text as every head scores it: its vector and, with a memory, the count of memory rows whose
 * similarity to it sits in the postings' scratch space (accumulated once, read by every head's vote). */
interface ScoredText {
  vector: SparseVector;
  evidence: number;
  neighbours: number | undefined;
}

/** Decoded weights per model object: decoding takes ~0.3 s, a prediction well under a millisecond. */
const runtimes = new WeakMap<ClassifierModel, RuntimeModel>();

function runtimeOf(model: ClassifierModel): RuntimeModel {
  let runtime = runtimes.get(model);
  if (runtime) return runtime;
  const cols = model.vocabulary.length;
  const postings = model.memory ? buildPostings(decodeMemory(model.memory), cols) : null;
  const vectorizer = vectorizerState({
    terms: model.vocabulary,
    idf: Float64Array.from(decodeFloat32(model.idf)),
  });
  const present = (Object.entries(model.heads) as Array<[HeadName, ModelHead | undefined]>).filter(
    (entry): entry is [HeadName, ModelHead] => entry[1] !== undefined,
  );
  // every head reads the weights of the same features of a text: one array for all of them
  const linear = interleaveWeights(present.map(([, head]) => dequantizeWeights(head, cols)));
  const heads: RuntimeModel['heads'] = {};
  for (const [h, [name, head]] of present.entries()) {
    const stack = head.stack;
    heads[name] = {
      labels: head.labels,
      linear: linear[h],
      softmaxScale: head.softmaxScale,
      postings,
      memoryLabels: head.memoryLabels ? decodeMemoryLabels(head.memoryLabels) : null,
      columnBlocks: stack ? vectorizer.blocks : null,
      blockBias: stack ? Float64Array.from(stack.blockBias) : null,
      meta: stack
        ? {
            inputs: stack.metaBias.length === 0 ? 0 : stack.metaWeights.length / stack.metaBias.length,
            weights: Float64Array.from(stack.metaWeights),
            bias: Float64Array.from(stack.metaBias),
          }
        : null,
    };
  }
  runtime = {
    features: { ...DEFAULT_FEATURE_OPTIONS, ...model.hyperParameters.features },
    trainer: { ...DEFAULT_TRAINER_OPTIONS, ...model.hyperParameters.trainer },
    vectorizer,
    postings,
    heads,
  };
  runtimes.set(model, runtime);
  return runtime;
}

function headProbabilities(runtime: RuntimeModel, head: RuntimeHead, text: ScoredText): Float64Array {
  const { vector, evidence, neighbours } = text;
  const scores = scoreHead(head, runtime.trainer, vector.indices, vector.values, neighbours);
  const probabilities = softmax(scores, head.softmaxScale);
  const uniform = 1 / probabilities.length;
  for (let k = 0; k < probabilities.length; k++) {
    probabilities[k] = evidence * probabilities[k] + (1 - evidence) * uniform;
  }
  return probabilities;
}

/** Share of MIN_HAN_EVIDENCE reached by the Chinese characters of the text, in [0, 1]. */
function hanEvidence(normalized: string): number {
  let count = 0;
  for (let i = 0; i < normalized.length && count < MIN_HAN_EVIDENCE; i++) {
    const code = normalized.charCodeAt(i);
    if ((code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff)) count++;
  }
  return count / MIN_HAN_EVIDENCE;
}

function ranked(labels: readonly string[], probabilities: Float64Array): LabelScore[] {
  return labels
    .map((label, k) => ({ label, confidence: probabilities[k] }))
    .sort((a, b) => b.confidence - a.confidence || (a.label < b.label ? -1 : 1));
}

/** An appeal that takes every step of prediction, segmentation included. */
const PREPARE_TEXT = '小区门口的路灯坏了一个多月，晚上很黑，希望尽快修理';

/**
 * The one-off cost of a model's first prediction, paid now: its weights and neighbour memory decoded
 * (~0.3 s), jieba's dictionary loaded (~0.1 s, once per process) and the prediction code run once.
 * A loader calls it so that no appeal waits for it, and a model that cannot be decoded fails here.
 */
export function prepareModel(model: ClassifierModel): void {
  predict(model, PREPARE_TEXT);
}

/**
 * The model as a process keeps it to predict with: its encoded arrays (the weights, idf, neighbour
 * memory and memory labels, base64 text of ten MB and more for a centre's model) left out, as the
 * decoded arrays they were prepared into replace them. It predicts exactly as the model it came
 * from, and is not for storing or for serializing.
 */
export function predictingPart(model: ClassifierModel): ClassifierModel {
  const runtime = runtimeOf(model);
  const heads = { ...model.heads };
  for (const name of HEAD_NAMES) {
    const head = heads[name];
    if (!head) continue;
    heads[name] = {
      ...head,
      weights: { ...head.weights, data: '' },
      memoryLabels: head.memoryLabels === null ? null : '',
    };
  }
  const lean: ClassifierModel = {
    ...model,
    idf: '',
    memory: model.memory ? { rows: model.memory.rows, lengths: '', indices: '', values: '' } : null,
    heads,
  };
  runtimes.set(lean, runtime);
  return lean;
}

export function predict(model: ClassifierModel, text: unknown): AppealPrediction {
  const runtime = runtimeOf(model);
  const safeText = typeof text === 'string' ? text : '';
  // One normalisation serves the features, the keyword rules and the emergency check.
  const normalized = normalizeForFeatures(safeText, runtime.features);
  const vector = vectorizeText(safeText, normalized, runtime.vectorizer, runtime.features);
  const postings = runtime.postings;
  const neighbours = postings ? accumulateSimilarities(postings, vector.indices, vector.values) : undefined;
  try {
    const scored: ScoredText = {
      vector,
      evidence: vector.indices.length === 0 ? 0 : hanEvidence(normalized),
      neighbours,
    };
    return predictScored(runtime, scored, normalized);
  } finally {
    // the scratch space must be clean for the next text, whatever happened to this one
    if (postings && neighbours !== undefined) clearSimilarities(postings, neighbours);
  }
}

function predictScored(runtime: RuntimeModel, scored: ScoredText, normalized: string): AppealPrediction {
  const categoryHead = runtime.heads.category as RuntimeHead;
  const top = ranked(categoryHead.labels, headProbabilities(runtime, categoryHead, scored));
  const emergency = detectEmergencyInNormalized(normalized);
  const prediction: AppealPrediction = {
    category: { label: top[0].label, confidence: top[0].confidence, top: top.slice(0, 3) },
    urgency: urgencyOf(runtime, scored, normalized, emergency),
    emergency,
  };
  const appealHead = runtime.heads.appealType;
  if (appealHead) {
    const best = ranked(appealHead.labels, headProbabilities(runtime, appealHead, scored))[0];
    prediction.appealType = { label: best.label as AppealType, confidence: best.confidence, source: 'model' };
  } else {
    const rule = ruleAppealType(normalized);
    if (rule) prediction.appealType = { label: rule.label, confidence: RULE_CONFIDENCE.appealType, source: 'rule' };
  }
  return prediction;
}

function urgencyOf(
  runtime: RuntimeModel,
  scored: ScoredText,
  normalized: string,
  emergency: EmergencyHint | null,
): AppealPrediction['urgency'] {
  // An emergency hand-over is critical whatever the model says: life or property is at risk now.
  if (emergency) return { label: 'critical', confidence: RULE_CONFIDENCE.critical, source: 'rule' };
  const head = runtime.heads.urgency;
  if (head) {
    const best = ranked(head.labels, headProbabilities(runtime, head, scored))[0];
    if (best.confidence >= URGENCY_MODEL_MIN_CONFIDENCE) {
      return { label: best.label as UrgencyLevel, confidence: best.confidence, source: 'model' };
    }
  }
  const rule = ruleUrgency(normalized);
  return { label: rule.label, confidence: RULE_CONFIDENCE[rule.label], source: 'rule' };
}
