/**
 * Vocabulary look-up for prediction without building substrings: a term is identified by two
 * independent 32-bit hashes of its UTF-16 units (prefix first), computed straight from the text,
 * and char n-grams starting at one position share the work (the 2-gram hash extends the 1-gram's).
 * A Map<string, number> of 270,000 terms costs a substring, a string hash and a cache miss per
 * n-gram, and was a third of the prediction time. Two terms of one vocabulary sharing both hashes
 * has a probability around n² / 2⁶⁵ (≈ 2·10⁻⁹ for 270,000 terms); building the table checks anyway.
 */
export interface TermTable {
  mask: number;
  /** Interleaved [first hash, second hash, id + 1] per slot: one cache line per probe, 0 = empty. */
  slots: Uint32Array;
}

const FIRST_SEED = 0x811c9dc5;
const SECOND_SEED = 0x9747b28c;

function mixFirst(hash: number, unit: number): number {
  return Math.imul(hash ^ unit, 0x01000193);
}

function mixSecond(hash: number, unit: number): number {
  const mixed = Math.imul(hash ^ unit, 0x5bd1e995);
  return mixed ^ (mixed >>> 15);
}

function find(table: TermTable, first: number, second: number): number {
  const { slots, mask } = table;
  first >>>= 0;
  second >>>= 0;
  for (let slot = first & mask; ; slot = (slot + 1) & mask) {
    const at = slot * 3;
    const id = slots[at + 2];
    if (id === 0) return -1;
    if (slots[at] === first && slots[at + 1] === second) return id - 1;
  }
}

export function buildTermTable(terms: readonly string[]): TermTable {
  let capacity = 1;
  while (capacity < terms.length * 2) capacity <<= 1;
  const table: TermTable = { mask: capacity - 1, slots: new Uint32Array(capacity * 3) };
  terms.forEach((term, id) => {
    let first = FIRST_SEED;
    let second = SECOND_SEED;
    for (let i = 0; i < term.length; i++) {
      first = mixFirst(first, term.charCodeAt(i));
      second = mixSecond(second, term.charCodeAt(i));
    }
    first >>>= 0;
    second >>>= 0;
    const existing = find(table, first, second);
    if (existing >= 0) throw new Error(`term hash collision between "${terms[existing]}" and "${term}"`);
    let slot = first & table.mask;
    while (table.slots[slot * 3 + 2] !== 0) slot = (slot + 1) & table.mask;
    table.slots.set([first, second, id + 1], slot * 3);
  });
  return table;
}

/** The id of the term prefix + source[start, end), or -1. */
export function lookupTerm(table: TermTable, prefix: string, source: string, start: number, end: number): number {
  let first = FIRST_SEED;
  let second = SECOND_SEED;
  for (let i = 0; i < prefix.length; i++) {
    first = mixFirst(first, prefix.charCodeAt(i));
    second = mixSecond(second, prefix.charCodeAt(i));
  }
  for (let i = start; i < end; i++) {
    first = mixFirst(first, source.charCodeAt(i));
    second = mixSecond(second, source.charCodeAt(i));
  }
  return find(table, first, second);
}

/**
 * Calls found(id) for every char n-gram (minN ≤ n ≤ maxN) of a segment whose characters are all
 * single UTF-16 units, in the same multiset as the training path enumerates them (a unit test
 * checks that both paths give identical vectors).
 */
export function lookupCharNgrams(
  table: TermTable,
  prefix: string,
  segment: string,
  minN: number,
  maxN: number,
  found: (id: number) => void,
): void {
  let prefixFirst = FIRST_SEED;
  let prefixSecond = SECOND_SEED;
  for (let i = 0; i < prefix.length; i++) {
    prefixFirst = mixFirst(prefixFirst, prefix.charCodeAt(i));
    prefixSecond = mixSecond(prefixSecond, prefix.charCodeAt(i));
  }
  for (let start = 0; start < segment.length; start++) {
    let first = prefixFirst;
    let second = prefixSecond;
    for (let n = 1; n <= maxN && start + n <= segment.length; n++) {
      const unit = segment.charCodeAt(start + n - 1);
      first = mixFirst(first, unit);
      second = mixSecond(second, unit);
      if (n < minN) continue;
      const id = find(table, first, second);
      if (id >= 0) found(id);
    }
  }
}
