import type { DataSource } from 'typeorm';
import { predict, trainModel } from '../classification/appeal-classifier';
import { evaluatePredictions } from '../classification/classifier-metrics.util';
import { activeModelId, storeModel } from '../classification/classifier-store';
import { demoAppeals } from './demo-appeals.generator';

const TRAINING_APPEALS = 2000;
const HELD_OUT_APPEALS = 400;

/**
 * Trains the demo classifier on generated demo appeals (the demo category tree's leaves, with
 * varied places and phrasing) and makes it the active model, unless a model is already active.
 * Takes some seconds: it is a real training run, the same as a centre's on its own history.
 */
export async function seedDemoClassifier(
  dataSource: DataSource,
  log: (line: string) => void = () => undefined,
): Promise<number | null> {
  if ((await activeModelId(dataSource)) !== null) return null;
  log(`Training the demo classifier on ${TRAINING_APPEALS} demo appeals...`);
  const examples = demoAppeals(TRAINING_APPEALS, 'demo-model-train').map((a) => ({
    text: a.text,
    label: a.label,
    appealType: a.appealType,
    urgency: a.urgency,
  }));
  const model = trainModel(examples);
  const heldOut = demoAppeals(HELD_OUT_APPEALS, 'demo-model-eval');
  const report = evaluatePredictions(
    heldOut.map((a) => {
      const p = predict(model, a.text);
      return { truth: a.label, predicted: p.category.label, confidence: p.category.confidence };
    }),
  );
  const metrics = { n: report.n, accuracy: report.accuracy, macroF1: report.macroF1 };
  const id = await dataSource.transaction((manager) =>
    storeModel(manager, model, { name: 'demo', source: 'demo-seed', exampleCount: examples.length, metrics }),
  );
  log(
    `Demo classifier ${id}: accuracy ${metrics.accuracy.toFixed(3)}, macro-F1 ${metrics.macroF1.toFixed(3)} on ${report.n} held-out demo appeals`,
  );
  return id;
}
