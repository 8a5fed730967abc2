import { parseArgs } from 'node:util';
import { predict, prepareModel, trainModel } from './appeal-classifier';
import { ClassifierInputError } from './classifier.errors';
import { readJsonlDataset } from './classifier-dataset.util';
import { evaluatePredictions, EvaluationReport, ScoredPrediction } from './classifier-metrics.util';
import { readModelFile, writeModelFile } from './classifier-model.schema';

type Output = (line: string) => void;

const TRAIN_USAGE = 'usage: classifier:train --data <train.jsonl> --out <model.json>';
const EVAL_USAGE = 'usage: classifier:eval --model <model.json> --data <test.jsonl>';

function options(argv: string[], names: readonly string[], usage: string): Record<string, string> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new ClassifierInputError('CLASSIFIER_USAGE', `${(error as Error).message}\n${usage}`);
  }
  const missing = names.filter((name) => typeof values[name] !== 'string' || values[name] === '');
  if (missing.length > 0) {
    throw new ClassifierInputError('CLASSIFIER_USAGE', `missing --${missing.join(', --')}\n${usage}`);
  }
  return values as Record<string, string>;
}

const percent = (value: number): string => `${(value * 100).toFixed(2)} %`;

/** `classifier:train --data <jsonl> --out <model.json>` */
export async function classifierTrainCommand(argv: string[], out: Output = console.log): Promise<void> {
  const { data, out: modelPath } = options(argv, ['data', 'out'], TRAIN_USAGE);
  const examples = await readJsonlDataset(data);
  out(`Training on ${examples.length} appeals from ${data} ...`);
  const started = process.hrtime.bigint();
  const model = trainModel(examples);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const bytes = await writeModelFile(modelPath, model);
  out(
    `Trained in ${seconds.toFixed(1)} s; wrote ${modelPath} (${(bytes / 1024 / 1024).toFixed(1)} MB, ${model.vocabulary.length} features)`,
  );
  for (const [name, head] of Object.entries(model.heads)) {
    if (!head) continue;
    const cv = head.crossValidation;
    out(
      `  ${name}: ${head.labels.length} labels, ${head.trainingExamples} examples` +
        (cv
          ? `; ${cv.folds}-fold CV accuracy ${percent(cv.accuracy)}, macro-F1 ${cv.macroF1.toFixed(4)}, ` +
            `coverage at 97 % precision ${percent(cv.coverageAtPrecision97)} (threshold ${head.threshold97?.toFixed(3) ?? 'none'})`
          : '; too few examples to cross-validate'),
    );
  }
}

export function formatEvaluation(report: EvaluationReport): string[] {
  const lines = [
    `n = ${report.n}   accuracy = ${percent(report.accuracy)}   macro-F1 = ${report.macroF1.toFixed(4)}`,
    `coverage at 97 % precision = ${percent(report.coverageAtPrecision97)} (confidence threshold ${report.threshold97?.toFixed(4) ?? 'none'})`,
    '',
    `${'label'.padEnd(16)}${'precision'.padStart(10)}${'recall'.padStart(10)}${'F1'.padStart(10)}${'support'.padStart(10)}`,
  ];
  for (const [label, m] of Object.entries(report.perLabel)) {
    // CJK characters take two columns in a terminal; pad by display width, not by length.
    const width = [...label].reduce((sum, char) => sum + (char.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
    lines.push(
      `${label}${' '.repeat(Math.max(1, 16 - width))}${m.precision.toFixed(4).padStart(10)}${m.recall.toFixed(4).padStart(10)}` +
        `${m.f1.toFixed(4).padStart(10)}${String(m.support).padStart(10)}`,
    );
  }
  return lines;
}

/** `classifier:eval --model <model.json> --data <jsonl>`: a readable summary, then exactly one JSON line. */
export async function classifierEvalCommand(argv: string[], out: Output = console.log): Promise<EvaluationReport> {
  const { model: modelPath, data } = options(argv, ['model', 'data'], EVAL_USAGE);
  const model = await readModelFile(modelPath);
  const examples = await readJsonlDataset(data);
  // the clock measures predictions, not the one-off decoding of the weights and loading of jieba's dictionary
  prepareModel(model);
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  const predictions: ScoredPrediction[] = examples.map((example) => {
    const prediction = predict(model, example.text);
    return { truth: example.label, predicted: prediction.category.label, confidence: prediction.category.confidence };
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const report = evaluatePredictions(predictions);
  out(`Evaluated ${modelPath} (created ${model.createdAt}) on ${data}`);
  // Wall-clock speed depends on what else the machine runs; the CPU-time figure is the one-core cost.
  out(
    `${(examples.length / Math.max(seconds, 1e-9)).toFixed(0)} predictions/s on one thread (wall clock), ` +
      `${(examples.length / Math.max(cpuSeconds, 1e-9)).toFixed(0)} per CPU-second`,
  );
  for (const line of formatEvaluation(report)) out(line);
  out(JSON.stringify(report));
  return report;
}
