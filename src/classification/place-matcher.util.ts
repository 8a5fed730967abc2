import { normalizeText } from './text-normalizer.util';

export type PlaceLevel = 'county' | 'township' | 'village' | 'grid';
type AreaId = string | number;

export interface PlaceArea {
  id: AreaId;
  parentId: AreaId | null;
  level: PlaceLevel;
  name: string;
  aliases?: readonly string[];
}

/** How a name was found: its full name, a configured alias, or the name without its suffix (会泽 for 会泽县). */
export type PlaceMatchKind = 'name' | 'alias' | 'stem';

export interface PlaceCandidate {
  areaId: AreaId;
  level: PlaceLevel;
  matched: string;
  kind: PlaceMatchKind;
  confidence: number;
}

export interface PlaceMatch {
  areaId: AreaId;
  level: PlaceLevel;
  matched: string;
  confidence: number;
  candidates: PlaceCandidate[];
}

export interface PlaceIndex {
  readonly areas: ReadonlyMap<string, PlaceArea>;
  readonly trie: PlaceTrie;
}

/**
 * An Aho-Corasick automaton in flat arrays, as compact as the area tree it serves is large (a city's
 * tens of thousands of grids): a Map per node cost about 250 bytes a node, 8 MB for the demo county's
 * 32,000 nodes, in every worker. Node n's edges are `edgeChar`/`edgeTarget` [edgeStart[n],
 * edgeStart[n + 1]), sorted by code point; its patterns (its own and those reached through failure
 * links) are `outputIds` [outputStart[n], outputStart[n + 1]).
 */
interface PlaceTrie {
  edgeStart: Int32Array;
  edgeChar: Uint32Array;
  edgeTarget: Int32Array;
  fail: Int32Array;
  outputStart: Int32Array;
  outputIds: Int32Array;
  /** Each pattern's length in code points, for where a hit starts. */
  patternLength: Int32Array;
  patterns: Array<{ text: string; kind: PlaceMatchKind; areaKeys: string[] }>;
}

const LEVEL_DEPTH: Record<PlaceLevel, number> = { county: 0, township: 1, village: 2, grid: 3 };
const KIND_CONFIDENCE: Record<PlaceMatchKind, number> = { name: 0.9, alias: 0.85, stem: 0.75 };
// Longest first, so that 村民委员会 is stripped whole rather than leaving 村民委员.
const SUFFIXES = [
  '街道办事处',
  '村民委员会',
  '居民委员会',
  '街道办',
  '村委会',
  '居委会',
  '街道',
  '社区',
  '网格',
  '镇',
  '乡',
  '村',
  '县',
  '区',
];
// Stems that are everyday words: "团结村" is a real village, but "团结" alone in an appeal is not a place.
const GENERIC_STEMS = new Set([
  '中心',
  '城区',
  '新区',
  '东方',
  '和平',
  '胜利',
  '光明',
  '幸福',
  '团结',
  '民主',
  '人民',
  '建设',
  '新华',
  '红星',
  '前进',
  '先锋',
  '友谊',
  '东风',
  '解放',
  '新村',
  '中街',
  '东街',
  '西街',
  '南街',
  '北街',
  '第一',
  '第二',
  '第三',
]);
const MAX_TEXT_CHARS = 5000;

const key = (id: AreaId): string => String(id);
const normalize = (text: string): string => normalizeText(text, { maxChars: MAX_TEXT_CHARS, foldDigits: false });

function stem(name: string): string | null {
  const suffix = SUFFIXES.find((s) => name.endsWith(s) && name.length - s.length >= 2);
  if (!suffix) return null;
  const stemmed = name.slice(0, name.length - suffix.length);
  return GENERIC_STEMS.has(stemmed) ? null : stemmed;
}

/**
 * Compiles the area list into an Aho-Corasick automaton over full names, aliases and suffix-less
 * stems. A stem is kept only when no other area has the same stem or name ("where unambiguous");
 * full names shared by several areas (two villages called 新村) stay, and matching resolves them
 * through the townships mentioned beside them.
 */
