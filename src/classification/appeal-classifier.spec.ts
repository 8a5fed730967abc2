import { predict, predictingPart, prepareModel, trainModel } from './appeal-classifier';
import { LabelledAppeal } from './classifier-dataset.util';
import { parseModel, serializeModel } from './classifier-model.schema';
import { MAX_STACKED_CLASSES } from './classifier-training.util';
import { fixtureAppeals, FIXTURE_LABELS } from './classifier.fixtures';

describe('appeal classifier', () => {
  const train = fixtureAppeals(30, 1);
  const heldOut = fixtureAppeals(10, 2);
  const model = trainModel(train, { now: new Date('2026-01-02T03:04:05Z') });

  describe(trainModel.name, () => {
    it('should learn categories that carry over to unseen appeals', () => {
      const correct = heldOut.filter((a) => predict(model, a.text).category.label === a.label).length;
      expect(correct / heldOut.length).toBeGreaterThanOrEqual(0.9);
    });

    it('should describe itself: version, creation time, labels and hyper-parameters', () => {
      expect(model).toMatchObject({
        format: 'hotline-12345/appeal-classifier',
        version: 1,
        createdAt: '2026-01-02T03:04:05.000Z',
        labels: FIXTURE_LABELS,
        hyperParameters: { features: { charNgramMax: 3 }, trainer: { c: expect.any(Number) } },
      });
      expect(model.heads.category.crossValidation?.folds).toBe(3);
      expect(model.heads.appealType).toBeUndefined();
    });

    it('should give the same model twice for the same data', () => {
      const again = trainModel(train, { now: new Date('2026-01-02T03:04:05Z') });
      expect(again.heads.category.weights.data).toBe(model.heads.category.weights.data);
    });

    it('should train appealType and urgency heads when the lines carry them', () => {
      const withHeads: LabelledAppeal[] = train.map((a, i) => ({
        ...a,
        appealType: i % 2 === 0 ? 'complaint' : 'consultation',
        urgency: a.label === '环境保护' ? 'urgent' : 'normal',
      }));
      const multi = trainModel(withHeads);
      expect(multi.heads.appealType?.labels).toEqual(['complaint', 'consultation']);
      expect(multi.heads.urgency?.labels).toEqual(['normal', 'urgent']);
      const prediction = predict(multi, '化工厂排放污水臭气熏天，粉尘污染严重');
      expect(prediction.urgency).toMatchObject({ label: 'urgent', source: 'model' });
      expect(prediction.appealType?.source).toBe('model');
    });

    it('should stack block SVMs and neighbour votes under a meta model, or keep the plain sum when told', () => {
      const classes = FIXTURE_LABELS.length;
      expect(model.heads.category.stack?.metaWeights).toHaveLength(4 * classes * classes);
      const plain = trainModel(train, { trainer: { stacking: false } });
      expect(plain.heads.category.stack).toBeUndefined();
      const correct = heldOut.filter((a) => predict(plain, a.text).category.label === a.label).length;
      expect(correct / heldOut.length).toBeGreaterThanOrEqual(0.9);
    });

    it('should keep the plain sum for heads with more labels than a meta model can afford', () => {
      const many = Array.from({ length: (MAX_STACKED_CLASSES + 1) * 4 }, (_, i) => ({
        text: `第${i % (MAX_STACKED_CLASSES + 1)}类诉求 ${train[i % train.length].text}`,
        label: `类别${String(i % (MAX_STACKED_CLASSES + 1)).padStart(2, '0')}`,
      }));
      const wide = trainModel(many, { trainer: { calibrationFolds: 0 } });
      expect(wide.labels).toHaveLength(MAX_STACKED_CLASSES + 1);
      expect(wide.heads.category.stack).toBeUndefined();
      expect(wide.labels).toContain(predict(wide, many[0].text).category.label);
    });

    it('should refuse data with fewer than two categories', () => {
      expect(() => trainModel([{ text: '路灯坏了', label: '城乡建设' }])).toThrow(/two categories/);
    });
  });

  describe(predict.name, () => {
    it('should give calibrated confidences: in [0, 1], summing to at most 1 over the top 3, higher for clear cases', () => {
      const clear = predict(model, '建筑工地老板拖欠工资半年，不给员工缴纳社保，不签劳动合同');
      const mixed = predict(model, '学校门口的公交车拖欠工资');
      expect(clear.category.label).toBe('劳动和社会保障');
      expect(clear.category.top).toHaveLength(3);
      for (const { confidence } of [...clear.category.top, ...mixed.category.top]) {
        expect(confidence).toBeGreaterThanOrEqual(0);
        expect(confidence).toBeLessThanOrEqual(1);
      }
      expect(clear.category.top.reduce((sum, t) => sum + t.confidence, 0)).toBeLessThanOrEqual(1 + 1e-9);
      expect(clear.category.confidence).toBeGreaterThan(mixed.category.confidence);
      expect(clear.category.confidence).toBeGreaterThan(0.6);
    });

    it.each([
      ['empty text', ''],
      ['punctuation and emoji only', '！！！？？😡😡😡……'],
      ['English', 'The street light outside my house has been broken for weeks'],
      ['pinyin', 'lu deng huai le hen jiu mei ren xiu'],
      ['a non-string', 42 as unknown as string],
    ])('should answer %s with a low confidence instead of throwing', (_, text) => {
      const prediction = predict(model, text);
      expect(FIXTURE_LABELS).toContain(prediction.category.label);
      expect(prediction.category.confidence).toBeLessThan(0.4);
      expect(prediction.emergency).toBeNull();
      expect(prediction.urgency).toMatchObject({ label: 'normal', source: 'rule' });
    });

    it('should handle 100,000 characters quickly', () => {
      const huge = '医院乱开检查收费。'.repeat(11_112).slice(0, 100_000);
      const started = Date.now();
      const prediction = predict(model, huge);
      expect(Date.now() - started).toBeLessThan(500);
      expect(prediction.category.label).toBe('卫生计生');
    });

    it('should read traditional and full-width text like simplified', () => {
      expect(predict(model, '醫院亂開檢查收費，醫保報銷困難').category.label).toBe('卫生计生');
      expect(predict(model, '公交車拒載乘客！！ＡＢＣ').category.label).toBe('交通运输');
    });

    it('should hand fires over to 119 and force urgency critical', () => {
      const prediction = predict(model, '城东小区楼房外墙着火了，浓烟很大');
      expect(prediction.emergency).toMatchObject({ handOverTo: '119' });
      expect(prediction.urgency).toEqual({ label: 'critical', confidence: expect.any(Number), source: 'rule' });
    });

    it('should fall back to the urgency and appeal-type rules when the model has no such head', () => {
      const prediction = predict(model, '投诉：我们小区已经停水两天了');
      expect(prediction.urgency).toMatchObject({ label: 'urgent', source: 'rule' });
      expect(prediction.appealType).toMatchObject({ label: 'complaint', source: 'rule' });
    });

    it('should predict exactly as an unprepared model after prepareModel', () => {
      const prepared = parseModel(serializeModel(model));
      prepareModel(prepared);
      for (const text of [...heldOut.slice(0, 10).map((a) => a.text), '', '😡😡', 'lu deng huai le']) {
        // a fresh copy for each text: its first prediction does the one-off work itself
        const unprepared = parseModel(serializeModel(model));
        expect(predict(prepared, text)).toEqual(predict(unprepared, text));
      }
    });

    it('should predict exactly as the full model with only its predicting part, the encoded arrays left out', () => {
      const full = parseModel(serializeModel(model));
      prepareModel(full);
      const lean = predictingPart(full);
      expect(lean.heads.category.weights.data).toBe('');
      expect(lean.idf).toBe('');
      expect(full.heads.category.weights.data.length).toBeGreaterThan(0);
      for (const text of [...heldOut.slice(0, 10).map((a) => a.text), '', '😡😡', 'lu deng huai le']) {
        expect(predict(lean, text)).toEqual(predict(model, text));
      }
    });

    it('should predict exactly the same after a serialisation round trip', () => {
      const restored = parseModel(serializeModel(model));
      for (const appeal of heldOut.slice(0, 20)) {
        expect(predict(restored, appeal.text)).toEqual(predict(model, appeal.text));
      }
    });
  });
});
