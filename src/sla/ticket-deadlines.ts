/**
 * The deadline rules of a ticket, as pure functions over one "SLA record": the clocks of one
 * dispatch of a ticket to a unit (an assignment). No Nest, no database: SlaService loads the
 * record, calls applySlaEvent() with what the action did, stores the result and copies the
 * deadlines onto the ticket.
 *
 * Rules (DOMAIN.md, and the decisions the SLA issue left to us):
 * - dispatch starts the accept, first-contact and resolution clocks at the dispatch instant, on the
 *   policy resolved then (stored with the record, so later policy or calendar edits never rewrite a
 *   past assessment); a re-dispatch before acceptance (a dispatcher's correction) starts them again;
 * - forward gives the ticket to a unit below, which must sign for it: a new accept clock; the caller's
 *   first-contact and resolution clocks keep running;
 * - accept, record-contact, reply and callback satisfy their clocks;
 * - an approved extension moves the resolution deadline by the working days asked;
 * - an approved suspension pauses the resolution clock; resume moves the deadline by the clock time
 *   that was paused;
 * - review approve starts the callback clock (the centre's); a reopen (callback not satisfied) starts
 *   a new resolution clock;
 * - an approved return ends the record: the unit no longer holds the ticket.
 * A year the statutory calendar does not cover is never guessed as Monday–Friday: working time falls
 * back to wall-clock time (N working days = N × 24 h), which is never later than the statutory answer,
 * and the record is flagged so the event payload and the board can say so.
 */
import { CalendarYearNotCovered } from './sla.errors';
import {
  type ClockKind,
  type ClockSpec,
  clockKindOf,
  computeDeadline,
  DEFAULT_WARNING_RATIO,
  warningAt,
} from './sla-clock';
import type { SlaClockName, SlaClocks } from './sla-policy';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from './shanghai-time';
import type { WorkingCalendar } from './working-calendar';

/** The ticket statuses the rules look at (a structural copy of TicketStatus, to keep sla free of tickets). */
export type SlaTicketStatus =
  | 'new'
  | 'pending_dispatch'
  | 'assigned'
  | 'accepted'
  | 'suspended'
  | 'replied'
  | 'pending_callback'
  | 'closed'
  | 'resolved_on_call'
  | 'invalid'
  | 'handed_over'
  | 'merged';

/** The SLA state of one dispatch of a ticket. Field names match the sla_assignments columns. */
export interface SlaRecord {
  clocks: SlaClocks;
  dispatchedAt: Date;
  acceptStartedAt: Date;
  acceptDueAt: Date;
  acceptedAt: Date | null;
  firstContactDueAt: Date;
  firstContactAt: Date | null;
  /** Moved with the deadline by a resume, so 75 % of (start → due) stays 75 % of the running clock. */
  resolutionStartedAt: Date;
  resolutionDueAt: Date;
  /** The latest reply under the current resolution clock (a reopen clears it). */
  repliedAt: Date | null;
  firstRepliedAt: Date | null;
  callbackStartedAt: Date | null;
  callbackDueAt: Date | null;
  extensionDays: number;
  pendingExtensionDays: number | null;
  suspendedAt: Date | null;
  callbacks: number;
  callbacksSolved: number;
  callbacksSatisfied: number;
  reopens: number;
  returned: boolean;
  endedAt: Date | null;
  /** A deadline of this record was computed on the wall-clock fallback (an uncovered year). */
  calendarFallback: boolean;
}

export type SlaEvent =
  | { kind: 'dispatch'; clocks: SlaClocks }
  | { kind: 'forward' }
  | { kind: 'accept' }
  | { kind: 'contact' }
  | { kind: 'extension-requested'; days: number }
  | { kind: 'extension-decided'; approved: boolean }
  | { kind: 'suspended' }
  | { kind: 'resumed' }
  | { kind: 'returned' }
  | { kind: 'reply' }
  | { kind: 'review-approved' }
  | { kind: 'callback'; solved: boolean; satisfied: boolean; reopened: boolean };

