import { normalizeText } from './text-normalizer.util';
import {
  buildVocabulary,
  DEFAULT_FEATURE_OPTIONS,
  normalizeForFeatures,
  textTerms,
  vectorize,
  vectorizerState,
  vectorizeText,
} from './text-features.util';

describe(normalizeText.name, () => {
  it('should fold full-width forms, case, traditional characters and digits', () => {
    expect(normalizeText('ＡＢＣ１２３路燈壞了')).toBe('abc0路灯坏了');
    expect(normalizeText('電話13812345678', { foldDigits: false })).toBe('电话13812345678');
  });

  it('should turn punctuation and emoji into single spaces', () => {
    expect(normalizeText('  路灯😡😡坏了！！！……【急】 ')).toBe('路灯 坏了 急');
    expect(normalizeText('！？😡')).toBe('');
  });

  it('should accept anything without throwing', () => {
    expect(normalizeText(undefined)).toBe('');
    expect(normalizeText(42)).toBe('');
  });

  it('should truncate 100,000 characters quickly', () => {
    const started = Date.now();
    const text = normalizeText('路灯坏了，'.repeat(20_000), { maxChars: 3000 });
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(Date.now() - started).toBeLessThan(200);
  });
});

describe(textTerms.name, () => {
  it('should give char 1–3-grams that never cross a punctuation boundary', () => {
    const terms = textTerms('小区路灯，坏了很久');
    expect([...terms.keys()]).toEqual(expect.arrayContaining(['路', '路灯', '区路灯', '坏了很']));
    expect(terms.has('灯坏')).toBe(false);
    expect(terms.has('灯，坏')).toBe(false);
  });

  it('should add jieba words and a separate block for the title (first line)', () => {
    const terms = textTerms('路灯坏了\n小区的路灯坏了');
    expect(terms.get('路灯')).toBe(2);
    expect(terms.get('|路灯')).toBe(2);
    expect(terms.get('^路灯')).toBe(1);
    expect(terms.has('^小区')).toBe(false);
  });
});

describe(vectorizeText.name, () => {
  it('should give exactly the vector of the training path, for every kind of input', () => {
    const texts = [
      '投诉：小区路灯坏了\n城东新城小区的路灯坏了三个月，电话13812345678，没人修！😡',
      '醫院亂開檢查收費，ＡＢＣ１２３',
      '𠮷野家门口𠮷𠮷的垃圾没人清理',
      'The street light is broken',
      '',
    ];
    const vocabulary = buildVocabulary(
      texts.map((text) => textTerms(text)),
      1,
    );
    const state = vectorizerState(vocabulary);
    for (const text of texts) {
      const expected = vectorize(textTerms(text), vocabulary, DEFAULT_FEATURE_OPTIONS);
      const actual = vectorizeText(
        text,
        normalizeForFeatures(text, DEFAULT_FEATURE_OPTIONS),
        state,
        DEFAULT_FEATURE_OPTIONS,
      );
      const asMap = (v: { indices: Int32Array; values: Float64Array }): Map<number, number> =>
        new Map(Array.from(v.indices, (id, i) => [id, Number(v.values[i].toFixed(12))]));
      expect(asMap(actual)).toEqual(asMap(expected));
    }
  });
});
