import { officialIsWorkingMinute } from './official-holiday-notices.fixture';
import {
  type ClockSpec,
  type ClockUnit,
  addWallClock,
  clockKindOf,
  computeDeadline,
  deadlineWithSuspensions,
  warningAt,
} from './sla-clock';
import { SlaInputError } from './sla.errors';
import { formatShanghaiIso, parseShanghaiInstant } from './shanghai-time';
import { WorkingCalendar } from './working-calendar';

const at = (text: string): Date => new Date(parseShanghaiInstant(text.replace(' ', 'T')));
const show = (instant: Date): string => formatShanghaiIso(instant).slice(0, 16).replace('T', ' ');
const suspended = (from: string, to: string) => ({ from: at(from), to: at(to) });

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('sla-clock', () => {
  const calendar = new WorkingCalendar();

  describe(computeDeadline.name, () => {
    it.each<[string, ClockSpec, string]>([
      // Critical and urgent clocks run through the night and the Spring Festival.
      ['2026-02-16 23:50', { amount: 15, unit: 'minutes' }, '2026-02-17 00:05'],
      ['2026-02-16 23:00', { amount: 2, unit: 'hours' }, '2026-02-17 01:00'],
      ['2026-02-14 20:00', { amount: 24, unit: 'hours' }, '2026-02-15 20:00'],
      // Normal clocks run on working time.
      ['2026-03-06 17:30', { amount: 1, unit: 'working_hours' }, '2026-03-09 09:00'],
      ['2026-02-13 10:00', { amount: 5, unit: 'working_days' }, '2026-02-27 10:00'],
      ['2025-01-27 15:00', { amount: 3, unit: 'working_days' }, '2025-02-07 15:00'],
    ])('should make a clock started %s with %j due %s', (from, spec, expected) => {
      expect(show(computeDeadline(at(from), spec, calendar))).toBe(expected);
    });

    it.each<[number, string]>([
      [0, 'minutes'],
      [-5, 'hours'],
      [Number.NaN, 'working_hours'],
      [1.5, 'working_days'],
      [1, 'fortnights'],
    ])('should refuse a clock of %p %s', (amount, unit) => {
      expect(() => computeDeadline(at('2026-03-02 10:00'), { amount, unit: unit as ClockUnit }, calendar)).toThrow(
        SlaInputError,
      );
    });
  });

  describe(addWallClock.name, () => {
    it('should add wall-clock minutes, holidays included', () => {
      expect(show(addWallClock(at('2026-10-01 10:00'), 90))).toBe('2026-10-01 11:30');
      expect(addWallClock(0, 1).getTime()).toBe(60_000);
    });
  });

  describe(clockKindOf.name, () => {
    it('should tell wall clocks from working clocks', () => {
      expect(clockKindOf({ amount: 1, unit: 'minutes' })).toBe('wall');
      expect(clockKindOf({ amount: 1, unit: 'hours' })).toBe('wall');
      expect(clockKindOf({ amount: 1, unit: 'working_hours' })).toBe('working');
      expect(clockKindOf({ amount: 1, unit: 'working_days' })).toBe('working');
    });
  });

  describe(deadlineWithSuspensions.name, () => {
    const fourHours: ClockSpec = { amount: 4, unit: 'working_hours' };

    it('should move a working deadline by the working time suspended', () => {
      expect(show(deadlineWithSuspensions(at('2026-03-02 09:00'), fourHours, [], calendar))).toBe('2026-03-02 15:30');
      const once = [suspended('2026-03-02 10:00', '2026-03-02 11:00')];
      expect(show(deadlineWithSuspensions(at('2026-03-02 09:00'), fourHours, once, calendar))).toBe('2026-03-02 16:30');
    });

    it('should also pause for a suspension only the moved deadline reaches', () => {
      const twice = [
        suspended('2026-03-02 10:00', '2026-03-02 11:00'),
        suspended('2026-03-02 16:00', '2026-03-02 17:00'),
      ];
      expect(show(deadlineWithSuspensions(at('2026-03-02 09:00'), fourHours, twice, calendar))).toBe(
        '2026-03-02 17:30',
      );
    });

    it('should start the clock when a suspension running at its start ends', () => {
      const early = [suspended('2026-03-01 09:00', '2026-03-02 10:00')];
      expect(show(deadlineWithSuspensions(at('2026-03-02 09:00'), fourHours, early, calendar))).toBe(
        '2026-03-02 16:30',
      );
    });

    it('should not move for a suspension outside working time', () => {
      const overnight = [suspended('2026-03-02 18:00', '2026-03-03 08:30')];
      const spec: ClockSpec = { amount: 2, unit: 'working_hours' };
      expect(show(deadlineWithSuspensions(at('2026-03-02 17:00'), spec, overnight, calendar))).toBe('2026-03-03 09:30');
      const festival = [suspended('2026-02-14 18:00', '2026-02-24 08:30')];
      const days: ClockSpec = { amount: 2, unit: 'working_days' };
      expect(show(deadlineWithSuspensions(at('2026-02-13 10:00'), days, festival, calendar))).toBe('2026-02-24 10:00');
    });

    it('should count overlapping suspensions once', () => {
      const overlapping = [
        suspended('2026-03-02 10:00', '2026-03-02 10:45'),
        suspended('2026-03-02 10:30', '2026-03-02 11:00'),
      ];
      expect(show(deadlineWithSuspensions(at('2026-03-02 09:00'), fourHours, overlapping, calendar))).toBe(
        '2026-03-02 16:30',
      );
    });

    it('should move a wall-clock deadline by the wall time suspended, night included', () => {
      const spec: ClockSpec = { amount: 2, unit: 'hours' };
      const night = [suspended('2026-03-02 23:00', '2026-03-03 07:00')];
      expect(show(deadlineWithSuspensions(at('2026-03-02 22:00'), spec, night, calendar))).toBe('2026-03-03 08:00');
    });

    it('should move a working-days deadline by the working minutes suspended', () => {
      const spec: ClockSpec = { amount: 1, unit: 'working_days' };
      const afternoon = [suspended('2026-03-02 11:00', '2026-03-02 15:00')];
      expect(show(deadlineWithSuspensions(at('2026-03-02 10:00'), spec, afternoon, calendar))).toBe('2026-03-03 11:30');
      // Suspended all morning: it is as if the clock started at 14:30, so due at 14:30 the next day.
      const morning = [suspended('2026-03-02 08:30', '2026-03-02 12:00')];
      expect(show(deadlineWithSuspensions(at('2026-03-02 08:30'), spec, morning, calendar))).toBe('2026-03-03 14:30');
    });

    it('should not put a working-days deadline inside a suspension that starts as the budget runs out', () => {
      // Unsuspended, Monday 08:30 + 1 working day is Tuesday 08:30; the clock is paused until 10:00.
      const spec: ClockSpec = { amount: 1, unit: 'working_days' };
      const evening = [suspended('2026-03-02 18:00', '2026-03-03 10:00')];
      expect(show(deadlineWithSuspensions(at('2026-03-02 08:30'), spec, evening, calendar))).toBe('2026-03-03 10:00');
    });

    it('should equal computeDeadline without suspensions, and pause exactly the suspended time with them', () => {
      const random = prng(2026);
      const start = parseShanghaiInstant('2025-01-01T00:00');
      const span = parseShanghaiInstant('2026-09-30T00:00') - start;
      const units: ClockUnit[] = ['minutes', 'hours', 'working_hours', 'working_days'];
      for (let i = 0; i < 1500; i++) {
        const from = start + Math.floor((random() * span) / 60_000) * 60_000;
        const unit = units[i % units.length];
        const amount = unit === 'working_days' ? 1 + Math.floor(random() * 15) : 1 + Math.floor(random() * 100);
        const spec: ClockSpec = { amount, unit };
        expect(deadlineWithSuspensions(from, spec, [], calendar).getTime()).toBe(
          computeDeadline(from, spec, calendar).getTime(),
        );

        const suspensions = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
          const s = from + Math.floor((random() * 5 * 86_400_000) / 60_000) * 60_000;
          return { from: s, to: s + Math.floor(random() * 2 * 86_400_000) };
        });
        const due = deadlineWithSuspensions(from, spec, suspensions, calendar).getTime();
        const plain = computeDeadline(from, spec, calendar).getTime();
        expect(due).toBeGreaterThanOrEqual(plain);
        if (clockKindOf(spec) === 'working') {
          const budget = unit === 'working_days' ? amount * 420 : amount * 60;
          expect(calendar.workingMinutesBetween(from, due, suspensions)).toBe(budget);
          if (unit === 'working_hours') {
            // Due at the end of time that counted: the millisecond before is working and not suspended.
            const last = due - 1;
            expect(officialIsWorkingMinute(last)).toBe(true);
            expect(suspensions.some((s) => last >= s.from && last < s.to)).toBe(false);
          }
        }
      }
    });
  });

  describe(warningAt.name, () => {
    it('should warn at 75 % of working time, not of wall time', () => {
      const deadline = computeDeadline(at('2026-03-02 08:30'), { amount: 1, unit: 'working_days' }, calendar);
      expect(show(deadline)).toBe('2026-03-03 08:30');
      expect(show(warningAt(at('2026-03-02 08:30'), deadline, calendar, 'working'))).toBe('2026-03-02 16:15');
    });

    it('should warn on a make-up Saturday across the Spring Festival', () => {
      const start = at('2026-02-13 10:00');
      const deadline = computeDeadline(start, { amount: 2, unit: 'working_days' }, calendar);
      expect(show(deadline)).toBe('2026-02-24 10:00');
      expect(show(warningAt(start, deadline, calendar, 'working'))).toBe('2026-02-14 16:00');
    });

    it('should warn at 75 % of wall time for a wall clock', () => {
      const start = at('2026-10-01 10:00');
      expect(
        show(warningAt(start, computeDeadline(start, { amount: 2, unit: 'hours' }, calendar), calendar, 'wall')),
      ).toBe('2026-10-01 11:30');
    });

    it('should stay at 12:00 rather than 14:30 when the ratio lands on a period end', () => {
      const start = at('2026-03-02 08:30');
      expect(show(warningAt(start, at('2026-03-02 18:00'), calendar, 'working', 0.5))).toBe('2026-03-02 12:00');
    });

    it('should not count suspended time toward the warning', () => {
      const start = at('2026-03-02 09:00');
      const suspensions = [suspended('2026-03-02 10:00', '2026-03-02 11:00')];
      const deadline = deadlineWithSuspensions(start, { amount: 4, unit: 'working_hours' }, suspensions, calendar);
      expect(show(warningAt(start, deadline, calendar, 'working', 0.75, suspensions))).toBe('2026-03-02 15:30');
    });

    it('should ignore a suspension outside the clock', () => {
      const start = at('2026-10-01 10:00');
      const later = [suspended('2026-10-01 13:00', '2026-10-01 14:00')];
      expect(show(warningAt(start, at('2026-10-01 12:00'), calendar, 'wall', 0.75, later))).toBe('2026-10-01 11:30');
    });

    it.each([0, -0.5, 1.5, Number.NaN])('should refuse a ratio of %p', (ratio) => {
      expect(() => warningAt(at('2026-03-02 09:00'), at('2026-03-02 10:00'), calendar, 'wall', ratio)).toThrow(
        SlaInputError,
      );
    });
  });
});