/** The fields of a ticket action the rules read. */
export interface SlaActionInput {
  decision?: string | null;
  extensionDays?: number | null;
  solved?: boolean | null;
  satisfaction?: string | null;
}

/** An extension adds at most 10 working days (DOMAIN.md), counted over the whole assignment. */
export const MAX_EXTENSION_WORKING_DAYS = 10;

/** Which SLA event a ticket action is, or null when it touches no clock (urge, notes, reveals …). */
export function slaEventOf(
  action: string,
  to: SlaTicketStatus,
  input: SlaActionInput,
  clocks: () => SlaClocks,
): SlaEvent | null {
  switch (action) {
    case 'dispatch':
      return { kind: 'dispatch', clocks: clocks() };
    case 'forward':
      return { kind: 'forward' };
    case 'accept':
      return { kind: 'accept' };
    case 'record-contact':
      return { kind: 'contact' };
    case 'request-extension':
      return { kind: 'extension-requested', days: input.extensionDays ?? 0 };
    case 'decide-extension':
      return { kind: 'extension-decided', approved: input.decision === 'approve' };
    case 'decide-suspension':
      return to === 'suspended' ? { kind: 'suspended' } : null;
    case 'resume':
      return { kind: 'resumed' };
    case 'decide-return':
      return input.decision === 'approve' ? { kind: 'returned' } : null;
    case 'reply':
      return { kind: 'reply' };
    case 'review':
      return input.decision === 'approve' ? { kind: 'review-approved' } : null;
    case 'callback':
      return {
        kind: 'callback',
        solved: input.solved === true,
        satisfied: input.satisfaction === 'satisfied' || input.satisfaction === 'basically_satisfied',
        reopened: to !== 'closed',
      };
    default:
      return null;
  }
}

/** A due instant, and the uncovered year when it had to be computed on the wall-clock fallback. */
export interface Due {
  at: Date;
  uncoveredYear: number | null;
}

/** Wall-clock stand-in for working time in a year the statutory calendar does not cover: N working days = N × 24 h. */
function wallFallback(from: Date, spec: ClockSpec): Date {
  const unitMs = spec.unit === 'working_days' ? MS_PER_DAY : spec.unit === 'minutes' ? MS_PER_MINUTE : MS_PER_HOUR;
  return new Date(from.getTime() + Math.round(spec.amount * unitMs));
}

/** computeDeadline, with the flagged wall-clock fallback instead of CalendarYearNotCovered. */
export function dueFrom(from: Date, spec: ClockSpec, calendar: WorkingCalendar): Due {
  try {
    return { at: computeDeadline(from, spec, calendar), uncoveredYear: null };
  } catch (error) {
    if (!(error instanceof CalendarYearNotCovered)) throw error;
    return { at: wallFallback(from, spec), uncoveredYear: error.year };
  }
}

export interface SlaStep {
  record: SlaRecord | null;
  /** Years the arithmetic of this step could not find in the statutory calendar. */
  uncoveredYears: number[];
}

/**
 * The record after an event at `now`. `null` in, `null` out for every event but dispatch (a ticket
 * without a dispatch has no clocks); an ended record (returned, closed) no longer changes. Total:
 * limits such as the extension cap are checked by the caller (extensionAllowed) before the action.
 */
