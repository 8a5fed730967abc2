import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildVocabulary,
  extractTerms,
  FeatureOptions,
  SparseMatrix,
  toMatrix,
  Vocabulary,
  vectorize,
} from '../../src/classification/text-features.util';

/** The labelled appeals where the project's checkout sits beside a `shared` folder (`../shared/data`). */
export const SHARED_APPEALS = join(__dirname, '..', '..', '..', 'shared', 'data', 'appeals-train.jsonl');

/** 32-bit FNV-1a over the UTF-8 bytes of a string. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * The fixed held-out part: an appeal is held out when FNV-1a-32(id) mod 5 === 0 (≈ 20 %).
 * Hashing the id (not the line position) keeps the split stable if the file is reordered or grows.
 */
export function isHeldOut(id: string): boolean {
  return fnv1a32(id) % 5 === 0;
}

export interface SharedLine {
  id: string;
  raw: string;
}

export function readSharedLines(path: string): SharedLine[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((raw) => ({ id: String((JSON.parse(raw) as { id: unknown }).id), raw }));
}

/** The development part (never the held-out one) as the experiments use it: labels, targets, features. */
export interface DevelopmentSet {
  dev: { text: string; label: string }[];
  labels: string[];
  y: Int32Array;
  vocabulary: Vocabulary;
  x: SparseMatrix;
}

export function loadDevelopment(path: string, features: FeatureOptions): DevelopmentSet {
  const started = Date.now();
  const dev = readSharedLines(path)
    .filter((line) => !isHeldOut(line.id))
    .map((line) => JSON.parse(line.raw) as { text: string; label: string });
  const labels = [...new Set(dev.map((d) => d.label))].sort();
  const y = Int32Array.from(dev, (d) => labels.indexOf(d.label));
  const terms = dev.map((d) => extractTerms(d.text, features));
  const vocabulary = buildVocabulary(terms, features.minDf);
  const x = toMatrix(
    terms.map((t) => vectorize(t, vocabulary, features)),
    vocabulary.terms.length,
  );
  console.log(
    `dev ${dev.length}, vocabulary ${vocabulary.terms.length}, nnz/row ${(x.indices.length / x.rows).toFixed(0)}, features ${(Date.now() - started) / 1000}s`,
  );
  return { dev, labels, y, vocabulary, x };
}
