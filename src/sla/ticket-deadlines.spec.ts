import { defaultSlaClocks } from './sla-policy';
import { formatShanghaiIso, parseShanghaiInstant } from './shanghai-time';
import {
  applySlaEvent,
  extensionAllowed,
  runningClocks,
  type SlaEvent,
  slaEventOf,
  type SlaRecord,
  type SlaTicketStatus,
  ticketDeadlines,
  type TimerPlan,
  timersOf,
  timersToArm,
  unitWatch,
  warningOf,
} from './ticket-deadlines';
import { WorkingCalendar } from './working-calendar';
import { chineseDaysStatutoryYears } from './prc-statutory-calendar';

const at = (text: string): Date => new Date(parseShanghaiInstant(text.replace(' ', 'T')));
const show = (instant: Date | null): string | null =>
  instant === null ? null : formatShanghaiIso(instant).slice(0, 16).replace('T', ' ');

const calendar = new WorkingCalendar();
const complaint = defaultSlaClocks('complaint', 'normal');

function dispatched(when: string, clocks = complaint): SlaRecord {
  const { record } = applySlaEvent(null, { kind: 'dispatch', clocks }, at(when), calendar);
  if (!record) throw new Error('dispatch gave no record');
  return record;
}

function apply(record: SlaRecord, event: SlaEvent, when: string, cal = calendar): SlaRecord {
  const next = applySlaEvent(record, event, at(when), cal).record;
  if (!next) throw new Error('the record vanished');
  return next;
}