export function applySlaEvent(
  record: SlaRecord | null,
  event: SlaEvent,
  now: Date,
  calendar: WorkingCalendar,
): SlaStep {
  const uncovered: number[] = [];
  const due = (from: Date, spec: ClockSpec): Date => {
    const result = dueFrom(from, spec, calendar);
    if (result.uncoveredYear !== null) uncovered.push(result.uncoveredYear);
    return result.at;
  };
  const step = (next: SlaRecord | null): SlaStep => ({
    record: next && uncovered.length > 0 ? { ...next, calendarFallback: true } : next,
    uncoveredYears: [...new Set(uncovered)],
  });

  if (event.kind === 'dispatch') {
    const { clocks } = event;
    return step({
      clocks,
      dispatchedAt: now,
      acceptStartedAt: now,
      acceptDueAt: due(now, clocks.accept),
      acceptedAt: null,
      firstContactDueAt: due(now, clocks.firstContact),
      firstContactAt: null,
      resolutionStartedAt: now,
      resolutionDueAt: due(now, clocks.resolution),
      repliedAt: null,
      firstRepliedAt: null,
      callbackStartedAt: null,
      callbackDueAt: null,
      extensionDays: 0,
      pendingExtensionDays: null,
      suspendedAt: null,
      callbacks: 0,
      callbacksSolved: 0,
      callbacksSatisfied: 0,
      reopens: 0,
      returned: false,
      endedAt: null,
      calendarFallback: false,
    });
  }
  if (record === null || record.endedAt !== null) return step(record);
  const r = record;
  switch (event.kind) {
    case 'forward':
      return step({ ...r, acceptStartedAt: now, acceptDueAt: due(now, r.clocks.accept), acceptedAt: null });
    case 'accept':
      return step({ ...r, acceptedAt: r.acceptedAt ?? now });
    case 'contact':
      return step({ ...r, firstContactAt: r.firstContactAt ?? now });
    case 'extension-requested':
      return step({ ...r, pendingExtensionDays: event.days });
    case 'extension-decided': {
      const days = r.pendingExtensionDays ?? 0;
      if (!event.approved || days <= 0) return step({ ...r, pendingExtensionDays: null });
      // Extensions are granted in working days whatever the clock (DOMAIN.md: "adds at most 10 working days").
      const moved = due(r.resolutionDueAt, { amount: days, unit: 'working_days' });
      return step({ ...r, resolutionDueAt: moved, extensionDays: r.extensionDays + days, pendingExtensionDays: null });
    }
    case 'suspended':
      return step({ ...r, suspendedAt: r.suspendedAt ?? now });
    case 'resumed': {
      if (r.suspendedAt === null) return step(r);
      const shifted = shiftByPause(r, r.suspendedAt, now, calendar, uncovered);
      return step({ ...r, ...shifted, suspendedAt: null });
    }
    case 'returned':
      return step({ ...r, returned: true, endedAt: now, pendingExtensionDays: null });
    case 'reply':
      return step({ ...r, repliedAt: now, firstRepliedAt: r.firstRepliedAt ?? now, pendingExtensionDays: null });
    case 'review-approved':
      return step({ ...r, callbackStartedAt: now, callbackDueAt: due(now, r.clocks.callback) });
    case 'callback': {
      const counted = {
        ...r,
        callbacks: r.callbacks + 1,
        callbacksSolved: r.callbacksSolved + (event.solved ? 1 : 0),
        callbacksSatisfied: r.callbacksSatisfied + (event.satisfied ? 1 : 0),
        callbackStartedAt: null,
        callbackDueAt: null,
      };
      if (!event.reopened) return step({ ...counted, endedAt: now });
      return step({
        ...counted,
        reopens: r.reopens + 1,
        resolutionStartedAt: now,
        resolutionDueAt: due(now, r.clocks.resolution),
        repliedAt: null,
      });
    }
  }
}

/**
 * Moves the resolution deadline (and its start) by the clock time paused in [from, to). A pause that
 * began after the deadline moves nothing: the clock had already run out.
 */
