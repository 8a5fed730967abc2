import { Jieba } from '@node-rs/jieba';
import { readFileSync } from 'node:fs';
import { buildTermTable, TermCounter } from './term-table.util';
import { DEFAULT_MAX_CHARS, DIGIT_RUNS, normalizeText } from './text-normalizer.util';

/** How text becomes terms. Stored in the model so that prediction uses exactly the training setup. */
export interface FeatureOptions {
  maxChars: number;
  foldDigits: boolean;
  charNgramMin: number;
  charNgramMax: number;
  /** Add jieba words (length ≥ 2; single characters are already char unigrams). */
  words: boolean;
  /** Terms seen in fewer training documents are dropped: they cannot generalise and only grow the model. */
  minDf: number;
  /** Weight of the word block relative to the char n-gram block before the final L2 norm. */
  wordWeight: number;
  /** Weight of a separate block of char n-grams from the head of the text (its first line, the
   * title, when there is one; else its first HEAD_CHARS characters); 0 turns the block off. */
  titleWeight: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  maxChars: DEFAULT_MAX_CHARS,
  foldDigits: true,
  charNgramMin: 1,
  charNgramMax: 3,
  words: true,
  minDf: 2,
  wordWeight: 0.5,
  titleWeight: 0.5,
};

const HEAD_CHARS = 40;

/** Word and head terms carry a prefix that char n-grams cannot contain (punctuation is stripped), so blocks never collide. */
const WORD_PREFIX = '|';
const HEAD_PREFIX = '^';

type Block = 0 | 1 | 2;
/** The feature blocks: char n-grams (0), jieba words (1), head (title) n-grams (2). */
export const FEATURE_BLOCKS = 3;
const CHAR_BLOCK: Block = 0;
const WORD_BLOCK: Block = 1;
const HEAD_BLOCK: Block = 2;

function blockOf(term: string): Block {
  if (term.startsWith(WORD_PREFIX)) return WORD_BLOCK;
  if (term.startsWith(HEAD_PREFIX)) return HEAD_BLOCK;
  return CHAR_BLOCK;
}

/** The block of each term (FEATURE_BLOCKS), in vocabulary order. */
export function termBlocks(terms: readonly string[]): Uint8Array {
  return Uint8Array.from(terms, blockOf);
}

let jiebaInstance: Jieba | undefined;

/**
 * jieba's dictionary ships inside the package; loading it takes ~100 ms, so it happens once, lazily. It is
 * read here rather than through `@node-rs/jieba/dict`, whose module keeps its 11 MB of text (the
 * dictionary and an idf table this classifier does not use) for the life of the process.
 */
function jieba(): Jieba {
  jiebaInstance ??= Jieba.withDict(readFileSync(require.resolve('@node-rs/jieba/dict.txt')));
  return jiebaInstance;
}

/**
 * The normalised text the features read: digits are kept here, so that prediction can normalise once
 * for the keyword rules (which want digits) and fold the digits for the features afterwards.
 */
export function normalizeForFeatures(text: unknown, options: FeatureOptions): string {
  return normalizeText(text, { maxChars: options.maxChars, foldDigits: false });
}

function foldDigits(normalized: string, options: FeatureOptions): string {
  return options.foldDigits ? normalized.replace(DIGIT_RUNS, '0') : normalized;
}

/**
 * Receives the term occurrences of a text. Training counts strings; prediction hashes the ranges
 * straight into vocabulary ids (term-table.util.ts) and never builds the substrings.
 */
interface TermSink {
  /** One occurrence of prefix + source[start, end). */
  term(prefix: string, source: string, start: number, end: number): void;
  /** Every char n-gram, minN ≤ n ≤ maxN, of a segment whose characters are single UTF-16 units, prefixed. */
  charNgrams(prefix: string, segment: string, minN: number, maxN: number): void;
}

/** Calls `visit` once per term occurrence: char n-grams, head (title) n-grams, jieba words. */
function forEachTerm(text: unknown, normalized: string, options: FeatureOptions, visit: TermSink): void {
  const body = foldDigits(normalized, options);
  if (body.length === 0) return;
  addCharNgrams(body, options, '', visit);
  if (options.titleWeight > 0 && typeof text === 'string') {
    const newline = text.indexOf('\n');
    const head = newline > 0 && newline <= 200 ? text.slice(0, newline) : text.slice(0, HEAD_CHARS);
    addCharNgrams(
      foldDigits(normalizeText(head, { maxChars: 200, foldDigits: false }), options),
      options,
      HEAD_PREFIX,
      visit,
    );
  }
  if (options.words) {
    for (const word of jieba().cut(body, true)) {
      if (word.length >= 2 && word.trim() === word) visit.term(WORD_PREFIX, word, 0, word.length);
    }
  }
}

/** Term → raw count for one text (training keeps these to build the vocabulary). */
export function extractTerms(text: unknown, options: FeatureOptions, normalized?: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (term: string): void => {
    counts.set(term, (counts.get(term) ?? 0) + 1);
  };
  forEachTerm(text, normalized ?? normalizeForFeatures(text, options), options, {
    term: (prefix, source, start, end) => add(prefix + source.substring(start, end)),
    charNgrams: (prefix, segment, minN, maxN) => {
      for (let n = minN; n <= maxN; n++) {
        for (let i = 0; i + n <= segment.length; i++) add(prefix + segment.substr(i, n));
      }
    },
  });
  return counts;
}

const SURROGATE = /[\ud800-\udfff]/;

