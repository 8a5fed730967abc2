/**
 * How alike two appeals read: Jaccard similarity of their Chinese character bigrams (and
 * latin/digit words), after dropping punctuation and white space. Cheap, language-agnostic
 * enough for 12345 texts, and good at "the same matter told twice".
 */
/** A text's shingles: a Han bigram as the number c1 · 65536 + c2, a lone Han character as its code, a word as itself. */
export type Shingles = ReadonlySet<number | string>;

const HAN_FIRST = 0x3400;
const HAN_LAST = 0x9fff;

export function shingles(text: string): Set<number | string> {
  const cleaned = text.normalize('NFKC').toLowerCase();
  const set = new Set<number | string>();
  // numbers, not two-character strings: a duplicate check compares an appeal with up to 220 others
  let previous = -1;
  let run = 0;
  for (let i = 0; i < cleaned.length; i++) {
    const code = cleaned.charCodeAt(i);
    if (code >= HAN_FIRST && code <= HAN_LAST) {
      if (run > 0) set.add(previous * 65536 + code);
      previous = code;
      run++;
    } else {
      if (run === 1) set.add(previous);
      run = 0;
    }
  }
  if (run === 1) set.add(previous);
  for (const word of cleaned.match(/[a-z0-9]{2,}/g) ?? []) set.add(word);
  return set;
}

export function jaccard(a: Shingles, b: Shingles): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  return shared / (a.size + b.size - shared);
}

export function textSimilarity(a: string, b: string): number {
  return jaccard(shingles(a), shingles(b));
}
