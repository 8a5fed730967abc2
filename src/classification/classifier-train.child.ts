/**
 * The retraining's CPU work, in a process of its own (see trainInChildProcess): trains on the
 * examples the parent sends and scores the held-out ones, then sends the model and the scores back
 * and exits. Run by fork(), never imported by the app.
 */
import { predict, trainModel } from './appeal-classifier';
import type { TrainingRequest, TrainingResponse } from './classifier-train-process';

process.once('message', (request: TrainingRequest) => {
  let response: TrainingResponse;
  try {
    const model = trainModel(request.training);
    const scored = request.heldOut.map((e) => {
      const p = predict(model, e.text);
      return { truth: e.label, predicted: p.category.label, confidence: p.category.confidence };
    });
    response = { ok: true, model, scored };
  } catch (error) {
    response = { ok: false, message: (error as Error).message };
  }
  process.send?.(response, () => process.exit(0));
});
