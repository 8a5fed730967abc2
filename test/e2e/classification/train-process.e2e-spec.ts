import { stopTrainingProcesses, trainInChildProcess } from '../../../src/classification/classifier-train-process';
import { predict } from '../../../src/classification/appeal-classifier';
import { demoAppeals } from '../../../src/seed/demo-appeals.generator';

/** Retraining runs in a child process: the caller's event loop (pipeline, timers, relay, API) goes on. */
describe('Classifier training process (e2e)', () => {
  it('should train and score in a child process while the caller keeps running', async () => {
    const appeals = demoAppeals(700, 'train-process');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const { model, scored } = await trainInChildProcess({
      training: appeals.slice(0, 600),
      heldOut: appeals.slice(600),
    }).finally(() => clearInterval(timer));
    // trained here, synchronously, the timer could not have run until the training had ended
    expect(ticks).toBeGreaterThan(0);
    expect(scored).toHaveLength(100);
    // far above chance over the demo tree's leaf categories
    expect(scored.filter((s) => s.truth === s.predicted).length).toBeGreaterThan(30);
    // the model came back whole: it predicts here as it did there
    const first = appeals[600]!;
    const here = predict(model, first.text);
    expect(here.category.label).toBe(scored[0]!.predicted);
    expect(here.category.confidence).toBeCloseTo(scored[0]!.confidence, 10);
  });

  it("should reject with the trainer's reason when the training fails", async () => {
    const one = demoAppeals(5, 'one-label').map((a) => ({ ...a, label: 'only' }));
    await expect(trainInChildProcess({ training: one, heldOut: [] })).rejects.toThrow(
      'Classifier training failed: training needs at least two categories',
    );
  });

  it('should stop a training under way when its process shuts down, failing the training at once', async () => {
    const appeals = demoAppeals(3000, 'stopped');
    const started = Date.now();
    const training = trainInChildProcess({ training: appeals, heldOut: [] });
    const failed = expect(training).rejects.toThrow('The classifier training process ended without a model (SIGTERM)');
    await new Promise((resolve) => setTimeout(resolve, 300));
    stopTrainingProcesses();
    await failed;
    // training 3,000 appeals takes several seconds: it did not run to its end
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
