import { registerCommand } from '../cli';
import { loadConfig } from '../config/env.schema';
import { openDataSource } from '../database/migrations';
import { classifierEvalCommand, classifierTrainCommand } from './classifier.cli';
import { retrainFromClosedTickets } from './classifier-retraining';

registerCommand('classifier:train', '--data <jsonl> --out <model.json>: train a model from labelled appeals', (argv) =>
  classifierTrainCommand(argv),
);
registerCommand(
  'classifier:eval',
  '--model <model.json> --data <jsonl>: evaluate a model; ends with one JSON line',
  async (argv) => {
    await classifierEvalCommand(argv);
  },
);
registerCommand(
  'classifier:retrain',
  'train a model on closed tickets and their final categories, store it and make it active',
  async () => {
    const dataSource = await openDataSource(loadConfig());
    try {
      const result = await retrainFromClosedTickets(dataSource, { actorUserId: null });
      console.log(JSON.stringify(result));
    } finally {
      await dataSource.destroy();
    }
  },
);
