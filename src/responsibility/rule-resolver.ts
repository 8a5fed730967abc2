// The responsibility resolver: which unit handles a matter of this category in this place, and why.
// Pure functions over an index compiled once per process (see ResponsibilityService), so one resolve
// is a handful of map look-ups: no query, no Nest. Specificity order: the deeper area (null =
// everywhere, least specific), then the deeper category, then the higher priority; what still ties
// is a conflict that the resolver reports instead of choosing.

import type { TargetKind, TerritorialLevel } from './responsibility-rule.entity';
import { explain } from './rule-explanation';

export type AreaLevel = 'county' | 'township' | 'village' | 'grid';
export type UnitKind = 'centre' | 'department' | 'township' | 'village' | 'grid_station';

export interface AreaInput {
  id: number;
  code: string;
  name: string;
  level: AreaLevel;
  parentId: number | null;
}

export interface UnitInput {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  areaId: number | null;
  active: boolean;
  /** The materialised path (`/1/4/`), where the loader read it: a dispatch the index decided needs it. */
  path?: string;
}

export interface CategoryInput {
  id: number;
  code: string;
  name: string;
  parentId: number | null;
  territorial: boolean;
}

export interface RuleInput {
  id: number;
  categoryId: number;
  areaId: number | null;
  targetKind: TargetKind;
  targetUnitId: number | null;
  targetLevel: TerritorialLevel | null;
  coHandlerUnitIds: number[];
  priority: number;
  /** YYYY-MM-DD, a calendar date in Asia/Shanghai. */
  validFrom: string;
  validTo: string | null;
  sourceDocument: string;
  active: boolean;
  version: number;
}

export interface IndexInput {
  areas: readonly AreaInput[];
  units: readonly UnitInput[];
  categories: readonly CategoryInput[];
  rules: readonly RuleInput[];
}

export interface UnitRef {
  id: number;
  code: string;
  name: string;
}

/** A rule as the resolver reports it, with the codes a person reads. */
export interface RuleSummary extends RuleInput {
  categoryCode: string;
  areaCode: string | null;
}

interface CompiledArea extends AreaInput {
  /** Ids from this area up to the root, itself first. */
  chain: number[];
  depth: number;
}

interface CompiledCategory extends CategoryInput {
  /** Ids from this category up to the root, itself first. */
  chain: number[];
  depth: number;
}

interface CompiledUnit extends UnitInput {
  ref: UnitRef;
}

interface CompiledRule {
  summary: RuleSummary;
  fromDay: number;
  toDay: number;
}

export interface RuleIndex {
  compiledAt: Date;
  areas: Map<number, CompiledArea>;
  categories: Map<number, CompiledCategory>;
  units: Map<number, CompiledUnit>;
  /** Active territorial units by `areaId * 8 + kind`; see unitKey. */
  unitByAreaAndKind: Map<number, CompiledUnit>;
  /** Rules by category id, then by area id (0: everywhere). */
  rulesByCategory: Map<number, Map<number, CompiledRule[]>>;
  ruleCount: number;
}

export type CandidateOutcome = 'won' | 'lost' | 'tied';
export type CandidateReason =
  | 'most specific'
  | 'less specific area'
  | 'less specific category'
  | 'lower priority'
  | 'not valid at that date'
  | 'inactive'
  | 'target unit inactive'
  | 'no unit serves that area'
  | 'tie';

export interface Candidate {
  rule: RuleSummary;
  outcome: CandidateOutcome;
  reason: CandidateReason;
}

export interface TerritorialOutcome {
  level: TerritorialLevel;
  /** The level whose unit was taken: the rule's own, or a higher one on fallback. */
  resolvedLevel: TerritorialLevel;
  servedArea: UnitRef;
  fallback: null | 'area above level' | 'no unit at level';
}

export interface Resolution {
  unit: UnitRef | null;
  rule: RuleSummary | null;
  coHandlers: UnitRef[];
  territorial: TerritorialOutcome | null;
  candidates: Candidate[];
  conflict: null | { rules: RuleSummary[] };
  explanation: string[];
}

export interface ResolveQuery {
  categoryId: number;
  areaId: number;
  at: Date;
}

const DAY_MS = 86_400_000;
// China has kept UTC+8 all year since 1991: a fixed offset gives the Shanghai calendar date.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const UNIT_KINDS: readonly UnitKind[] = ['centre', 'department', 'township', 'village', 'grid_station'];
const LEVEL_ORDER: readonly TerritorialLevel[] = ['township', 'village', 'grid_station'];
const AREA_LEVEL_OF: Record<TerritorialLevel, AreaLevel> = {
  township: 'township',
  village: 'village',
  grid_station: 'grid',
};