function shiftByPause(
  r: SlaRecord,
  from: Date,
  to: Date,
  calendar: WorkingCalendar,
  uncovered: number[],
): Pick<SlaRecord, 'resolutionDueAt' | 'resolutionStartedAt'> {
  const due = r.resolutionDueAt.getTime();
  if (from.getTime() >= due || to.getTime() <= from.getTime()) return r;
  const kind = clockKindOf(r.clocks.resolution);
  const landing = r.clocks.resolution.unit === 'working_days' ? 'next-start' : 'period-end';
  const shift = (instant: Date): Date => {
    if (kind === 'wall') return new Date(instant.getTime() + (to.getTime() - from.getTime()));
    try {
      const remaining = calendar.workingMsBetween(from.getTime(), instant.getTime());
      return new Date(calendar.addWorkingMs(to.getTime(), remaining, landing));
    } catch (error) {
      if (!(error instanceof CalendarYearNotCovered)) throw error;
      uncovered.push(error.year);
      return new Date(instant.getTime() + (to.getTime() - from.getTime()));
    }
  };
  // The start moves by the whole pause, so the warning stays at 75 % of the clock's own running time.
  const started = r.resolutionStartedAt.getTime();
  const startShift = to.getTime() - from.getTime();
  return { resolutionDueAt: shift(r.resolutionDueAt), resolutionStartedAt: new Date(started + startShift) };
}

/** Whether a unit may still ask for `days` more working days on this record. */
export function extensionAllowed(record: SlaRecord | null, days: number): boolean {
  return record !== null && record.extensionDays + days <= MAX_EXTENSION_WORKING_DAYS;
}

/** A clock that runs now: when it started and when it is due. */
export interface ClockRun {
  clock: SlaClockName;
  startedAt: Date;
  dueAt: Date;
  kind: ClockKind;
}

const FIRST_CONTACT_RUNS: ReadonlySet<SlaTicketStatus> = new Set(['assigned', 'accepted', 'suspended']);
const RESOLUTION_RUNS: ReadonlySet<SlaTicketStatus> = new Set(['assigned', 'accepted']);

/**
 * The clocks running and not yet met, given the ticket's status. The unit's clocks are accept,
 * first contact and resolution; the callback clock is the centre's. First contact stops at the
 * unit's first reply (met or missed: the reply shows the unit has dealt with the caller's matter).
 */
export function runningClocks(record: SlaRecord | null, status: SlaTicketStatus): ClockRun[] {
  if (record === null || record.endedAt !== null) return [];
  const runs: ClockRun[] = [];
  const c = record.clocks;
  if (status === 'assigned' && record.acceptedAt === null) {
    runs.push(run('accept', record.acceptStartedAt, record.acceptDueAt, c.accept));
  }
  if (
    FIRST_CONTACT_RUNS.has(status) &&
    record.firstContactAt === null &&
    record.firstRepliedAt === null &&
    record.reopens === 0
  ) {
    runs.push(run('firstContact', record.dispatchedAt, record.firstContactDueAt, c.firstContact));
  }
  if (RESOLUTION_RUNS.has(status) && record.suspendedAt === null) {
    runs.push(run('resolution', record.resolutionStartedAt, record.resolutionDueAt, c.resolution));
  }
  if (status === 'pending_callback' && record.callbackStartedAt !== null && record.callbackDueAt !== null) {
    runs.push(run('callback', record.callbackStartedAt, record.callbackDueAt, c.callback));
  }
  return runs;
}

function run(clock: SlaClockName, startedAt: Date, dueAt: Date, spec: ClockSpec): ClockRun {
  return { clock, startedAt, dueAt, kind: clockKindOf(spec) };
}

export const UNIT_CLOCKS: ReadonlySet<SlaClockName> = new Set(['accept', 'firstContact', 'resolution']);

/** The warning instant of a running clock: 75 % of its own time (working time for working clocks). */
export function warningOf(r: ClockRun, calendar: WorkingCalendar, ratio = DEFAULT_WARNING_RATIO): Date {
  try {
    return warningAt(r.startedAt, r.dueAt, calendar, r.kind, ratio);
  } catch (error) {
    if (!(error instanceof CalendarYearNotCovered)) throw error;
    const span = Math.max(0, r.dueAt.getTime() - r.startedAt.getTime());
    return new Date(r.startedAt.getTime() + Math.floor(span * ratio));
  }
}

