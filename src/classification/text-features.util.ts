import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { DEFAULT_MAX_CHARS, normalizeText } from './text-normalizer.util';

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
const CHAR_BLOCK: Block = 0;
const WORD_BLOCK: Block = 1;
const HEAD_BLOCK: Block = 2;

function blockOf(term: string): Block {
  if (term.startsWith(WORD_PREFIX)) return WORD_BLOCK;
  if (term.startsWith(HEAD_PREFIX)) return HEAD_BLOCK;
  return CHAR_BLOCK;
}

let jiebaInstance: Jieba | undefined;

/** jieba's dictionary ships inside the package; loading it takes ~100 ms, so it happens once, lazily. */
function jieba(): Jieba {
  jiebaInstance ??= Jieba.withDict(dict);
  return jiebaInstance;
}

/** Term → raw count for one text. */
export function extractTerms(text: unknown, options: FeatureOptions): Map<string, number> {
  const normalized = normalizeText(text, { maxChars: options.maxChars, foldDigits: options.foldDigits });
  const counts = new Map<string, number>();
  if (normalized.length === 0) return counts;
  const add = (term: string): void => {
    counts.set(term, (counts.get(term) ?? 0) + 1);
  };
  addCharNgrams(normalized, options, '', add);
  if (options.titleWeight > 0 && typeof text === 'string') {
    const newline = text.indexOf('\n');
    const head = newline > 0 && newline <= 200 ? text.slice(0, newline) : text.slice(0, HEAD_CHARS);
    addCharNgrams(normalizeText(head, { maxChars: 200, foldDigits: options.foldDigits }), options, HEAD_PREFIX, add);
  }
  if (options.words) {
    for (const word of jieba().cut(normalized, true)) {
      if (word.length >= 2 && word.trim() === word) add(WORD_PREFIX + word);
    }
  }
  return counts;
}

function addCharNgrams(normalized: string, options: FeatureOptions, prefix: string, add: (term: string) => void): void {
  if (normalized.length === 0) return;
  for (const segment of normalized.split(' ')) {
    // Plain substrings when every character is one UTF-16 unit (nearly always): far cheaper than joins.
    const chars = Array.from(segment);
    const bmp = chars.length === segment.length;
    for (let n = options.charNgramMin; n <= options.charNgramMax; n++) {
      for (let i = 0; i + n <= chars.length; i++)
        add(prefix + (bmp ? segment.substr(i, n) : chars.slice(i, i + n).join('')));
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

export function buildVocabulary(docs: ReadonlyArray<Map<string, number>>, minDf: number): Vocabulary {
  const df = new Map<string, number>();
  for (const doc of docs) for (const term of doc.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const terms = [...df.entries()]
    .filter(([, count]) => count >= minDf)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([term]) => term);
  const idf = new Float64Array(terms.length);
  // sklearn's smooth idf: every term behaves as if seen once more in one extra document.
  terms.forEach((term, i) => (idf[i] = Math.log((1 + docs.length) / (1 + (df.get(term) ?? 0))) + 1));
  return { terms, index: vocabularyIndex(terms), idf };
}

export function vocabularyIndex(terms: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  terms.forEach((term, i) => index.set(term, i));
  return index;
}

/** Sublinear tf × idf; each block (chars, words, head) L2-normalised then weighted; then the whole row L2-normalised. */
export function vectorize(terms: Map<string, number>, vocabulary: Vocabulary, options: FeatureOptions): SparseVector {
  const indices: number[] = [];
  const values: number[] = [];
  const blocks: Block[] = [];
  const norms = [0, 0, 0];
  for (const [term, count] of terms) {
    const id = vocabulary.index.get(term);
    if (id === undefined) continue;
    const value = (1 + Math.log(count)) * vocabulary.idf[id];
    const block = blockOf(term);
    indices.push(id);
    values.push(value);
    blocks.push(block);
    norms[block] += value * value;
  }
  const weights = [1, options.wordWeight, options.titleWeight];
  const scales = norms.map((norm, block) => (norm > 0 ? weights[block] / Math.sqrt(norm) : 0));
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    values[i] *= scales[blocks[i]];
    total += values[i] * values[i];
  }
  const scale = total > 0 ? 1 / Math.sqrt(total) : 0;
  return { indices: Int32Array.from(indices), values: Float64Array.from(values, (v) => v * scale) };
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
