import { SparseMatrix } from './text-features.util';

/**
 * A compact memory of the training appeals for a k-nearest-neighbour vote. Many appeals are
 * near-repeats of earlier ones (the same caller again, the same estate, the same school); the
 * nearest earlier appeals then say more than any linear weight. Cross-validation on the shared
 * appeals: +0.5 point of macro-F1 blended into the SVM scores.
 *
 * Each appeal keeps only its `featuresPerExample` heaviest tf-idf features, re-normalised and
 * stored as one byte each: 64 features cost 5 bytes each, ~1.6 MB for 5,000 appeals, and keep the
 * neighbours nearly as good as the full vectors. With digits folded (the default) no phone number
 * or id survives, and only terms seen in at least two appeals are in the vocabulary anyway.
 */
export interface ExampleMemory {
  rows: number;
  /** CSR of the kept features, values already dequantised. */
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/** Inverted index of a memory: for each feature, the rows that kept it. Built once per loaded model. */
export interface MemoryPostings {
  rows: number;
  /** The postings of feature j are entries start[j] to start[j + 1] - 1. */
  start: Int32Array;
  /** Per posting, row << 8 | the value's byte (the value is UNIT_BYTE_VALUE[byte]): one array, so
   * that a feature's few postings cost one cache miss where a row and a value array cost two. */
  entry: Int32Array;
  /** Scratch space reused by every query: one similarity per memory row, which rows were touched,
   * and which of them the current vote has read. */
  similarity: Float64Array;
  touched: Int32Array;
  voted: Uint8Array;
}

export function compressExamples(x: SparseMatrix, featuresPerExample: number): ExampleMemory {
  const indptr = new Int32Array(x.rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < x.rows; i++) {
    const start = x.indptr[i];
    const order = Array.from({ length: x.indptr[i + 1] - start }, (_, p) => start + p)
      .sort((a, b) => x.values[b] - x.values[a] || x.indices[a] - x.indices[b])
      .slice(0, featuresPerExample);
    let norm = 0;
    for (const p of order) norm += x.values[p] * x.values[p];
    norm = Math.sqrt(norm) || 1;
    for (const p of order) {
      const byte = quantizeUnit(x.values[p] / norm);
      if (byte === 0) continue; // too light to matter, and a zero would confuse the vote's touched-row bookkeeping
      indices.push(x.indices[p]);
      values.push(byte / 255);
    }
    indptr[i + 1] = indices.length;
  }
  return { rows: x.rows, indptr, indices: Int32Array.from(indices), values: Float32Array.from(values) };
}

/** A value in [0, 1] as one byte (the memory stores non-negative, unit-norm rows). */
export function quantizeUnit(value: number): number {
  return Math.max(0, Math.min(255, Math.round(value * 255)));
}

/** The memory's value of each byte, exactly as its Float32Array holds it. */
const UNIT_BYTE_VALUE = Float64Array.from({ length: 256 }, (_, byte) => Math.fround(byte / 255));
const MAX_POSTING_ROWS = 1 << 23;

export function buildPostings(memory: ExampleMemory, cols: number): MemoryPostings {
  const start = new Int32Array(cols + 1);
  for (const j of memory.indices) start[j + 1]++;
  for (let j = 0; j < cols; j++) start[j + 1] += start[j];
  const fill = start.slice(0, cols);
  if (memory.rows > MAX_POSTING_ROWS) throw new Error(`a memory of ${memory.rows} rows cannot be indexed`);
  const entry = new Int32Array(memory.indices.length);
  for (let i = 0; i < memory.rows; i++) {
    for (let p = memory.indptr[i]; p < memory.indptr[i + 1]; p++) {
      const byte = quantizeUnit(memory.values[p]);
      if (UNIT_BYTE_VALUE[byte] !== memory.values[p]) {
        throw new Error(`memory value ${memory.values[p]} is not a byte / 255`);
      }
      entry[fill[memory.indices[p]]++] = (i << 8) | byte;
    }
  }
  return {
    rows: memory.rows,
    start,
    entry,
    similarity: new Float64Array(memory.rows),
    touched: new Int32Array(memory.rows),
    voted: new Uint8Array(memory.rows),
  };
}

/**
 * Accumulates the similarity (dot product) of a query to every memory row that shares a feature
 * with it into `postings.similarity`, and lists those rows in `postings.touched`, first touched
 * first. Returns how many there are. The similarities do not depend on the head, so prediction
 * computes them once for all heads (each head's vote skips the rows it has no label for); call
 * clearSimilarities after the last vote.
 */
export function accumulateSimilarities(
  postings: MemoryPostings,
  indices: ArrayLike<number>,
  values: ArrayLike<number>,
): number {
  const { similarity, touched, start, entry } = postings;
  let touchedCount = 0;
  for (let p = 0; p < indices.length; p++) {
    const j = indices[p];
    const v = values[p];
    const end = start[j + 1];
    for (let q = start[j]; q < end; q++) {
      const row = entry[q] >>> 8;
      if (similarity[row] === 0) touched[touchedCount++] = row;
      similarity[row] += v * UNIT_BYTE_VALUE[entry[q] & 0xff];
    }
  }
  return touchedCount;
}

export function clearSimilarities(postings: MemoryPostings, touchedCount: number): void {
  for (let t = 0; t < touchedCount; t++) postings.similarity[postings.touched[t]] = 0;
}

/**
 * Adds weight · (Σ over the k most similar memory rows of cosine^power / k) to the score of each
 * row's label, from similarities accumulated by accumulateSimilarities (left in place). Rows
 * labelled -1 (not labelled for this head) are skipped.
 */
export function voteFromSimilarities(
  postings: MemoryPostings,
  touchedCount: number,
  labelOf: Int16Array,
  options: { knnK: number; knnWeight: number; knnPower: number },
  scores: Float64Array,
): void {
  const { knnK: k, knnWeight: weight, knnPower: power } = options;
  const { similarity, touched, voted } = postings;
  // Top-k by insertion into a short sorted list: k is small, and most rows fall out at the first comparison.
  const bestRow = new Int32Array(k);
  const bestSim = new Float64Array(k);
  let found = 0;
  for (let t = 0; t < touchedCount; t++) {
    const row = touched[t];
    if (labelOf[row] < 0) continue;
    // A row whose similarity was still 0 when touched again (a zero query or memory value) is listed
    // twice; its later listings count as 0, as when each vote reset the similarities it read.
    const sim = voted[row] === 0 ? similarity[row] : 0;
    voted[row] = 1;
    if (found === k && !(sim > bestSim[k - 1] || (sim === bestSim[k - 1] && row < bestRow[k - 1]))) continue;
    let at = found < k ? found++ : k - 1;
    while (at > 0 && (bestSim[at - 1] < sim || (bestSim[at - 1] === sim && bestRow[at - 1] > row))) {
      bestSim[at] = bestSim[at - 1];
      bestRow[at] = bestRow[at - 1];
      at--;
    }
    bestSim[at] = sim;
    bestRow[at] = row;
  }
  for (let t = 0; t < touchedCount; t++) voted[touched[t]] = 0;
  for (let b = 0; b < found; b++) scores[labelOf[bestRow[b]]] += (weight * Math.pow(bestSim[b], power)) / k;
}

/** The neighbour vote of one query for one head: accumulate, vote, clear. */
export function addNeighbourVotes(
  postings: MemoryPostings,
  labelOf: Int16Array,
  indices: ArrayLike<number>,
  values: ArrayLike<number>,
  options: { knnK: number; knnWeight: number; knnPower: number },
  scores: Float64Array,
): void {
  const touchedCount = accumulateSimilarities(postings, indices, values);
  voteFromSimilarities(postings, touchedCount, labelOf, options, scores);
  clearSimilarities(postings, touchedCount);
}