function earliest(dates: Date[]): Date | null {
  return dates.reduce<Date | null>((min, d) => (min === null || d < min ? d : min), null);
}

/** The deadline columns of the ticket: the record's deadlines and the earliest one still running. */
export interface TicketDeadlines {
  acceptDueAt: Date | null;
  firstContactDueAt: Date | null;
  resolutionDueAt: Date | null;
  callbackDueAt: Date | null;
  nextDeadlineAt: Date | null;
}

export function ticketDeadlines(record: SlaRecord | null, status: SlaTicketStatus): TicketDeadlines {
  if (record === null || record.returned) {
    return {
      acceptDueAt: null,
      firstContactDueAt: null,
      resolutionDueAt: null,
      callbackDueAt: null,
      nextDeadlineAt: null,
    };
  }
  return {
    acceptDueAt: record.acceptDueAt,
    firstContactDueAt: record.firstContactDueAt,
    resolutionDueAt: record.resolutionDueAt,
    callbackDueAt: record.callbackDueAt,
    nextDeadlineAt: earliest(runningClocks(record, status).map((r) => r.dueAt)),
  };
}

/**
 * The unit's next deadline and the earliest warning among the unit's running clocks: what the board
 * reads for "overdue now" (deadline passed) and "near-due now" (a warning passed, no deadline yet).
 */
export function unitWatch(
  record: SlaRecord | null,
  status: SlaTicketStatus,
  calendar: WorkingCalendar,
): { nextDeadlineAt: Date | null; nextWarningAt: Date | null } {
  const runs = runningClocks(record, status).filter((r) => UNIT_CLOCKS.has(r.clock));
  return {
    nextDeadlineAt: earliest(runs.map((r) => r.dueAt)),
    nextWarningAt: earliest(runs.map((r) => warningOf(r, calendar))),
  };
}

export type TimerKind = 'warning' | 'breach';

/** One timer to arm: the warning (75 %) or the breach (100 %) of a running clock. */
export interface TimerPlan {
  clock: SlaClockName;
  kind: TimerKind;
  dueAt: Date;
  fireAt: Date;
}

/** The timers a ticket needs now: a warning and a breach for every running clock. */
export function timersOf(record: SlaRecord | null, status: SlaTicketStatus, calendar: WorkingCalendar): TimerPlan[] {
  return runningClocks(record, status).flatMap((r): TimerPlan[] => {
    const breach: TimerPlan = { clock: r.clock, kind: 'breach', dueAt: r.dueAt, fireAt: r.dueAt };
    const warnAt = warningOf(r, calendar);
    return warnAt < r.dueAt ? [{ clock: r.clock, kind: 'warning', dueAt: r.dueAt, fireAt: warnAt }, breach] : [breach];
  });
}

/**
 * The timers to put on the queue at `now`: every one already due (it may still have to fire) and all
 * those sharing the earliest instant still ahead. The later ones wait for the ticket to be armed again
 * when the next one has run (SlaArmingService): most are met or moved before they would fire.
 */
export function timersToArm(plans: readonly TimerPlan[], now: Date): TimerPlan[] {
  const next = earliest(plans.filter((p) => p.fireAt > now).map((p) => p.fireAt));
  return plans.filter((p) => p.fireAt <= now || p.fireAt.getTime() === next?.getTime());
}

/**
 * The timer as it stands now, or null when it is stale: the clock was met, stopped or moved since the
 * timer was armed (a moved deadline has its own timer, keyed by the new due instant).
 */
export function currentTimer(
  record: SlaRecord | null,
  status: SlaTicketStatus,
  calendar: WorkingCalendar,
  timer: { clock: SlaClockName; kind: TimerKind; dueAt: number },
): TimerPlan | null {
  return (
    timersOf(record, status, calendar).find(
      (t) => t.clock === timer.clock && t.kind === timer.kind && t.dueAt.getTime() === timer.dueAt,
    ) ?? null
  );
}
