import { TRADITIONAL_TO_SIMPLIFIED } from './traditional-chinese.table';

/** Longest normalised text that feeds the features: appeals beyond it are pasted documents, and the
 * first few thousand characters carry the subject. Keeps a 100,000-character input cheap. */
export const DEFAULT_MAX_CHARS = 3000;

// Only the traditional characters of the table, so that simplified text (nearly all of it) costs one native scan.
const TRADITIONAL_CHAR = new RegExp(`[${[...TRADITIONAL_TO_SIMPLIFIED.keys()].join('')}]`, 'g');
// The same characters as a bitmap of UTF-16 units: a loop over it decides in ~1 µs that a text has
// none of them, where the regex over a 962-character class takes ~10 µs to find nothing.
const TRADITIONAL_UNITS = new Uint8Array(0x10000);
for (const char of TRADITIONAL_TO_SIMPLIFIED.keys()) if (char.length === 1) TRADITIONAL_UNITS[char.charCodeAt(0)] = 1;

function hasTraditional(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (TRADITIONAL_UNITS[text.charCodeAt(i)] === 1) return true;
  return false;
}
// Anything that is not a letter or a digit (punctuation, emoji, symbols, control characters) is noise
// for a bag of n-grams; it becomes a boundary so that n-grams never straddle two clauses.
const NOISE = /[^\p{L}\p{N}]+/gu;
export const DIGIT_RUNS = /\p{Nd}+/gu;

export interface NormalizeOptions {
  maxChars?: number;
  /** Phone numbers, amounts and dates are specific to one appeal; folding each run of digits to one
   * token keeps "there is a number here" without thousands of useless features. */
  foldDigits?: boolean;
}

/**
 * Full-width → half-width (NFKC), lower case, traditional → simplified for common characters,
 * punctuation and emoji → single spaces, optional digit folding, then truncation.
 * Never throws: a non-string input gives ''.
 */
export function normalizeText(text: unknown, options: NormalizeOptions = {}): string {
  if (typeof text !== 'string' || text.length === 0) return '';
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  // Cut before the costly steps; NFKC may lengthen the text a little, hence the margin.
  let out = text.length > maxChars * 2 ? text.slice(0, maxChars * 2) : text;
  out = out.normalize('NFKC').toLowerCase();
  if (hasTraditional(out)) out = out.replace(TRADITIONAL_CHAR, (char) => TRADITIONAL_TO_SIMPLIFIED.get(char) ?? char);
  out = out.replace(NOISE, ' ');
  if (options.foldDigits ?? true) out = out.replace(DIGIT_RUNS, '0');
  out = out.trim();
  if (out.length > maxChars) out = out.slice(0, maxChars).trimEnd();
  return out;
}
