import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ClassifierInputError } from './classifier.errors';
import { decodeMemory, decodeMemoryLabels } from './classifier-model.codec';
import { FeatureOptions } from './text-features.util';

export const MODEL_FORMAT = 'hotline-12345/appeal-classifier';
export const MODEL_VERSION = 1;
export const HEAD_NAMES = ['category', 'appealType', 'urgency'] as const;
export type HeadName = (typeof HEAD_NAMES)[number];

/** Weights stored as little-endian int16 in base64, one scale per class: a quarter of the size of
 * JSON numbers, and the rounding error (< 1/65,535 of the largest weight) changes no prediction. */
export interface QuantizedWeights {
  encoding: 'int16-le-base64';
  /** Feature-major: value of feature j for class k at j · classes + k. */
  data: string;
  scales: number[];
}

export interface ModelHead {
  labels: string[];
  bias: number[];
  weights: QuantizedWeights;
  /** Multiplier of the raw scores before the softmax (1 / temperature), fitted on out-of-fold scores. */
  softmaxScale: number;
  /** The lowest confidence that kept precision ≥ 97 % in cross-validation (null if none did): a
   * threshold the service can trust for automatic dispatch. */
  threshold97: number | null;
  /** int16 base64, one per memory row: this head's label index of that training appeal, -1 if none. */
  memoryLabels: string | null;
  trainingExamples: number;
  crossValidation: { folds: number; accuracy: number; macroF1: number; coverageAtPrecision97: number } | null;
  /** Present when the head stacks per-block SVMs (see classifier-training.util.ts). `weights` then
   * holds the SVM of each feature's block (blocks share no feature) and `bias` is unused (zeros). */
  stack?: StackedHead;
}

export interface StackedHead {
  /** Bias of the SVM of block b (chars, words, head) for class k at b · classes + k. */
  blockBias: number[];
  /** The meta logistic regression over the base scores (the three block SVMs' scores, then the
   * neighbour votes when the memory is on): weight of input i for class k at i · classes + k. */
  metaWeights: number[];
  metaBias: number[];
}

export interface TrainerHyperParameters {
  /** SVM inverse regularisation. */
  c: number;
  /** Class-balanced C per class. */
  balanced: boolean;
  maxEpochs: number;
  tolerance: number;
  /** Neighbour vote: how many neighbours, its weight against the SVM margins (0 = off), and how
   * many features of each training appeal the memory keeps. */
  knnK: number;
  knnWeight: number;
  /** Votes count cosine^power: above 1, near-repeats dominate and loosely similar appeals fade. */
  knnPower: number;
  knnFeatures: number;
  seed: number;
  /** Folds of the out-of-fold scores that calibrate the softmax (< 2 = no calibration). */
  calibrationFolds: number;
  /** Stack one SVM per feature block (chars, words, head) and the neighbour vote under a meta
   * logistic regression fitted on out-of-fold scores, instead of summing SVM margins and votes. */
  stacking: boolean;
  /** L2 penalty of the meta logistic regression (on standardised base scores). */
  metaLambda: number;
}

/** ExampleMemory in base64: uint16 row lengths, int32 feature ids, uint8 values (value = byte / 255). */
export interface EncodedMemory {
  rows: number;
  lengths: string;
  indices: string;
  values: string;
}

export interface ClassifierModel {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  createdAt: string;
  /** The category labels (= heads.category.labels), the figure people look for first. */
  labels: string[];
  hyperParameters: { features: FeatureOptions; trainer: TrainerHyperParameters };
  vocabulary: string[];
  /** float32 little-endian in base64, one per vocabulary term. */
  idf: string;
  /** The training appeals the neighbour vote compares with (null when the vote is off). */
  memory: EncodedMemory | null;
  heads: { category: ModelHead } & Partial<Record<'appealType' | 'urgency', ModelHead>>;
  training: { examples: number; seconds: number };
}

export function serializeModel(model: ClassifierModel): string {
  validateModel(model);
  return JSON.stringify(model);
}

