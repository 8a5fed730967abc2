import { trainModel } from './appeal-classifier';
import { ClassifierInputError } from './classifier.errors';
import { ClassifierModel, parseModel, serializeModel, validateModel } from './classifier-model.schema';
import { fixtureAppeals } from './classifier.fixtures';

describe(parseModel.name, () => {
  const model = trainModel(fixtureAppeals(12, 3), { trainer: { calibrationFolds: 0 } });
  const json = serializeModel(model);
  const mutated = (change: (copy: Record<string, unknown> & ClassifierModel) => void): string => {
    const copy = JSON.parse(json) as Record<string, unknown> & ClassifierModel;
    change(copy);
    return JSON.stringify(copy);
  };

  it('should round-trip a model through JSON unchanged', () => {
    expect(parseModel(json)).toEqual(model);
    expect(model.heads.category.crossValidation).toBeNull();
    expect(model.heads.category.stack?.metaBias).toHaveLength(model.labels.length);
  });

  it.each([
    ['text that is not JSON', '{"format": ', /m\.json: not valid JSON/],
    ['another kind of file', '{"hello": "world"}', /"format" must be "hotline-12345\/appeal-classifier"/],
    ['a future version', mutated((m) => ((m as { version: number }).version = 2)), /unsupported version 2/],
    [
      'truncated weights',
      mutated((m) => (m.heads.category.weights.data = m.heads.category.weights.data.slice(0, 40))),
      /heads\.category\.weights\.data must hold/,
    ],
    [
      'a missing category head',
      mutated((m) => delete (m.heads as Partial<ClassifierModel['heads']>).category),
      /"heads\.category" is missing/,
    ],
    ['labels that disagree', mutated((m) => (m.labels = ['x', 'y'])), /"labels" must equal heads\.category\.labels/],
    ['a broken idf', mutated((m) => (m.idf = '')), /"idf" must hold/],
    ['a memory of the wrong size', mutated((m) => (m.memory!.rows = 3)), /memory/],
    [
      'a meta model of the wrong size',
      mutated((m) => m.heads.category.stack!.metaWeights.pop()),
      /heads\.category\.stack must be/,
    ],
  ])('should refuse %s with a clear ClassifierInputError', (_, content, message) => {
    expect(() => parseModel(content, 'm.json')).toThrow(ClassifierInputError);
    expect(() => parseModel(content, 'm.json')).toThrow(message);
  });

  it('should validate before serialising, so that a broken model is never written', () => {
    expect(() => serializeModel({ ...model, labels: [] })).toThrow(/labels/);
    expect(() => validateModel(null)).toThrow(/expected a JSON object/);
  });
});