export function compilePlaceIndex(areas: readonly PlaceArea[]): PlaceIndex {
  const byKey = new Map<string, PlaceArea>();
  for (const area of areas) byKey.set(key(area.id), area);
  const named = new Map<string, { kind: PlaceMatchKind; areaKeys: Set<string> }>();
  const addPattern = (text: string, kind: PlaceMatchKind, areaKey: string): void => {
    const existing = named.get(text);
    if (!existing) named.set(text, { kind, areaKeys: new Set([areaKey]) });
    else if (existing.kind === kind || kind === 'name') {
      if (kind === 'name' && existing.kind !== 'name') existing.areaKeys.clear();
      existing.kind = kind;
      existing.areaKeys.add(areaKey);
    }
  };
  for (const area of areas) {
    const areaKey = key(area.id);
    const name = normalize(area.name).replace(/ /g, '');
    if (name.length >= 2) addPattern(name, 'name', areaKey);
    for (const alias of area.aliases ?? []) {
      const text = normalize(alias).replace(/ /g, '');
      if (text.length >= 2) addPattern(text, 'alias', areaKey);
    }
  }
  const stems = new Map<string, Set<string>>();
  for (const area of areas) {
    const stemmed = stem(normalize(area.name).replace(/ /g, ''));
    if (stemmed) stems.set(stemmed, (stems.get(stemmed) ?? new Set()).add(key(area.id)));
  }
  for (const [text, owners] of stems) {
    if (owners.size === 1 && !named.has(text)) addPattern(text, 'stem', [...owners][0]);
  }
  return {
    areas: byKey,
    trie: buildTrie([...named].map(([text, p]) => ({ text, kind: p.kind, areaKeys: [...p.areaKeys] }))),
  };
}

function buildTrie(patterns: PlaceTrie['patterns']): PlaceTrie {
  // built with a Map per node, then flattened: the Maps are garbage once this returns
  const next: Array<Map<number, number>> = [new Map<number, number>()];
  // each node's own patterns, to which the breadth-first pass below adds those of its failure chain
  const outputs: number[][] = [[]];
  const patternLength = new Int32Array(patterns.length);
  patterns.forEach((pattern, id) => {
    let node = 0;
    for (const char of pattern.text) {
      const code = char.codePointAt(0) as number;
      let child = next[node].get(code);
      if (child === undefined) {
        child = next.length;
        next.push(new Map());
        outputs.push([]);
        next[node].set(code, child);
      }
      node = child;
      patternLength[id]++;
    }
    outputs[node].push(id);
  });
  const nodes = next.length;
  const edgeStart = new Int32Array(nodes + 1);
  for (let node = 0; node < nodes; node++) edgeStart[node + 1] = edgeStart[node] + next[node].size;
  const edgeChar = new Uint32Array(edgeStart[nodes]);
  const edgeTarget = new Int32Array(edgeStart[nodes]);
  for (let node = 0; node < nodes; node++) {
    const edges = [...next[node]].sort((a, b) => a[0] - b[0]);
    edges.forEach(([code, child], i) => {
      edgeChar[edgeStart[node] + i] = code;
      edgeTarget[edgeStart[node] + i] = child;
    });
  }
  const trie = { edgeStart, edgeChar, edgeTarget, fail: new Int32Array(nodes), patternLength, patterns };
  // breadth first, so that a node's failure target has its outputs complete when the node takes them
  const queue: number[] = [...next[0].values()];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    for (const [code, child] of next[node]) {
      let f = trie.fail[node];
      let target = step(trie, f, code);
      while (target < 0 && f > 0) {
        f = trie.fail[f];
        target = step(trie, f, code);
      }
      trie.fail[child] = target > 0 && target !== child ? target : 0;
      outputs[child].push(...outputs[trie.fail[child]]);
      queue.push(child);
    }
  }
  const outputStart = new Int32Array(nodes + 1);
  for (let node = 0; node < nodes; node++) outputStart[node + 1] = outputStart[node] + outputs[node].length;
  const outputIds = new Int32Array(outputStart[nodes]);
  outputs.forEach((ids, node) => outputIds.set(ids, outputStart[node]));
  return { ...trie, outputStart, outputIds };
}

/** The child of `node` by the character `code`, or -1 (binary search over its sorted edges). */
function step(trie: Pick<PlaceTrie, 'edgeStart' | 'edgeChar' | 'edgeTarget'>, node: number, code: number): number {
  let low = trie.edgeStart[node];
  let high = trie.edgeStart[node + 1] - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = trie.edgeChar[middle];
    if (at === code) return trie.edgeTarget[middle];
    if (at < code) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

interface Hit {
  pattern: number;
  start: number;
  end: number;
}

function scan(trie: PlaceTrie, text: string): Hit[] {
  const hits: Hit[] = [];
  let node = 0;
  let position = 0;
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    let child = step(trie, node, code);
    while (child < 0 && node > 0) {
      node = trie.fail[node];
      child = step(trie, node, code);
    }
    node = child < 0 ? 0 : child;
    position++;
    for (let at = trie.outputStart[node]; at < trie.outputStart[node + 1]; at++) {
      const id = trie.outputIds[at];
      hits.push({ pattern: id, start: position - trie.patternLength[id], end: position });
    }
  }
  // Leftmost-longest: a hit inside a longer hit is part of another name (大井 inside 大井镇).
  hits.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Hit[] = [];
  for (const hit of hits) {
    if (!kept.some((k) => k.start <= hit.start && hit.end <= k.end)) kept.push(hit);
  }
  return kept;
}

