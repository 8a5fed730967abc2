import { jaccard, shingles, textSimilarity } from './text-similarity';

describe('textSimilarity', () => {
  it('should find the same matter told twice alike', () => {
    const a = '古城街道东门小区楼下烧烤摊油烟很大，晚上十二点还在营业，严重扰民';
    const b = '东门小区楼下的烧烤摊每天晚上油烟扰民，十二点还不收摊';
    expect(textSimilarity(a, b)).toBeGreaterThan(0.25);
  });

  it('should find different matters unalike', () => {
    const a = '古城街道东门小区楼下烧烤摊油烟很大，晚上十二点还在营业';
    const b = '咨询城乡居民医疗保险明年的缴费标准和缴费时间';
    expect(textSimilarity(a, b)).toBeLessThan(0.05);
  });

  it('should ignore punctuation, width and case', () => {
    expect(textSimilarity('停水了！ABC小区', '停水了 abc小区')).toBe(1);
  });

  it('should be 0 for empty input and symmetric', () => {
    expect(textSimilarity('', '停水')).toBe(0);
    const a = shingles('路灯不亮了');
    const b = shingles('小区路灯坏了不亮');
    expect(jaccard(a, b)).toBe(jaccard(b, a));
  });

  it('should count each Han bigram, lone Han character and latin word once', () => {
    // 停水 水了 | 小 (a lone character between spaces) | abc 12
    expect(shingles('停水了 小 ABC 12 a').size).toBe(5);
    expect(shingles('停水了停水了').size).toBe(3);
    expect(textSimilarity('小', '小')).toBe(1);
    expect(textSimilarity('小区', '小 区')).toBe(0);
  });
});
