/**
 * How alike two appeals read: Jaccard similarity of their Chinese character bigrams (and
 * latin/digit words), after dropping punctuation and white space. Cheap, language-agnostic
 * enough for 12345 texts, and good at "the same matter told twice".
 */
export function shingles(text: string): Set<string> {
  const cleaned = text.normalize('NFKC').toLowerCase();
  const set = new Set<string>();
  const han = cleaned.replace(/[^\u3400-\u9fff]+/g, '|');
  for (const run of han.split('|')) {
    if (run.length === 1) set.add(run);
    for (let i = 0; i + 1 < run.length; i++) set.add(run.slice(i, i + 2));
  }
  for (const word of cleaned.match(/[a-z0-9]{2,}/g) ?? []) set.add(word);
  return set;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  return shared / (a.size + b.size - shared);
}

export function textSimilarity(a: string, b: string): number {
  return jaccard(shingles(a), shingles(b));
}