/** Parses and validates a model file's content; anything unusable is a ClassifierInputError naming the problem. */
export function parseModel(json: string, source = 'model'): ClassifierModel {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new ClassifierInputError(
      'CLASSIFIER_MODEL_INVALID',
      `${source}: not valid JSON (${(error as Error).message})`,
    );
  }
  validateModel(parsed, source);
  return parsed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function base64Bytes(value: string): number {
  return Buffer.byteLength(value, 'base64');
}

function validateHead(
  head: unknown,
  name: string,
  vocabularySize: number,
  memoryRows: number | null,
  problems: string[],
): void {
  if (!isRecord(head)) {
    problems.push(`heads.${name} must be an object`);
    return;
  }
  const labels = head.labels;
  if (!isStringArray(labels) || labels.length < 2 || new Set(labels).size !== labels.length) {
    problems.push(`heads.${name}.labels must be at least two distinct strings`);
    return;
  }
  if (!Array.isArray(head.bias) || head.bias.length !== labels.length || !head.bias.every(isFiniteNumber)) {
    problems.push(`heads.${name}.bias must hold ${labels.length} numbers`);
  }
  const weights = head.weights;
  if (!isRecord(weights) || weights.encoding !== 'int16-le-base64' || typeof weights.data !== 'string') {
    problems.push(`heads.${name}.weights must be { encoding: 'int16-le-base64', data, scales }`);
  } else {
    if (base64Bytes(weights.data) !== labels.length * vocabularySize * 2) {
      problems.push(`heads.${name}.weights.data must hold ${labels.length} × ${vocabularySize} int16 values`);
    }
    if (
      !Array.isArray(weights.scales) ||
      weights.scales.length !== labels.length ||
      !weights.scales.every(isFiniteNumber)
    ) {
      problems.push(`heads.${name}.weights.scales must hold ${labels.length} numbers`);
    }
  }
  if (!isFiniteNumber(head.softmaxScale) || head.softmaxScale <= 0)
    problems.push(`heads.${name}.softmaxScale must be > 0`);
  if (
    memoryRows === null
      ? head.memoryLabels !== null
      : typeof head.memoryLabels !== 'string' || base64Bytes(head.memoryLabels) !== memoryRows * 2
  ) {
    problems.push(
      `heads.${name}.memoryLabels must be ${memoryRows === null ? 'null without a memory' : `${memoryRows} int16 values`}`,
    );
  } else if (
    typeof head.memoryLabels === 'string' &&
    decodeMemoryLabels(head.memoryLabels).some((l) => l < -1 || l >= labels.length)
  ) {
    problems.push(`heads.${name}.memoryLabels must hold label indexes or -1`);
  }
  if (head.stack !== undefined) validateStack(head.stack, name, labels.length, memoryRows !== null, problems);
  if (
    head.threshold97 !== null &&
    !(isFiniteNumber(head.threshold97) && head.threshold97 >= 0 && head.threshold97 <= 1)
  ) {
    problems.push(`heads.${name}.threshold97 must be null or a number in [0, 1]`);
  }
}

function validateStack(stack: unknown, name: string, classes: number, memory: boolean, problems: string[]): void {
  const inputs = (memory ? 4 : 3) * classes;
  const numbers = (value: unknown, length: number): boolean =>
    Array.isArray(value) && value.length === length && value.every(isFiniteNumber);
  if (
    !isRecord(stack) ||
    !numbers(stack.blockBias, 3 * classes) ||
    !numbers(stack.metaBias, classes) ||
    !numbers(stack.metaWeights, inputs * classes)
  ) {
    problems.push(
      `heads.${name}.stack must be { blockBias: ${3 * classes}, metaWeights: ${inputs * classes}, metaBias: ${classes} numbers }`,
    );
  }
}

const FEATURE_NUMBERS = ['maxChars', 'charNgramMin', 'charNgramMax', 'minDf', 'wordWeight', 'titleWeight'] as const;