describe('ticket deadlines', () => {
  describe('dispatch', () => {
    it('should skip the Qingming holiday for a normal complaint dispatched on the Friday afternoon before it', () => {
      // 2026-04-04..06 (Sat–Mon) are off: the next working day after Friday 04-03 is Tuesday 04-07.
      const r = dispatched('2026-04-03 15:00');
      expect(show(r.acceptDueAt)).toBe('2026-04-07 15:00');
      // first contact is 24 wall hours: the caller waits through the holiday too
      expect(show(r.firstContactDueAt)).toBe('2026-04-04 15:00');
      expect(show(r.resolutionDueAt)).toBe('2026-04-13 15:00');
      expect(r.calendarFallback).toBe(false);
    });

    it('should count the make-up Saturday after Labour Day as a working day', () => {
      // 05-01..05 off, Saturday 05-09 is a make-up workday: 5 working days = 05-06, 07, 08, 09, 11
      const r = dispatched('2026-04-30 16:00');
      expect(show(r.acceptDueAt)).toBe('2026-05-06 16:00');
      expect(show(r.resolutionDueAt)).toBe('2026-05-11 16:00');
    });

    it('should run critical and urgent clocks on the wall clock, holidays included', () => {
      const r = dispatched('2026-04-30 16:00', defaultSlaClocks('complaint', 'urgent'));
      expect(show(r.acceptDueAt)).toBe('2026-04-30 16:30');
      expect(show(r.firstContactDueAt)).toBe('2026-04-30 18:00');
      expect(show(r.resolutionDueAt)).toBe('2026-05-01 16:00');
    });

    it('should start the clocks again on a re-dispatch', () => {
      const first = dispatched('2026-03-02 09:00');
      const again = apply(first, { kind: 'dispatch', clocks: complaint }, '2026-03-02 11:00');
      expect(show(again.acceptDueAt)).toBe('2026-03-03 11:00');
      expect(show(again.dispatchedAt)).toBe('2026-03-02 11:00');
    });
  });

  describe('uncovered years', () => {
    const only2026 = new WorkingCalendar({
      statutoryYears: chineseDaysStatutoryYears().filter((y) => y.year === 2026),
    });

    it('should fall back to wall-clock days, flagged, never to a silent Monday–Friday', () => {
      const step = applySlaEvent(null, { kind: 'dispatch', clocks: complaint }, at('2026-12-30 10:00'), only2026);
      expect(step.uncoveredYears).toEqual([2027]);
      expect(step.record?.calendarFallback).toBe(true);
      // 5 working days → 5 × 24 h: never later than any statutory answer
      expect(show(step.record!.resolutionDueAt)).toBe('2027-01-04 10:00');
      // the accept clock stays inside 2026 and is exact
      expect(show(step.record!.acceptDueAt)).toBe('2026-12-31 10:00');
    });

    it('should not flag a dispatch whose clocks all end inside covered years', () => {
      const step = applySlaEvent(null, { kind: 'dispatch', clocks: complaint }, at('2026-06-01 10:00'), only2026);
      expect(step.uncoveredYears).toEqual([]);
      expect(step.record?.calendarFallback).toBe(false);
    });
  });

  describe('extensions, suspensions, forwards', () => {
    it('should move the resolution deadline by the working days approved, and only when approved', () => {
      let r = dispatched('2026-03-02 10:00'); // due Monday 03-09 10:00
      r = apply(r, { kind: 'accept' }, '2026-03-02 10:30');
      r = apply(r, { kind: 'extension-requested', days: 3 }, '2026-03-03 09:00');
      const rejected = apply(r, { kind: 'extension-decided', approved: false }, '2026-03-03 10:00');
      expect(show(rejected.resolutionDueAt)).toBe('2026-03-09 10:00');
      expect(rejected.pendingExtensionDays).toBeNull();
      r = apply(r, { kind: 'extension-decided', approved: true }, '2026-03-03 10:00');
      expect(show(r.resolutionDueAt)).toBe('2026-03-12 10:00');
      expect(r.extensionDays).toBe(3);
      expect(extensionAllowed(r, 7)).toBe(true);
      expect(extensionAllowed(r, 8)).toBe(false);
    });

    it('should pause the resolution clock while suspended and move it by the paused working time', () => {
      let r = dispatched('2026-03-02 10:00'); // due 03-09 10:00
      r = apply(r, { kind: 'suspended' }, '2026-03-03 10:00');
      expect(runningClocks(r, 'suspended').map((c) => c.clock)).not.toContain('resolution');
      // paused Tuesday 10:00 → Thursday 10:00: two working days
      r = apply(r, { kind: 'resumed' }, '2026-03-05 10:00');
      expect(show(r.resolutionDueAt)).toBe('2026-03-11 10:00');
      expect(r.suspendedAt).toBeNull();
      expect(runningClocks(r, 'accepted').map((c) => c.clock)).toContain('resolution');
    });

    it('should give the unit below a new accept clock on forward and keep the caller clocks', () => {
      let r = dispatched('2026-03-02 10:00');
      r = apply(r, { kind: 'accept' }, '2026-03-02 11:00');
      r = apply(r, { kind: 'forward' }, '2026-03-02 15:00');
      expect(r.acceptedAt).toBeNull();
      expect(show(r.acceptDueAt)).toBe('2026-03-03 15:00');
      expect(show(r.resolutionDueAt)).toBe('2026-03-09 10:00');
    });
  });

  describe('reply, review, callback', () => {
    it('should start the callback clock at review approval and a new resolution clock on a reopen', () => {
      let r = dispatched('2026-03-02 10:00');
      r = apply(r, { kind: 'accept' }, '2026-03-02 10:10');
      r = apply(r, { kind: 'reply' }, '2026-03-04 10:00');
      r = apply(r, { kind: 'review-approved' }, '2026-03-04 15:00');
      expect(show(r.callbackDueAt)).toBe('2026-03-05 15:00');
      expect(ticketDeadlines(r, 'pending_callback').nextDeadlineAt).toEqual(r.callbackDueAt);
      r = apply(r, { kind: 'callback', solved: false, satisfied: false, reopened: true }, '2026-03-05 09:00');
      expect(show(r.resolutionDueAt)).toBe('2026-03-12 09:00');
      expect(r.repliedAt).toBeNull();
      expect(r.callbackDueAt).toBeNull();
      expect([r.callbacks, r.callbacksSolved, r.callbacksSatisfied, r.reopens]).toEqual([1, 0, 0, 1]);
      r = apply(r, { kind: 'reply' }, '2026-03-06 09:00');
      r = apply(r, { kind: 'review-approved' }, '2026-03-06 10:00');
      r = apply(r, { kind: 'callback', solved: true, satisfied: true, reopened: false }, '2026-03-06 11:00');
      expect(r.endedAt).not.toBeNull();
      expect(ticketDeadlines(r, 'closed').nextDeadlineAt).toBeNull();
      expect(show(r.firstRepliedAt)).toBe('2026-03-04 10:00');
    });

    it('should end the record on an approved return and clear the ticket deadlines', () => {
      const r = apply(dispatched('2026-03-02 10:00'), { kind: 'returned' }, '2026-03-02 11:00');
      expect(r.returned).toBe(true);
      expect(ticketDeadlines(r, 'pending_dispatch')).toEqual({
        acceptDueAt: null,
        firstContactDueAt: null,
        resolutionDueAt: null,
        callbackDueAt: null,
        nextDeadlineAt: null,
      });
    });
  });

  describe(runningClocks.name, () => {
    it('should keep the earliest unmet deadline of an open ticket as the next deadline', () => {
      let r = dispatched('2026-03-02 10:00');
      expect(show(ticketDeadlines(r, 'assigned').nextDeadlineAt)).toBe('2026-03-03 10:00'); // accept
      r = apply(r, { kind: 'accept' }, '2026-03-02 11:00');
      expect(show(ticketDeadlines(r, 'accepted').nextDeadlineAt)).toBe('2026-03-03 10:00'); // first contact, 24 h
      r = apply(r, { kind: 'contact' }, '2026-03-02 12:00');
      expect(show(ticketDeadlines(r, 'accepted').nextDeadlineAt)).toBe('2026-03-09 10:00'); // resolution
      r = apply(r, { kind: 'reply' }, '2026-03-03 12:00');
      expect(ticketDeadlines(r, 'replied').nextDeadlineAt).toBeNull(); // awaiting the centre's review
      expect(ticketDeadlines(null, 'new').nextDeadlineAt).toBeNull();
    });

    it('should give the unit watch only the unit clocks, with warnings at 75 % of working time', () => {
      const r = dispatched('2026-03-02 08:30');
      const watch = unitWatch(r, 'assigned', calendar);
      expect(show(watch.nextDeadlineAt)).toBe('2026-03-03 08:30');
      // 75 % of one working day (7 h) from 08:30 is 16:15 the same day; first contact warns at 18 h → 02:30
      expect(show(watch.nextWarningAt)).toBe('2026-03-02 16:15');
      const accept = runningClocks(r, 'assigned').find((c) => c.clock === 'accept')!;
      expect(show(warningOf(accept, calendar))).toBe('2026-03-02 16:15');
    });
  });

  describe(timersToArm.name, () => {
    const names = (plans: TimerPlan[]): string[] => plans.map((p) => `${p.clock}:${p.kind} ${show(p.fireAt)}`);
    const plan = (clock: TimerPlan['clock'], kind: TimerPlan['kind'], fireAt: string): TimerPlan => ({
      clock,
      kind,
      dueAt: at('2026-03-09 10:00'),
      fireAt: at(fireAt),
    });

    it('should arm only the accept warning right after a dispatch, the soonest of its six timers', () => {
      const r = dispatched('2026-03-02 08:30');
      expect(timersOf(r, 'assigned', calendar)).toHaveLength(6);
      expect(names(timersToArm(timersOf(r, 'assigned', calendar), at('2026-03-02 08:30')))).toEqual([
        'accept:warning 2026-03-02 16:15',
      ]);
    });

    it('should arm every timer already due and all the timers sharing the next instant', () => {
      // accept breach (one working day) and first-contact breach (24 h) fall on the same instant
      const r = dispatched('2026-03-02 08:30');
      expect(names(timersToArm(timersOf(r, 'assigned', calendar), at('2026-03-03 03:00')))).toEqual([
        'accept:warning 2026-03-02 16:15',
        'accept:breach 2026-03-03 08:30',
        'firstContact:warning 2026-03-03 02:30',
        'firstContact:breach 2026-03-03 08:30',
      ]);
    });

    it('should arm every timer of the earliest instant when none is due yet, and none later', () => {
      const plans = [
        plan('firstContact', 'breach', '2026-03-03 10:00'),
        plan('resolution', 'warning', '2026-03-03 10:00'),
        plan('resolution', 'breach', '2026-03-04 10:00'),
      ];
      expect(timersToArm(plans, at('2026-03-02 10:00'))).toEqual(plans.slice(0, 2));
    });

    it('should count a timer due at this very instant as due and arm the next one beside it', () => {
      const plans = [
        plan('resolution', 'warning', '2026-03-05 10:00'),
        plan('resolution', 'breach', '2026-03-09 10:00'),
      ];
      expect(names(timersToArm(plans, at('2026-03-05 10:00')))).toEqual([
        'resolution:warning 2026-03-05 10:00',
        'resolution:breach 2026-03-09 10:00',
      ]);
    });

    it('should arm all of them when every timer is past due, and nothing when there are none', () => {
      const plans = [plan('callback', 'breach', '2026-03-04 10:00'), plan('callback', 'warning', '2026-03-03 10:00')];
      expect(timersToArm(plans, at('2026-03-10 10:00'))).toEqual(plans);
      expect(timersToArm([], at('2026-03-10 10:00'))).toEqual([]);
    });
  });

  describe(slaEventOf.name, () => {
    const clocks = () => complaint;
    it.each<[string, string, object, string | null]>([
      ['dispatch', 'assigned', {}, 'dispatch'],
      ['decide-suspension', 'suspended', { decision: 'approve' }, 'suspended'],
      ['decide-suspension', 'accepted', { decision: 'reject' }, null],
      ['decide-return', 'pending_dispatch', { decision: 'approve' }, 'returned'],
      ['decide-return', 'accepted', { decision: 'reject' }, null],
      ['review', 'accepted', { decision: 'send_back' }, null],
      ['review', 'pending_callback', { decision: 'approve' }, 'review-approved'],
      ['urge', 'accepted', {}, null],
    ])('should map %s → %s to %s', (action, to, input, kind) => {
      expect(slaEventOf(action, to as SlaTicketStatus, input, clocks)?.kind ?? null).toBe(kind);
    });

    it('should count basically satisfied as satisfied and a dissatisfied callback as a reopen', () => {
      expect(slaEventOf('callback', 'closed', { solved: true, satisfaction: 'basically_satisfied' }, clocks)).toEqual({
        kind: 'callback',
        solved: true,
        satisfied: true,
        reopened: false,
      });
      expect(slaEventOf('callback', 'accepted', { solved: true, satisfaction: 'dissatisfied' }, clocks)).toMatchObject({
        satisfied: false,
        reopened: true,
      });
    });
  });
});
