import { type ChildProcess, fork } from 'node:child_process';
import { extname, join } from 'node:path';
import type { ClassifierModel } from './classifier-model.schema';
import type { LabelledAppeal } from './classifier-dataset.util';
import type { ScoredPrediction } from './classifier-metrics.util';

export interface TrainingRequest {
  training: LabelledAppeal[];
  heldOut: LabelledAppeal[];
}

export type TrainingResponse =
  { ok: true; model: ClassifierModel; scored: ScoredPrediction[] } | { ok: false; message: string };

/** The training children of this process that are still running. */
const running = new Set<ChildProcess>();

/**
 * Stops this process's training children: their retrainings fail at once (the jobs can be run again),
 * instead of a stopping worker waiting minutes for them or leaving them to train for nothing. Run by
 * the retraining processor when the app shuts down, and on any exit of this process.
 */
export function stopTrainingProcesses(): void {
  for (const child of running) child.kill('SIGTERM');
}

let stopOnExit = false;

/**
 * Trains a model and scores the held-out appeals in a child process. Training is seconds to minutes
 * of synchronous CPU and some hundreds of MB of heap: in the worker (or the all-in-one process) it
 * would stop the pipeline, the SLA timers, the outbox relay and the API for that long, and its heap
 * would stay with the process. The child gives its memory back when it exits, and its failure (out of
 * memory included) fails only the retraining.
 */
export function trainInChildProcess(
  request: TrainingRequest,
): Promise<{ model: ClassifierModel; scored: ScoredPrediction[] }> {
  // compiled, the child is a .js file next to this one; under the test runner and tsx it is TypeScript
  const typescript = extname(__filename) === '.ts';
  const child = fork(join(__dirname, `classifier-train.child${typescript ? '.ts' : '.js'}`), [], {
    execArgv: typescript ? ['--import', 'tsx'] : [],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (!stopOnExit) {
    // a forked child outlives a parent that exits (a shutdown's time-out included) unless it is told
    process.once('exit', stopTrainingProcesses);
    stopOnExit = true;
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      outcome();
    };
    child.once('message', (response: TrainingResponse) =>
      settle(() =>
        response.ok
          ? resolve({ model: response.model, scored: response.scored })
          : reject(new Error(`Classifier training failed: ${response.message}`)),
      ),
    );
    child.once('error', (error) => settle(() => reject(error)));
    child.once('exit', (code, signal) =>
      settle(() =>
        reject(new Error(`The classifier training process ended without a model (${signal ?? `exit code ${code}`})`)),
      ),
    );
    child.send(request);
  });
}
