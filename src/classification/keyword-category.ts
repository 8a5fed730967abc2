import type { CategoryNode } from '../catalog/category-tree';
import { normalizeText } from './text-normalizer.util';

export interface KeywordCategoryScore {
  categoryId: number;
  code: string;
  confidence: number;
  matched: string[];
}

// A keyword guess is never sure enough to dispatch on its own: its confidence stays below this.
const MAX_KEYWORD_CONFIDENCE = 0.6;

/**
 * The fallback classifier while no trained model is active: leaves of the category tree scored by
 * how many of their keywords the text contains (longer keywords weigh more).
 */
export function keywordCategories(text: string, leaves: readonly CategoryNode[], top = 3): KeywordCategoryScore[] {
  const normalized = normalizeText(text);
  const scored = leaves
    .map((leaf) => {
      const keywords = normalizedKeywords(leaf);
      const matched = leaf.keywords.filter((k, i) => k && normalized.includes(keywords[i]!));
      const score = matched.reduce((sum, k) => sum + Math.min(k.length, 4), 0);
      return { leaf, matched, score };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, top);
  const total = scored.reduce((sum, s) => sum + s.score, 0);
  return scored.map((s) => ({
    categoryId: s.leaf.id,
    code: s.leaf.code,
    confidence: Math.round((s.score / (total + 2)) * MAX_KEYWORD_CONFIDENCE * 1000) / 1000,
    matched: s.matched,
  }));
}

// a tree is loaded once and shared by every call until it is reloaded: its keywords are normalised once
const NORMALIZED_KEYWORDS = new WeakMap<CategoryNode, string[]>();

function normalizedKeywords(leaf: CategoryNode): string[] {
  let keywords = NORMALIZED_KEYWORDS.get(leaf);
  if (!keywords) {
    keywords = leaf.keywords.map((k) => normalizeText(k));
    NORMALIZED_KEYWORDS.set(leaf, keywords);
  }
  return keywords;
}