/** Structural check of a model object; throws one error listing every problem found. */
export function validateModel(value: unknown, source = 'model'): asserts value is ClassifierModel {
  const problems: string[] = [];
  if (!isRecord(value)) {
    problems.push('expected a JSON object');
  } else if (value.format !== MODEL_FORMAT) {
    problems.push(`"format" must be "${MODEL_FORMAT}" (is this an appeal classifier model?)`);
  } else if (value.version !== MODEL_VERSION) {
    problems.push(`unsupported version ${JSON.stringify(value.version)}; this build reads version ${MODEL_VERSION}`);
  } else {
    if (typeof value.createdAt !== 'string' || Number.isNaN(Date.parse(value.createdAt))) {
      problems.push('"createdAt" must be an ISO date string');
    }
    const features = isRecord(value.hyperParameters) ? value.hyperParameters.features : undefined;
    if (!isRecord(features) || FEATURE_NUMBERS.some((field) => !isFiniteNumber(features[field]))) {
      problems.push(`hyperParameters.features must hold the numbers ${FEATURE_NUMBERS.join(', ')}`);
    } else if (typeof features.words !== 'boolean' || typeof features.foldDigits !== 'boolean') {
      problems.push('hyperParameters.features.words and foldDigits must be booleans');
    }
    if (!isRecord(value.hyperParameters) || !isRecord(value.hyperParameters.trainer)) {
      problems.push('hyperParameters.trainer must be an object');
    }
    const vocabulary = value.vocabulary;
    if (!isStringArray(vocabulary)) {
      problems.push('"vocabulary" must be an array of strings');
    } else {
      if (typeof value.idf !== 'string' || base64Bytes(value.idf) !== vocabulary.length * 4) {
        problems.push(`"idf" must hold ${vocabulary.length} float32 values`);
      }
      const memory = value.memory;
      let memoryRows: number | null = null;
      if (memory !== null) {
        if (
          !isRecord(memory) ||
          !Number.isInteger(memory.rows) ||
          typeof memory.lengths !== 'string' ||
          typeof memory.indices !== 'string' ||
          typeof memory.values !== 'string'
        ) {
          problems.push('"memory" must be null or { rows, lengths, indices, values }');
        } else {
          memoryRows = memory.rows as number;
          const entries = base64Bytes(memory.values);
          if (base64Bytes(memory.lengths) !== memoryRows * 2 || base64Bytes(memory.indices) !== entries * 4) {
            problems.push('"memory" lengths, indices and values disagree in size');
          } else {
            const decoded = decodeMemory(memory as unknown as EncodedMemory);
            if (
              decoded.indptr[memoryRows] !== entries ||
              decoded.indices.some((j) => j < 0 || j >= vocabulary.length)
            ) {
              problems.push('"memory" refers to features outside the vocabulary');
            }
          }
        }
      }
      const heads = value.heads;
      if (!isRecord(heads) || heads.category === undefined) {
        problems.push('"heads.category" is missing');
      } else {
        for (const name of HEAD_NAMES) {
          if (heads[name] !== undefined) validateHead(heads[name], name, vocabulary.length, memoryRows, problems);
        }
        const category = heads.category;
        if (
          !isStringArray(value.labels) ||
          !isRecord(category) ||
          !isStringArray(category.labels) ||
          value.labels.join('\n') !== category.labels.join('\n')
        ) {
          problems.push('"labels" must equal heads.category.labels');
        }
      }
    }
  }
  if (problems.length > 0) {
    throw new ClassifierInputError(
      'CLASSIFIER_MODEL_INVALID',
      `${source}: invalid classifier model: ${problems.join('; ')}`,
    );
  }
}

export async function readModelFile(path: string): Promise<ClassifierModel> {
  let json: string;
  try {
    json = await readFile(path, 'utf8');
  } catch (error) {
    throw new ClassifierInputError('CLASSIFIER_MODEL_INVALID', `${path}: cannot read (${(error as Error).message})`);
  }
  return parseModel(json, path);
}

/** Writes the model and returns its size in bytes. */
export async function writeModelFile(path: string, model: ClassifierModel): Promise<number> {
  const json = serializeModel(model);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, json, 'utf8');
  return Buffer.byteLength(json, 'utf8');
}
