import type { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import type { LabelledAppeal } from './classifier-dataset.util';
import { evaluatePredictions } from './classifier-metrics.util';
import { storeModel } from './classifier-store';
import { trainInChildProcess } from './classifier-train-process';

export interface RetrainResult {
  modelId: number;
  examples: number;
  heldOut: number;
  accuracy: number;
  macroF1: number;
  coverageAtPrecision97: number;
}

const MIN_EXAMPLES = 200;
const MAX_EXAMPLES = 50_000;

/**
 * Retrains the classifier on the centre's own history: the text of closed tickets with the
 * category they ended with (the agent's or dispatcher's correction included), plus their appeal
 * type and urgency. One in ten is held out to measure the new model; the model is stored and
 * becomes active at once (every worker picks it up within seconds). The training and the scoring run
 * in a child process, so the caller's event loop goes on meanwhile.
 */
export async function retrainFromClosedTickets(
  dataSource: DataSource,
  options: { actorUserId: number | null },
): Promise<RetrainResult> {
  const rows = (await dataSource.query(
    `SELECT t.id, t.title, t.description, c.code AS label, t.appeal_type AS appealType, t.urgency
       FROM tickets t JOIN categories c ON c.id = t.category_id
      WHERE t.status = 'closed' ORDER BY t.id DESC LIMIT ${MAX_EXAMPLES}`,
  )) as {
    id: number;
    title: string | null;
    description: string;
    label: string;
    appealType: LabelledAppeal['appealType'] | null;
    urgency: LabelledAppeal['urgency'];
  }[];
  const labels = new Set(rows.map((r) => r.label));
  if (rows.length < MIN_EXAMPLES || labels.size < 2) {
    throw DomainError.invalidInput(
      'NOT_ENOUGH_HISTORY',
      `Retraining needs at least ${MIN_EXAMPLES} closed tickets in two or more categories (found ${rows.length} in ${labels.size})`,
    );
  }
  const examples = rows.map((r) => ({
    id: Number(r.id),
    text: [r.title, r.description].filter(Boolean).join('\n'),
    label: r.label,
    ...(r.appealType ? { appealType: r.appealType } : {}),
    urgency: r.urgency,
  })) as (LabelledAppeal & { id: number })[];
  const heldOut = examples.filter((e) => e.id % 10 === 0);
  const training = examples.filter((e) => e.id % 10 !== 0);
  const { model, scored } = await trainInChildProcess({ training, heldOut });
  const report = evaluatePredictions(scored);
  const metrics = {
    n: report.n,
    accuracy: report.accuracy,
    macroF1: report.macroF1,
    coverageAtPrecision97: report.coverageAtPrecision97,
  };
  const modelId = await dataSource.transaction((manager) =>
    storeModel(manager, model, {
      name: `closed-tickets-${new Date().toISOString().slice(0, 10)}`,
      source: 'closed-tickets',
      exampleCount: training.length,
      metrics,
      createdBy: options.actorUserId,
    }),
  );
  return {
    modelId,
    examples: training.length,
    heldOut: heldOut.length,
    accuracy: report.accuracy,
    macroF1: report.macroF1,
    coverageAtPrecision97: report.coverageAtPrecision97,
  };
}
