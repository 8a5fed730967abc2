import type { DefaultJobOptions } from 'bullmq';
import type { SlaClockName } from './sla-policy';
import type { TimerKind } from './ticket-deadlines';

/**
 * The queue of SLA timers (delayed jobs) and its jobs, with the payloads they carry: ids and the due instant.
 * A ticket has only its soonest timers on the queue; each one, when it has run, arms the next (SlaArmingService).
 */
export const SLA_QUEUE = 'sla';

export interface SlaJobData {
  ticketId: number;
  clock: SlaClockName;
  /** Epoch ms of the deadline the timer belongs to: a moved deadline is another timer. */
  dueAt: number;
}

export interface SlaJobMap {
  'sla.warn': SlaJobData;
  'sla.breach': SlaJobData;
}
export type SlaJobName = keyof SlaJobMap;

export const JOB_OF_KIND: Readonly<Record<TimerKind, SlaJobName>> = { warning: 'sla.warn', breach: 'sla.breach' };
export const KIND_OF_JOB: Readonly<Record<SlaJobName, TimerKind>> = { 'sla.warn': 'warning', 'sla.breach': 'breach' };

/**
 * Deterministic: arming the same deadline twice (two workers, the sweeper, the re-arm after each fired
 * timer) enqueues one job; adding an id whose job is waiting, running or done is a no-op in BullMQ.
 */
export function slaJobId(ticketId: number, clock: SlaClockName, kind: TimerKind, dueAt: number): string {
  return `sla-${ticketId}-${clock}-${kind === 'warning' ? 'warn' : 'breach'}-${dueAt}`;
}

/**
 * Retries with backoff (a version conflict on the urge, MySQL blips, a failed re-arm). Done jobs are kept a
 * day so that re-arming, which enqueues every timer already due, does not run a timer that has run again.
 */
export const SLA_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export const AUTO_URGE_CONTENT = '系统自动催办：办理已超时';
