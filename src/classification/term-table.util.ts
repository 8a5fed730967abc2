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
  /** Per slot (32 bytes, so a probe reads one cache line): first hash, second hash, id + 1 (0 =
   * empty), occurrences, the term's idf (a float64 over two words, see `idf`) and block. Counting an
   * occurrence writes to the line the probe just read, and the idf and block come with it, where
   * arrays indexed by id would cost a cache miss each per distinct term of the text. */
  slots: Uint32Array;
  /** The same memory as float64: the idf of the slot at `slots` offset `at` is idf[(at >>> 1) + 2]. */
  idf: Float64Array;
}

const SLOT = 8;
const FIRST_SEED = 0x811c9dc5;
const SECOND_SEED = 0x9747b28c;

function mixFirst(hash: number, unit: number): number {
  return Math.imul(hash ^ unit, 0x01000193);
}

function mixSecond(hash: number, unit: number): number {
  const mixed = Math.imul(hash ^ unit, 0x5bd1e995);
  return mixed ^ (mixed >>> 15);
}

/** The offset in `slots` of the term with these hashes, or -1. */
function find(table: TermTable, first: number, second: number): number {
  const { slots, mask } = table;
  first >>>= 0;
  second >>>= 0;
  for (let slot = first & mask; ; slot = (slot + 1) & mask) {
    const at = slot * SLOT;
    if (slots[at + 2] === 0) return -1;
    if (slots[at] === first && slots[at + 1] === second) return at;
  }
}

/** The table of a vocabulary: its terms, their idf and their blocks (text-features.util.ts), by id. */
export function buildTermTable(terms: readonly string[], idf: ArrayLike<number>, blocks: ArrayLike<number>): TermTable {
  let capacity = 1;
  while (capacity < terms.length * 2) capacity <<= 1;
  const slots = new Uint32Array(capacity * SLOT);
  const table: TermTable = { mask: capacity - 1, slots, idf: new Float64Array(slots.buffer) };
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
    if (existing >= 0) {
      throw new Error(`term hash collision between "${terms[table.slots[existing + 2] - 1]}" and "${term}"`);
    }
    let slot = first & table.mask;
    while (slots[slot * SLOT + 2] !== 0) slot = (slot + 1) & table.mask;
    const at = slot * SLOT;
    slots.set([first, second, id + 1, 0], at);
    table.idf[(at >>> 1) + 2] = idf[id];
    slots[at + 6] = blocks[id];
  });
  return table;
}

export interface CountedTerms {
  ids: Int32Array;
  counts: Float64Array;
  idf: Float64Array;
  blocks: Uint8Array;
}

/**
 * Counts the vocabulary terms of one text in the table's slots, remembering each counted slot once,
 * in order of first occurrence: the order in which the features of the text's vector come out (and
 * so the order of every sum over them) is the order in which the text first uses them.
 * Implements forEachTerm's TermSink. drain() gives the counts and leaves the table clean for the
 * next text; one counter per table, used by one text at a time (prediction is synchronous).
 */
export class TermCounter {
  private readonly touched: Int32Array;
  private size = 0;

  constructor(private readonly table: TermTable) {
    this.touched = new Int32Array(table.mask + 1);
  }

  private count(at: number): void {
    const slots = this.table.slots;
    if (slots[at + 3]++ === 0) this.touched[this.size++] = at;
  }

  /** One occurrence of prefix + source[start, end), counted if it is a vocabulary term. */
  term(prefix: string, source: string, start: number, end: number): void {
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
    const at = find(this.table, first, second);
    if (at >= 0) this.count(at);
  }

  /**
   * Every char n-gram (minN ≤ n ≤ maxN) of a segment whose characters are all single UTF-16 units,
   * prefixed, in the same multiset as the training path enumerates them (a unit test checks that
   * both paths give identical vectors).
   */
  charNgrams(prefix: string, segment: string, minN: number, maxN: number): void {
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
        const at = find(this.table, first, second);
        if (at >= 0) this.count(at);
      }
    }
  }

  /** The terms counted since the last drain, in order of first occurrence: their ids, counts, idf
   * and blocks. Resets the counts. */
  drain(): CountedTerms {
    const { slots, idf: slotIdf } = this.table;
    const size = this.size;
    const counted: CountedTerms = {
      ids: new Int32Array(size),
      counts: new Float64Array(size),
      idf: new Float64Array(size),
      blocks: new Uint8Array(size),
    };
    for (let i = 0; i < size; i++) {
      const at = this.touched[i];
      counted.ids[i] = slots[at + 2] - 1;
      counted.counts[i] = slots[at + 3];
      counted.idf[i] = slotIdf[(at >>> 1) + 2];
      counted.blocks[i] = slots[at + 6];
      slots[at + 3] = 0;
    }
    this.size = 0;
    return counted;
  }
}
