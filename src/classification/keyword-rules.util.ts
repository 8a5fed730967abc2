/**
 * Keyword rules over normalised Chinese text, shared by the emergency, urgency and appeal-type
 * rules. A hit is discarded when a negation stands just before it ("没有着火", "无人受伤",
 * "未停电") or when a context word near it shows that the appeal is about the aftermath rather
 * than an ongoing event ("工伤认定", "交通事故赔偿").
 */
export interface KeywordRule<T> {
  value: T;
  reason: string;
  keywords: readonly string[];
  /** Words within CONTEXT_WINDOW characters of a hit that cancel it. */
  cancelledBy?: readonly string[];
}

export interface KeywordHit<T> {
  value: T;
  reason: string;
  matched: string;
  index: number;
}

// A negation counts only right before the keyword, optionally with one filler ("无人受伤",
// "没发生火灾"): a looser window would cancel "无故停电" or "不停地冒烟".
const NEGATIONS = ['没有', '没', '未', '无', '不是', '并非', '不会', '并未'];
const FILLERS = ['', '人', '有', '发生', '出现', '再', '造成'];
const NEGATION_WINDOW = 6;
const CONTEXT_WINDOW = 10;

function isNegated(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - NEGATION_WINDOW), index).replace(/ /g, '');
  return NEGATIONS.some((negation) => FILLERS.some((filler) => before.endsWith(negation + filler)));
}

function isCancelled(text: string, index: number, length: number, cancelledBy: readonly string[] | undefined): boolean {
  if (!cancelledBy || cancelledBy.length === 0) return false;
  const around = text.slice(Math.max(0, index - CONTEXT_WINDOW), index + length + CONTEXT_WINDOW);
  return cancelledBy.some((word) => around.includes(word));
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One alternation per rule, longest keyword first, compiled once per rule list: a single regex scan
 * per rule instead of one indexOf per keyword. */
const compiled = new WeakMap<KeywordRule<unknown>, RegExp>();

function patternOf<T>(rule: KeywordRule<T>): RegExp {
  let pattern = compiled.get(rule);
  if (!pattern) {
    const keywords = [...rule.keywords].sort((a, b) => b.length - a.length).map(escapeRegExp);
    pattern = new RegExp(keywords.join('|'), 'g');
    compiled.set(rule, pattern);
  }
  return pattern;
}

/** The first rule (in the given priority order) with a live hit, and where that hit is. */
export function firstRuleHit<T>(text: string, rules: ReadonlyArray<KeywordRule<T>>): KeywordHit<T> | null {
  for (const rule of rules) {
    const pattern = patternOf(rule);
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      const keyword = match[0];
      if (!isNegated(text, match.index) && !isCancelled(text, match.index, keyword.length, rule.cancelledBy)) {
        return { value: rule.value, reason: rule.reason, matched: keyword, index: match.index };
      }
      // Overlapping keywords ("没有水" inside "没有水压") must get their chance too.
      pattern.lastIndex = match.index + 1;
    }
  }
  return null;
}