function unitKey(areaId: number, kind: UnitKind): number {
  return areaId * 8 + UNIT_KINDS.indexOf(kind);
}

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** Days since 1970-01-01 of the Asia/Shanghai calendar date at this instant. */
export function shanghaiDayNumber(at: Date): number {
  return Math.floor((at.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS);
}

function chainOf<T extends { id: number; parentId: number | null }>(byId: Map<number, T>, id: number): number[] {
  const chain: number[] = [];
  let current = byId.get(id);
  // bounded by the map size: a hand-made cycle in the table ends the walk instead of hanging
  while (current && chain.length <= byId.size && !chain.includes(current.id)) {
    chain.push(current.id);
    current = current.parentId === null ? undefined : byId.get(current.parentId);
  }
  return chain;
}

export function compileIndex(input: IndexInput, compiledAt = new Date()): RuleIndex {
  const rawAreas = new Map(input.areas.map((a) => [a.id, a]));
  const areas = new Map<number, CompiledArea>();
  for (const a of input.areas) {
    const chain = chainOf(rawAreas, a.id);
    areas.set(a.id, { ...a, chain, depth: chain.length - 1 });
  }
  const rawCategories = new Map(input.categories.map((c) => [c.id, c]));
  const categories = new Map<number, CompiledCategory>();
  for (const c of input.categories) {
    const chain = chainOf(rawCategories, c.id);
    categories.set(c.id, { ...c, chain, depth: chain.length - 1 });
  }
  const units = new Map<number, CompiledUnit>();
  const unitByAreaAndKind = new Map<number, CompiledUnit>();
  for (const u of input.units) {
    const compiled = { ...u, ref: { id: u.id, code: u.code, name: u.name } };
    units.set(u.id, compiled);
    // the lowest id wins if a hand edit left two active units serving one area at one level
    const key = u.areaId === null ? -1 : unitKey(u.areaId, u.kind);
    if (u.active && u.areaId !== null && !unitByAreaAndKind.has(key)) unitByAreaAndKind.set(key, compiled);
  }
  const rulesByCategory = new Map<number, Map<number, CompiledRule[]>>();
  for (const r of [...input.rules].sort((a, b) => a.id - b.id)) {
    const summary: RuleSummary = {
      ...r,
      coHandlerUnitIds: [...r.coHandlerUnitIds],
      categoryCode: rawCategories.get(r.categoryId)?.code ?? `#${r.categoryId}`,
      areaCode: r.areaId === null ? null : (rawAreas.get(r.areaId)?.code ?? `#${r.areaId}`),
    };
    const compiled: CompiledRule = {
      summary,
      fromDay: dayNumber(r.validFrom),
      toDay: r.validTo === null ? Number.POSITIVE_INFINITY : dayNumber(r.validTo),
    };
    const byArea = rulesByCategory.get(r.categoryId) ?? new Map<number, CompiledRule[]>();
    rulesByCategory.set(r.categoryId, byArea);
    const key = r.areaId ?? 0;
    const list = byArea.get(key) ?? [];
    list.push(compiled);
    byArea.set(key, list);
  }
  return { compiledAt, areas, categories, units, unitByAreaAndKind, rulesByCategory, ruleCount: input.rules.length };
}

interface Applicable {
  rule: CompiledRule;
  areaDepth: number;
  categoryDepth: number;
}

/** Which of two applicable rules is more specific: > 0 when `a` should win over `b`. */
function compareSpecificity(a: Applicable, b: Applicable): number {
  return (
    a.areaDepth - b.areaDepth || a.categoryDepth - b.categoryDepth || a.rule.summary.priority - b.rule.summary.priority
  );
}

function lossReason(loser: Applicable, winner: Applicable): CandidateReason {
  if (loser.areaDepth !== winner.areaDepth) return 'less specific area';
  if (loser.categoryDepth !== winner.categoryDepth) return 'less specific category';
  return 'lower priority';
}

/** The unit serving the ticket's area at the rule's level, or at the nearest level above it. */
export function territorialUnit(
  index: RuleIndex,
  areaId: number,
  level: TerritorialLevel,
): { unit: UnitRef; outcome: TerritorialOutcome } | null {
  const area = index.areas.get(areaId);
  if (!area) return null;
  let fallback: TerritorialOutcome['fallback'] = null;
  for (let i = LEVEL_ORDER.indexOf(level); i >= 0; i--) {
    const current = LEVEL_ORDER[i];
    const wanted = AREA_LEVEL_OF[current];
    const servedId = area.chain.find((id) => index.areas.get(id)?.level === wanted);
    const served = servedId === undefined ? undefined : index.areas.get(servedId);
    if (!served) {
      fallback ??= 'area above level';
      continue;
    }
    const unit = index.unitByAreaAndKind.get(unitKey(served.id, current));
    if (!unit) {
      fallback ??= 'no unit at level';
      continue;
    }
    return {
      unit: unit.ref,
      outcome: {
        level,
        resolvedLevel: current,
        servedArea: { id: served.id, code: served.code, name: served.name },
        fallback: current === level ? null : fallback,
      },
    };
  }
  return null;
}

function targetOf(
  index: RuleIndex,
  rule: RuleSummary,
  areaId: number,
): { unit: UnitRef; territorial: TerritorialOutcome | null } | CandidateReason {
  if (rule.targetKind === 'territorial') {
    const found = rule.targetLevel ? territorialUnit(index, areaId, rule.targetLevel) : null;
    return found ? { unit: found.unit, territorial: found.outcome } : 'no unit serves that area';
  }
  const unit = rule.targetUnitId === null ? undefined : index.units.get(rule.targetUnitId);
  return unit?.active ? { unit: unit.ref, territorial: null } : 'target unit inactive';
}

export function resolve(index: RuleIndex, query: ResolveQuery): Resolution {
  const category = index.categories.get(query.categoryId);
  const area = index.areas.get(query.areaId);
  const day = shanghaiDayNumber(query.at);
  const candidates: Candidate[] = [];
  const applicable: Applicable[] = [];
  const areaKeys: number[] = area ? [...area.chain, 0] : [0];

  for (const categoryId of category?.chain ?? []) {
    const byArea = index.rulesByCategory.get(categoryId);
    if (!byArea) continue;
    const categoryDepth = index.categories.get(categoryId)?.depth ?? 0;
    for (const areaKey of areaKeys) {
      const rules = byArea.get(areaKey);
      if (!rules) continue;
      const areaDepth = areaKey === 0 ? -1 : (index.areas.get(areaKey)?.depth ?? -1);
      for (const rule of rules) {
        if (!rule.summary.active) candidates.push({ rule: rule.summary, outcome: 'lost', reason: 'inactive' });
        else if (day < rule.fromDay || day > rule.toDay)
          candidates.push({ rule: rule.summary, outcome: 'lost', reason: 'not valid at that date' });
        else applicable.push({ rule, areaDepth, categoryDepth });
      }
    }
  }
  applicable.sort((a, b) => compareSpecificity(b, a) || a.rule.summary.id - b.rule.summary.id);

  let winner: Applicable | null = null;
  let target: { unit: UnitRef; territorial: TerritorialOutcome | null } | null = null;
  const tied: Applicable[] = [];
  const ranked: Candidate[] = [];
  for (const entry of applicable) {
    if (winner && compareSpecificity(entry, winner) < 0) {
      ranked.push({ rule: entry.rule.summary, outcome: 'lost', reason: lossReason(entry, winner) });
      continue;
    }
    const resolved = targetOf(index, entry.rule.summary, query.areaId);
    if (typeof resolved === 'string') {
      ranked.push({ rule: entry.rule.summary, outcome: 'lost', reason: resolved });
    } else if (winner) {
      tied.push(entry);
    } else {
      winner = entry;
      target = resolved;
    }
  }
  const conflict = winner && tied.length > 0 ? [winner, ...tied] : null;
  const head: Candidate[] = winner
    ? conflict
      ? conflict.map((e) => ({ rule: e.rule.summary, outcome: 'tied' as const, reason: 'tie' as const }))
      : [{ rule: winner.rule.summary, outcome: 'won', reason: 'most specific' }]
    : [];
  const result: Resolution = {
    unit: conflict ? null : (target?.unit ?? null),
    rule: conflict ? null : (winner?.rule.summary ?? null),
    coHandlers: conflict || !winner || !target ? [] : coHandlersOf(index, winner.rule.summary, target.unit.id),
    territorial: conflict ? null : (target?.territorial ?? null),
    candidates: [...head, ...ranked, ...candidates],
    conflict: conflict ? { rules: conflict.map((e) => e.rule.summary) } : null,
    explanation: [],
  };
  result.explanation = explain(result, category?.code ?? `#${query.categoryId}`, area?.name ?? `#${query.areaId}`);
  return result;
}

function coHandlersOf(index: RuleIndex, rule: RuleSummary, primaryId: number): UnitRef[] {
  const out: UnitRef[] = [];
  for (const id of rule.coHandlerUnitIds) {
    const unit = index.units.get(id);
    // an inactive co-handler drops out rather than receive work; the primary is never its own co-handler
    if (unit?.active && id !== primaryId && !out.some((u) => u.id === id)) out.push(unit.ref);
  }
  return out;
}
