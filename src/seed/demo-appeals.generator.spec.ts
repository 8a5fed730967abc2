import { isUnroutedCategory, leafCategories } from './category-tree.data';
import { DemoArea } from './demo-county.data';
import { areas } from './demo-county.generator';
import { DemoAppeal, demoAppeals } from './demo-appeals.generator';

/**
 * A tf-idf nearest-centroid classifier over character bigrams: about the simplest model a demo
 * could train, so if it labels unseen appeals well, the real classifier will too.
 */
function trainCentroids(train: readonly DemoAppeal[]): (text: string) => string {
  const bigrams = (text: string): string[] => {
    const clean = text.replace(/[，。？！：、\s]/g, '');
    return Array.from({ length: Math.max(0, clean.length - 1) }, (_, i) => clean.slice(i, i + 2));
  };
  const documentFrequency = new Map<string, number>();
  for (const appeal of train) {
    for (const gram of new Set(bigrams(appeal.text)))
      documentFrequency.set(gram, (documentFrequency.get(gram) ?? 0) + 1);
  }
  const normalise = (vector: Map<string, number>): Map<string, number> => {
    const norm = Math.sqrt([...vector.values()].reduce((sum, v) => sum + v * v, 0)) || 1;
    return new Map([...vector].map(([gram, v]) => [gram, v / norm]));
  };
  const vectorOf = (text: string): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const gram of bigrams(text)) counts.set(gram, (counts.get(gram) ?? 0) + 1);
    const idf = (gram: string): number => Math.log((train.length + 1) / ((documentFrequency.get(gram) ?? 0) + 1));
    return normalise(new Map([...counts].map(([gram, c]) => [gram, (1 + Math.log(c)) * idf(gram)])));
  };
  const sums = new Map<string, Map<string, number>>();
  for (const appeal of train) {
    const sum = sums.get(appeal.label) ?? new Map<string, number>();
    sums.set(appeal.label, sum);
    for (const [gram, v] of vectorOf(appeal.text)) sum.set(gram, (sum.get(gram) ?? 0) + v);
  }
  const centroids = [...sums].map(([label, sum]) => [label, normalise(sum)] as const);
  return (text) => {
    const vector = vectorOf(text);
    let best = '';
    let bestScore = -Infinity;
    for (const [label, centroid] of centroids) {
      let score = 0;
      for (const [gram, v] of vector) score += v * (centroid.get(gram) ?? 0);
      if (score > bestScore) [best, bestScore] = [label, score];
    }
    return best;
  };
}

describe(demoAppeals.name, () => {
  const appeals = demoAppeals(3000, 1);
  const areaByCode = new Map(areas.map((a) => [a.code, a]));
  const leafByCode = new Map(leafCategories.map((l) => [l.code, l]));

  it('should make the requested number of appeals, the same ones for the same seed', () => {
    expect(appeals).toHaveLength(3000);
    expect(demoAppeals(3000, 1)).toEqual(appeals);
    expect(demoAppeals(50, 2).map((a) => a.text)).not.toEqual(appeals.slice(0, 50).map((a) => a.text));
  });

  it('should label every appeal with a leaf, a known type and urgency, and an existing area', () => {
    const types = ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'];
    for (const appeal of appeals) {
      expect(leafByCode.has(appeal.label)).toBe(true);
      expect(types).toContain(appeal.appealType);
      expect(['critical', 'urgent', 'normal']).toContain(appeal.urgency);
      expect(areaByCode.has(appeal.areaCode)).toBe(true);
      expect(appeal.text.length).toBeGreaterThan(5);
    }
  });

  it('should use every leaf, every appeal type and every area level', () => {
    expect(new Set(appeals.map((a) => a.label)).size).toBe(leafCategories.length);
    expect(new Set(appeals.map((a) => a.appealType)).size).toBe(6);
    expect(new Set(appeals.map((a) => areaByCode.get(a.areaCode)?.level))).toEqual(
      new Set(['county', 'township', 'village', 'grid']),
    );
  });

  it('should name the place it is coded with', () => {
    const shortName = (area: DemoArea | undefined): string => area?.aliases[0] ?? '';
    for (const appeal of appeals) {
      const area = areaByCode.get(appeal.areaCode);
      if (area?.level === 'township' || area?.level === 'village') expect(appeal.text).toContain(shortName(area));
      if (area?.level === 'grid') expect(appeal.text).toContain(shortName(areaByCode.get(area.parentCode ?? '')));
    }
  });

  it("should mention one of the leaf's keywords in every ordinary appeal", () => {
    for (const appeal of appeals.filter((a) => a.urgency !== 'critical')) {
      const leaf = leafByCode.get(appeal.label);
      if (!leaf || isUnroutedCategory(leaf)) continue;
      expect(leaf.keywords.some((k) => appeal.text.includes(k)) || appeal.text.includes(leaf.name)).toBe(true);
    }
  });

  it('should include a handful of emergencies labelled critical', () => {
    const critical = appeals.filter((a) => a.urgency === 'critical');
    expect(critical.length).toBeGreaterThanOrEqual(20);
    expect(critical.length).toBeLessThan(150);
    for (const appeal of critical) expect(appeal.text).toMatch(/着火|煤气泄漏|受伤|打架|被困|冒火花/);
    expect(appeals.some((a) => a.urgency === 'urgent')).toBe(true);
  });

  it('should vary enough that a classifier trained on 3,000 appeals labels unseen ones well', () => {
    const unseen = demoAppeals(1000, 2);
    const seenTexts = new Set(appeals.map((a) => a.text));
    expect(unseen.filter((a) => seenTexts.has(a.text)).length).toBeLessThan(50);
    const classify = trainCentroids(appeals);
    const correct = unseen.filter((a) => classify(a.text) === a.label).length;
    expect(correct / unseen.length).toBeGreaterThan(0.8);
  });
});