function addCharNgrams(normalized: string, options: FeatureOptions, prefix: string, visit: TermSink): void {
  if (normalized.length === 0) return;
  for (const segment of normalized.split(' ')) {
    // n-grams are over characters (code points); ranges of UTF-16 units when every character is one unit (nearly always).
    if (!SURROGATE.test(segment)) {
      visit.charNgrams(prefix, segment, options.charNgramMin, options.charNgramMax);
      continue;
    }
    const chars = Array.from(segment);
    for (let n = options.charNgramMin; n <= options.charNgramMax; n++) {
      for (let i = 0; i + n <= chars.length; i++) {
        const gram = chars.slice(i, i + n).join('');
        visit.term(prefix, gram, 0, gram.length);
      }
    }
  }
}

/** Sparse rows in CSR layout: the training loops walk rows, so rows must be contiguous. */
export interface SparseMatrix {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

/** Vocabulary and smoothed idf learned from the training documents. */
export interface Vocabulary {
  terms: string[];
  index: Map<string, number>;
  idf: Float64Array;
}

/** Terms with document frequency ≥ minDf, the most frequent first, at most maxTerms of them. */
export function buildVocabulary(
  docs: ReadonlyArray<Map<string, number>>,
  minDf: number,
  maxTerms = Number.POSITIVE_INFINITY,
): Vocabulary {
  const df = new Map<string, number>();
  for (const doc of docs) for (const term of doc.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const terms = [...df.entries()]
    .filter(([, count]) => count >= minDf)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxTerms)
    .map(([term]) => term);
  const idf = new Float64Array(terms.length);
  // sklearn's smooth idf: every term behaves as if seen once more in one extra document.
  terms.forEach((term, i) => (idf[i] = Math.log((1 + docs.length) / (1 + (df.get(term) ?? 0))) + 1));
  return { terms, index: vocabularyIndex(terms), idf };
}

function vocabularyIndex(terms: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  terms.forEach((term, i) => index.set(term, i));
  return index;
}

/** What prediction needs to vectorise without a term map (nor the terms: a Map of a centre's 270,000
 * terms would hold some 14 MB in every worker for nothing): each term's block, and a counter over the
 * hashed vocabulary (term-table.util.ts) whose counts are reused scratch space. */
export interface VectorizerState {
  counter: TermCounter;
  blocks: Uint8Array;
}

export function vectorizerState(vocabulary: Pick<Vocabulary, 'terms' | 'idf'>): VectorizerState {
  const blocks = termBlocks(vocabulary.terms);
  return { counter: new TermCounter(buildTermTable(vocabulary.terms, vocabulary.idf, blocks)), blocks };
}

/** Sublinear tf × idf; each block (chars, words, head) L2-normalised then weighted; then the whole row
 * L2-normalised. Entry i is a feature with counts[i] occurrences, idf[i] and block blocks[i]. */
function weigh(
  ids: Int32Array,
  counts: ArrayLike<number>,
  idf: ArrayLike<number>,
  blocks: ArrayLike<number>,
  options: FeatureOptions,
): SparseVector {
  const values = new Float64Array(ids.length);
  const norms = [0, 0, 0];
  for (let i = 0; i < ids.length; i++) {
    values[i] = (1 + Math.log(counts[i])) * idf[i];
    norms[blocks[i]] += values[i] * values[i];
  }
  const weights = [1, options.wordWeight, options.titleWeight];
  const scales = norms.map((norm, block) => (norm > 0 ? weights[block] / Math.sqrt(norm) : 0));
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    values[i] *= scales[blocks[i]];
    total += values[i] * values[i];
  }
  const scale = total > 0 ? 1 / Math.sqrt(total) : 0;
  for (let i = 0; i < values.length; i++) values[i] *= scale;
  return { indices: ids, values };
}

export function vectorize(terms: Map<string, number>, vocabulary: Vocabulary, options: FeatureOptions): SparseVector {
  const ids: number[] = [];
  const counts: number[] = [];
  const idf: number[] = [];
  const blocks: number[] = [];
  for (const [term, count] of terms) {
    const id = vocabulary.index.get(term);
    if (id === undefined) continue;
    ids.push(id);
    counts.push(count);
    idf.push(vocabulary.idf[id]);
    blocks.push(blockOf(term));
  }
  return weigh(Int32Array.from(ids), counts, idf, blocks, options);
}

/** The prediction path: text straight to its sparse vector, one hashed vocabulary look-up per term occurrence. */
export function vectorizeText(
  text: unknown,
  normalized: string,
  state: VectorizerState,
  options: FeatureOptions,
): SparseVector {
  const { counter } = state;
  try {
    forEachTerm(text, normalized, options, counter);
  } catch (error) {
    counter.drain(); // counts left behind would leak into the next text's vector
    throw error;
  }
  const { ids, counts, idf, blocks } = counter.drain();
  return weigh(ids, counts, idf, blocks, options);
}

export function toMatrix(rows: readonly SparseVector[], cols: number): SparseMatrix {
  const indptr = new Int32Array(rows.length + 1);
  rows.forEach((row, i) => (indptr[i + 1] = indptr[i] + row.indices.length));
  const indices = new Int32Array(indptr[rows.length]);
  const values = new Float64Array(indptr[rows.length]);
  rows.forEach((row, i) => {
    indices.set(row.indices, indptr[i]);
    values.set(row.values, indptr[i]);
  });
  return { rows: rows.length, cols, indptr, indices, values };
}

/** Convenience for callers that do not keep term maps around. */
export function textTerms(text: unknown, options: Partial<FeatureOptions> = {}): Map<string, number> {
  return extractTerms(text, { ...DEFAULT_FEATURE_OPTIONS, ...options });
}
