/**
 * SLA clocks: how long a ticket has for a step (accept, first contact, resolution, callback) and
 * the instant it is due, warned about, or paused.
 *
 * Critical and urgent clocks run on the wall clock, holidays included ('minutes' / 'hours');
 * normal clocks run on working time ('working_hours' / 'working_days'), see working-calendar.ts.
 */
import { SlaInputError } from './sla.errors';
import { type Instant, MS_PER_HOUR, MS_PER_MINUTE, toEpochMs } from './shanghai-time';
import { type MsInterval, type TimeInterval, mergeIntervals } from './time-interval';
import type { WorkingCalendar, WorkingTimeLanding } from './working-calendar';

export const CLOCK_UNITS = ['minutes', 'hours', 'working_hours', 'working_days'] as const;
export type ClockUnit = (typeof CLOCK_UNITS)[number];

export interface ClockSpec {
  amount: number;
  unit: ClockUnit;
}

export type ClockKind = 'wall' | 'working';

/** Reminders fire at 75 % of a clock (DOMAIN.md). */
export const DEFAULT_WARNING_RATIO = 0.75;

export function clockKindOf(spec: ClockSpec): ClockKind {
  switch (spec.unit) {
    case 'minutes':
    case 'hours':
      return 'wall';
    case 'working_hours':
    case 'working_days':
      return 'working';
  }
}

/**
 * A clock must be a positive, finite amount; working days must be whole (the DOMAIN rule "same
 * clock time on the N-th working day" has no meaning for 1.5 days: use working_hours instead).
 */
export function assertValidClockSpec(spec: ClockSpec): void {
  if (!(CLOCK_UNITS as readonly string[]).includes(spec.unit)) {
    throw new SlaInputError('sla.invalid_clock', `Unknown clock unit ${JSON.stringify(spec.unit)}`);
  }
  if (!Number.isFinite(spec.amount) || spec.amount <= 0) {
    throw new SlaInputError('sla.invalid_clock', `A clock needs a positive amount, got ${spec.amount} ${spec.unit}`);
  }
  if (spec.unit === 'working_days' && !Number.isInteger(spec.amount)) {
    throw new SlaInputError('sla.invalid_clock', `Working days must be whole, got ${spec.amount}`);
  }
}

export function addWallClock(from: Instant, minutes: number): Date {
  if (!Number.isFinite(minutes)) {
    throw new SlaInputError('sla.invalid_amount', `Minutes must be a finite number, got ${minutes}`);
  }
  return new Date(toEpochMs(from) + Math.round(minutes * MS_PER_MINUTE));
}

/** The instant a clock started at `from` is due, with no suspension. */
export function computeDeadline(from: Instant, spec: ClockSpec, calendar: WorkingCalendar): Date {
  assertValidClockSpec(spec);
  switch (spec.unit) {
    case 'minutes':
      return addWallClock(from, spec.amount);
    case 'hours':
      return addWallClock(from, spec.amount * 60);
    case 'working_hours':
      return calendar.addWorkingHours(from, spec.amount);
    case 'working_days':
      return calendar.addWorkingDays(from, spec.amount);
  }
}

/**
 * The deadline of a clock paused by suspensions (挂起): time inside a suspension does not count, so
 * the deadline moves by the working time (wall time for wall clocks) that fell inside suspensions
 * before it, including suspensions that only the moved deadline reaches. A suspension that began
 * before the clock started pauses it from its start. Without suspensions this equals computeDeadline.
 * An open suspension has no deadline: pass `to` = now for a provisional one.
 */
export function deadlineWithSuspensions(
  from: Instant,
  spec: ClockSpec,
  suspensions: readonly TimeInterval[],
  calendar: WorkingCalendar,
): Date {
  assertValidClockSpec(spec);
  const kind = clockKindOf(spec);
  const merged = mergeIntervals(suspensions);
  const start = toEpochMs(from);
  switch (spec.unit) {
    case 'minutes':
    case 'hours': {
      const budget = Math.round(spec.amount * (spec.unit === 'hours' ? MS_PER_HOUR : MS_PER_MINUTE));
      return new Date(advanceClock(start, budget, kind, merged, calendar, 'period-end'));
    }
    case 'working_hours':
      return new Date(advanceClock(start, Math.round(spec.amount * MS_PER_HOUR), kind, merged, calendar, 'period-end'));
    case 'working_days':
      // N working days is N × (working hours per day) of working time landing on the next start
      // (see WorkingCalendar.addWorkingDays), which is what lets a suspension shift it by minutes.
      return new Date(
        advanceClock(start, spec.amount * calendar.workingMsPerDay, kind, merged, calendar, 'next-start'),
      );
  }
}

/**
 * The instant at `ratio` of the clock from start to deadline, measured on the clock's own time:
 * working time for working clocks, so 75 % of a 1-working-day clock started Monday 08:30 is
 * Monday 16:15 (5 h 15 min of working time later), not Tuesday 02:30 (75 % of the wall time to
 * Tuesday 08:30). Time inside suspensions is not counted, like for the deadline. When the warning
 * point falls exactly on a period end it stays there (12:00, not 14:30): better early than late.
 */
export function warningAt(
  start: Instant,
  deadline: Instant,
  calendar: WorkingCalendar,
  clockKind: ClockKind,
  ratio: number = DEFAULT_WARNING_RATIO,
  suspensions: readonly TimeInterval[] = [],
): Date {
  if (!Number.isFinite(ratio) || ratio <= 0 || ratio > 1) {
    throw new SlaInputError('sla.invalid_ratio', `A warning ratio must be in (0, 1], got ${ratio}`);
  }
  const from = toEpochMs(start);
  const to = toEpochMs(deadline);
  const merged = mergeIntervals(suspensions);
  const measure = (a: number, b: number) =>
    clockKind === 'wall' ? Math.max(0, b - a) : calendar.workingMsBetween(a, b);
  let budget = measure(from, to);
  for (const [s, e] of merged) {
    budget -= measure(Math.max(s, from), Math.min(e, to));
  }
  // Floor: a reminder a millisecond early is harmless, one late is not.
  return new Date(advanceClock(from, Math.floor(budget * ratio), clockKind, merged, calendar, 'period-end'));
}

/**
 * Walks a clock forward from `start` until `budgetMs` of its time has run, skipping suspensions.
 * `merged` must come from mergeIntervals (sorted, disjoint).
 */
function advanceClock(
  start: number,
  budgetMs: number,
  kind: ClockKind,
  merged: readonly MsInterval[],
  calendar: WorkingCalendar,
  landing: WorkingTimeLanding,
): number {
  const measure = (a: number, b: number) => (kind === 'wall' ? b - a : calendar.workingMsBetween(a, b));
  const add = (at: number, ms: number) => (kind === 'wall' ? at + ms : calendar.addWorkingMs(at, ms, landing));
  let cursor = start;
  let remaining = budgetMs;
  for (const [suspendedFrom, suspendedTo] of merged) {
    if (suspendedTo <= cursor) {
      continue;
    }
    if (suspendedFrom > cursor) {
      const available = measure(cursor, suspendedFrom);
      // 'next-start' wants the latest instant with the budget spent, which lies after the suspension.
      if (remaining < available || (remaining === available && landing === 'period-end')) {
        return add(cursor, remaining);
      }
      remaining -= available;
    }
    cursor = suspendedTo;
  }
  return add(cursor, remaining);
}
