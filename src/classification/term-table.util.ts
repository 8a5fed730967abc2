/**
 * Vocabulary look-up for prediction without building substrings: a term is identified by two
 * independent 32-bit hashes of its UTF-16 units (prefix first), computed straight from the text.
 * A Map<string, number> of 270,000 terms costs a substring plus a hash and a cache miss per n-gram,
 * and was a third of the prediction time. Two terms of one vocabulary sharing both hashes has a
 * probability around n² / 2⁶⁵ (≈ 2·10⁻⁹ for 270,000 terms); building the table checks for it anyway.
 */
export interface TermTable {
  mask: number;
  first: Uint32Array;
  second: Uint32Array;
  ids: Int32Array;
}

let hashFirst = 0;
let hashSecond = 0;

function startHash(): void {
  hashFirst = 0x811c9dc5;
  hashSecond = 0x9747b28c;
}

function mixUnit(unit: number): void {
  hashFirst = Math.imul(hashFirst ^ unit, 0x01000193);
  hashSecond = Math.imul(hashSecond ^ unit, 0x5bd1e995);
  hashSecond ^= hashSecond >>> 15;
}

function hashRange(prefix: string, source: string, start: number, end: number): void {
  startHash();
  for (let i = 0; i < prefix.length; i++) mixUnit(prefix.charCodeAt(i));
  for (let i = start; i < end; i++) mixUnit(source.charCodeAt(i));
  hashFirst >>>= 0;
  hashSecond >>>= 0;
}

export function buildTermTable(terms: readonly string[]): TermTable {
  let capacity = 1;
  while (capacity < terms.length * 2) capacity <<= 1;
  const table: TermTable = {
    mask: capacity - 1,
    first: new Uint32Array(capacity),
    second: new Uint32Array(capacity),
    ids: new Int32Array(capacity).fill(-1),
  };
  terms.forEach((term, id) => {
    hashRange('', term, 0, term.length);
    let slot = hashFirst & table.mask;
    while (table.ids[slot] >= 0) {
      if (table.first[slot] === hashFirst && table.second[slot] === hashSecond) {
        throw new Error(`term hash collision between "${terms[table.ids[slot]]}" and "${term}"`);
      }
      slot = (slot + 1) & table.mask;
    }
    table.first[slot] = hashFirst;
    table.second[slot] = hashSecond;
    table.ids[slot] = id;
  });
  return table;
}

/** The id of the term prefix + source[start, end), or -1. */
export function lookupTerm(table: TermTable, prefix: string, source: string, start: number, end: number): number {
  hashRange(prefix, source, start, end);
  let slot = hashFirst & table.mask;
  while (table.ids[slot] >= 0) {
    if (table.first[slot] === hashFirst && table.second[slot] === hashSecond) return table.ids[slot];
    slot = (slot + 1) & table.mask;
  }
  return -1;
}