function ancestors(index: PlaceIndex, areaKey: string): string[] {
  const chain: string[] = [];
  const seen = new Set([areaKey]);
  let current = index.areas.get(areaKey);
  while (current && current.parentId !== null && current.parentId !== undefined) {
    const parentKey = key(current.parentId);
    if (seen.has(parentKey)) break; // a cycle in bad data must not hang the classifier
    seen.add(parentKey);
    chain.push(parentKey);
    current = index.areas.get(parentKey);
  }
  return chain;
}

/**
 * Finds the area an appeal is about. Every area named in the text is a candidate; a candidate is
 * supported by each mentioned area that is one of its ancestors and contradicted by each mentioned
 * area above its level that is not (a village of another township). The winner has the best
 * support − contradiction, then the deepest level, then the most reliable kind of match: so a
 * village inside a mentioned township wins over the township, and a name shared by two villages is
 * settled by the township written beside it. A tie that remains between different areas is
 * ambiguous: the answer falls back to their lowest common ancestor, with a low confidence.
 */
export function matchPlace(text: unknown, index: PlaceIndex): PlaceMatch | null {
  if (typeof text !== 'string' || text.length === 0) return null;
  const hits = scan(index.trie, normalize(text).replace(/ /g, ''));
  if (hits.length === 0) return null;
  const mentioned = new Map<string, { kind: PlaceMatchKind; matched: string; ambiguous: boolean }>();
  for (const hit of hits) {
    const pattern = index.trie.patterns[hit.pattern];
    for (const areaKey of pattern.areaKeys) {
      const previous = mentioned.get(areaKey);
      if (!previous || KIND_CONFIDENCE[pattern.kind] > KIND_CONFIDENCE[previous.kind]) {
        mentioned.set(areaKey, { kind: pattern.kind, matched: pattern.text, ambiguous: pattern.areaKeys.length > 1 });
      }
    }
  }
  const scored = [...mentioned].map(([areaKey, mention]) => {
    const area = index.areas.get(areaKey) as PlaceArea;
    const chain = ancestors(index, areaKey);
    let support = 0;
    let contradiction = 0;
    for (const [otherKey] of mentioned) {
      if (otherKey === areaKey) continue;
      const other = index.areas.get(otherKey) as PlaceArea;
      if (chain.includes(otherKey)) support++;
      else if (LEVEL_DEPTH[other.level] < LEVEL_DEPTH[area.level] && !ancestors(index, otherKey).includes(areaKey)) {
        // An ambiguous name elsewhere in the text does not contradict; it may be the other homonym.
        if (!mentioned.get(otherKey)?.ambiguous) contradiction++;
      }
    }
    const confidence = Math.min(
      0.99,
      Math.max(
        0.05,
        KIND_CONFIDENCE[mention.kind] +
          0.05 * support -
          0.25 * contradiction -
          (mention.ambiguous && support === 0 ? 0.4 : 0),
      ),
    );
    return { areaKey, area, chain, mention, support, contradiction, confidence };
  });
  scored.sort(
    (a, b) =>
      b.support - b.contradiction - (a.support - a.contradiction) ||
      LEVEL_DEPTH[b.area.level] - LEVEL_DEPTH[a.area.level] ||
      KIND_CONFIDENCE[b.mention.kind] - KIND_CONFIDENCE[a.mention.kind] ||
      b.mention.matched.length - a.mention.matched.length,
  );
  const candidates: PlaceCandidate[] = scored.map((s) => ({
    areaId: s.area.id,
    level: s.area.level,
    matched: s.mention.matched,
    kind: s.mention.kind,
    confidence: s.confidence,
  }));
  const best = scored[0];
  const tied = scored.filter(
    (s) =>
      s.support - s.contradiction === best.support - best.contradiction &&
      s.area.level === best.area.level &&
      s.mention.kind === best.mention.kind,
  );
  if (tied.length === 1) {
    return {
      areaId: best.area.id,
      level: best.area.level,
      matched: best.mention.matched,
      confidence: best.confidence,
      candidates,
    };
  }
  // Ambiguous: answer with the deepest area that contains every tied candidate, if any.
  const common = best.chain.find((ancestorKey) => tied.every((s) => s.chain.includes(ancestorKey)));
  const ancestor = common ? index.areas.get(common) : undefined;
  if (!ancestor) return null;
  return { areaId: ancestor.id, level: ancestor.level, matched: best.mention.matched, confidence: 0.3, candidates };
}
