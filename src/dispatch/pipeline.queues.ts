import type { DefaultJobOptions } from 'bullmq';

/** Queue names (nouns) and their jobs (noun.verb), with the payloads they carry: ids, never state. */
export const CLASSIFICATION_QUEUE = 'classification';
export const DISPATCH_QUEUE = 'dispatch';

export interface PipelineJobMap {
  'ticket.classify': { ticketId: number; roundEventId: number };
  'ticket.dispatch': { ticketId: number; roundEventId: number };
}

/** Retries with backoff; failed jobs stay a week for the dead-letter view, done ones an hour. */
export const PIPELINE_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * Derived from the event, so a redelivered outbox row or a second sweep enqueues nothing new, and
 * prefixed with the database's incarnation token: a database created again on the same Redis prefix
 * reuses ticket and event ids, and the old database's finished jobs (kept an hour) must not stand in
 * for the new tickets' jobs.
 */
export function classifyJobId(incarnation: string, ticketId: number, roundEventId: number): string {
  return `classify-${incarnation}-${ticketId}-${roundEventId}`;
}

export function dispatchJobId(incarnation: string, ticketId: number, roundEventId: number): string {
  return `dispatch-${incarnation}-${ticketId}-${roundEventId}`;
}

/**
 * Jobs take milliseconds, so a short lock lets another worker take over a job whose worker died
 * within seconds rather than the default half minute. The processors set their concurrency from
 * PIPELINE_CONCURRENCY at start-up.
 */
export const PIPELINE_WORKER_OPTIONS = { concurrency: 4, lockDuration: 10_000, stalledInterval: 5_000 };
