import { officialIsWorkingMinute } from './official-holiday-notices.fixture';
import { CalendarYearNotCovered, SlaInputError } from './sla.errors';
import { formatShanghaiIso, parseShanghaiInstant } from './shanghai-time';
import { type StatutoryYear, chineseDaysStatutoryYears } from './prc-statutory-calendar';
import { WorkingCalendar } from './working-calendar';

/** '2026-02-13 10:00' in Shanghai time. */
const at = (text: string): Date => new Date(parseShanghaiInstant(text.replace(' ', 'T')));
/** Shanghai wall-clock text of an instant, minute precision when seconds are zero. */
const show = (instant: Date): string => {
  const text = formatShanghaiIso(instant).replace('T', ' ').replace('+08:00', '');
  return text.endsWith(':00.000') ? text.slice(0, 16) : text;
};

/** mulberry32: a tiny seeded PRNG so property tests are reproducible without a new package. */
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

const RANGE_START = parseShanghaiInstant('2025-01-01T00:00');
const RANGE_END = parseShanghaiInstant('2026-10-31T00:00'); // leaves room for +40 working days inside 2026

describe(WorkingCalendar.name, () => {
  const calendar = new WorkingCalendar();

  describe('addWorkingDays', () => {
    it.each([
      // Spring Festival 2025: Jan 28–Feb 4 off, Sun Jan 26 and Sat Feb 8 are make-up workdays.
      ['2025-01-24 10:00', 1, '2025-01-26 10:00'],
      ['2025-01-26 10:00', 1, '2025-01-27 10:00'],
      ['2025-01-27 10:00', 1, '2025-02-05 10:00'],
      ['2025-01-27 10:00', 4, '2025-02-08 10:00'],
      ['2025-01-27 10:00', 5, '2025-02-10 10:00'],
      // Spring Festival 2026: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 are make-up workdays.
      ['2026-02-13 10:00', 1, '2026-02-14 10:00'],
      ['2026-02-13 10:00', 2, '2026-02-24 10:00'],
      ['2026-02-24 10:00', 4, '2026-02-28 10:00'],
      ['2026-02-13 10:00', 15, '2026-03-12 10:00'],
      // National Day 2025 (Oct 1–8 with Mid-Autumn), make-up Sun Sep 28 and Sat Oct 11.
      ['2025-09-26 16:00', 1, '2025-09-28 16:00'],
      ['2025-09-30 16:00', 1, '2025-10-09 16:00'],
      ['2025-09-30 16:00', 3, '2025-10-11 16:00'],
      // Mid-Autumn Sep 25–27 and National Day Oct 1–7 2026, make-up Sun Sep 20 and Sat Oct 10.
      ['2026-09-18 09:00', 1, '2026-09-20 09:00'],
      ['2026-09-24 09:00', 1, '2026-09-28 09:00'],
      ['2026-09-30 17:59', 1, '2026-10-08 17:59'],
      ['2026-09-30 17:59', 3, '2026-10-10 17:59'],
      // New Year 2026 is Jan 1–3 with make-up Sun Jan 4: crossing the year boundary.
      ['2025-12-31 17:00', 1, '2026-01-04 17:00'],
      // Labour Day 2025 (make-up Sun Apr 27) and 2026 (make-up Sat May 9).
      ['2025-04-25 11:00', 1, '2025-04-27 11:00'],
      ['2026-04-30 11:00', 1, '2026-05-06 11:00'],
      ['2026-05-08 11:00', 1, '2026-05-09 11:00'],
    ])('should add working days from %s + %i to %s', (from, n, expected) => {
      expect(show(calendar.addWorkingDays(at(from), n))).toBe(expected);
    });

    it.each([
      ['before 08:30 moves to 08:30 the same day', '2026-03-02 07:00', '2026-03-03 08:30'],
      ['in the lunch break moves to 14:30', '2026-03-02 12:30', '2026-03-03 14:30'],
      ['at 12:00 sharp moves to 14:30 (period ends are not working time)', '2026-03-02 12:00', '2026-03-03 14:30'],
      ['at 18:00 sharp moves to the next morning', '2026-03-02 18:00', '2026-03-04 08:30'],
      ['after 18:00 moves to the next morning', '2026-03-02 19:00', '2026-03-04 08:30'],
      ['on a Saturday moves to Monday morning', '2026-03-07 10:00', '2026-03-10 08:30'],
      ['on a public holiday moves to the first working morning', '2026-02-15 11:00', '2026-02-25 08:30'],
      ['at 08:30 sharp stays', '2026-03-02 08:30', '2026-03-03 08:30'],
      ['at 17:59:59.999 stays', '2026-03-02 17:59:59.999', '2026-03-03 17:59:59.999'],
    ])('should treat an instant %s', (_, from, expected) => {
      expect(show(calendar.addWorkingDays(at(from), 1))).toBe(expected);
    });

    it('should read midnight in Shanghai time, not UTC', () => {
      // 2026-03-02T16:00Z is Tuesday 00:00 in Shanghai: it moves to Tuesday 08:30, then + 1 day.
      expect(show(calendar.addWorkingDays(new Date('2026-03-02T16:00:00Z'), 1))).toBe('2026-03-04 08:30');
      // 2026-03-02T15:59:59.999Z is Monday 23:59:59.999 in Shanghai: same result.
      expect(show(calendar.addWorkingDays(new Date('2026-03-02T15:59:59.999Z'), 1))).toBe('2026-03-04 08:30');
      // 2026-03-02T00:30Z is Monday 08:30 in Shanghai.
      expect(show(calendar.addWorkingDays(Date.parse('2026-03-02T00:30:00Z'), 1))).toBe('2026-03-03 08:30');
    });

    it('should return the next working instant for 0 days', () => {
      expect(show(calendar.addWorkingDays(at('2026-02-15 11:00'), 0))).toBe('2026-02-24 08:30');
      expect(show(calendar.addWorkingDays(at('2026-02-24 11:00'), 0))).toBe('2026-02-24 11:00');
    });

    it.each([-1, 1.5, Number.NaN])('should refuse %p working days', (n) => {
      expect(() => calendar.addWorkingDays(at('2026-03-02 10:00'), n)).toThrow(SlaInputError);
    });

    it('should refuse an invalid instant', () => {
      expect(() => calendar.addWorkingDays(new Date('nope'), 1)).toThrow(SlaInputError);
    });
  });

  describe('addWorkingHours', () => {
    it.each([
      ['2026-03-02 09:00', 1, '2026-03-02 10:00'],
      ['2026-03-02 11:30', 1, '2026-03-02 15:00'],
      ['2026-03-02 08:30', 3.5, '2026-03-02 12:00'],
      ['2026-03-02 08:30', 7, '2026-03-02 18:00'],
      ['2026-03-02 07:00', 1, '2026-03-02 09:30'],
      ['2026-03-02 12:30', 1, '2026-03-02 15:30'],
      ['2026-03-02 19:00', 1, '2026-03-03 09:30'],
      ['2026-03-06 17:00', 2, '2026-03-09 09:30'],
      ['2026-03-02 10:00', 14, '2026-03-04 10:00'],
      ['2026-02-13 17:00', 8, '2026-02-14 18:00'],
      ['2026-02-13 17:00', 9, '2026-02-24 09:30'],
      ['2026-02-13 17:00', 1, '2026-02-13 18:00'],
      ['2026-02-13 09:00', 0.25, '2026-02-13 09:15'],
    ])('should add from %s %p working hours to %s', (from, hours, expected) => {
      expect(show(calendar.addWorkingHours(at(from), hours))).toBe(expected);
    });

    it('should add working minutes and keep seconds', () => {
      expect(show(calendar.addWorkingMinutes(at('2026-03-02 11:59:30'), 1))).toBe('2026-03-02 14:30:30.000');
    });

    it('should refuse negative hours', () => {
      expect(() => calendar.addWorkingHours(at('2026-03-02 10:00'), -1)).toThrow(SlaInputError);
    });
  });

  describe('workingMinutesBetween', () => {
    it.each([
      ['2026-03-02 08:30', '2026-03-02 18:00', 420],
      ['2026-03-02 00:00', '2026-03-03 00:00', 420],
      ['2026-03-02 11:00', '2026-03-02 15:00', 90],
      ['2026-03-02 12:10', '2026-03-02 14:20', 0],
      ['2026-03-06 17:00', '2026-03-09 09:00', 90],
      ['2026-02-14 18:00', '2026-02-24 08:30', 0],
      ['2026-02-13 08:00', '2026-02-24 09:00', 870],
      ['2025-09-30 18:00', '2025-10-09 08:30', 0],
      ['2026-01-01 00:00', '2026-02-01 00:00', 21 * 420],
      ['2025-01-01 00:00', '2026-01-01 00:00', 248 * 420],
      ['2026-03-02 10:00', '2026-03-02 09:00', 0],
    ])('should count from %s to %s %p minutes', (a, b, minutes) => {
      expect(calendar.workingMinutesBetween(at(a), at(b))).toBe(minutes);
    });

    it('should subtract suspensions and count overlapping ones once', () => {
      const a = at('2026-03-02 08:30');
      const b = at('2026-03-03 18:00');
      expect(calendar.workingMinutesBetween(a, b, [{ from: at('2026-03-02 10:00'), to: at('2026-03-02 11:00') }])).toBe(
        780,
      );
      const overlapping = [
        { from: at('2026-03-02 10:00'), to: at('2026-03-02 15:00') },
        { from: at('2026-03-02 14:00'), to: at('2026-03-02 16:00') },
        { from: at('2026-03-02 10:30'), to: at('2026-03-02 11:00') },
      ];
      expect(calendar.workingMinutesBetween(a, b, overlapping)).toBe(840 - 120 - 90);
      // A suspension reaching outside [a, b) only removes the part inside it.
      expect(calendar.workingMinutesBetween(a, b, [{ from: at('2026-03-01 00:00'), to: at('2026-03-02 09:30') }])).toBe(
        780,
      );
      // A suspension over the night removes nothing.
      expect(calendar.workingMinutesBetween(a, b, [{ from: at('2026-03-02 18:00'), to: at('2026-03-03 08:30') }])).toBe(
        840,
      );
    });

    it('should refuse a suspension that ends before it starts', () => {
      expect(() =>
        calendar.workingMinutesBetween(at('2026-03-02 08:30'), at('2026-03-03 18:00'), [
          { from: at('2026-03-02 11:00'), to: at('2026-03-02 10:00') },
        ]),
      ).toThrow(SlaInputError);
    });
  });

  describe('working time predicates', () => {
    it('should say which instants are working time', () => {
      expect(calendar.isWorkingTime(at('2026-02-14 09:00'))).toBe(true);
      expect(calendar.isWorkingTime(at('2026-02-14 12:00'))).toBe(false);
      expect(calendar.isWorkingTime(at('2026-02-16 09:00'))).toBe(false);
      expect(calendar.isWorkingTime(at('2026-03-02 08:29:59.999'))).toBe(false);
      expect(show(calendar.nextWorkingInstant(at('2026-02-13 18:00')))).toBe('2026-02-14 08:30');
    });
  });

  describe('overrides', () => {
    const local = new WorkingCalendar({
      overrides: [
        { date: '2026-03-09', kind: 'holiday' }, // a local festival on a Monday
        { date: '2026-03-14', kind: 'workday' }, // a Saturday worked locally
        { date: '2026-02-23', kind: 'workday' }, // the county works the last Spring Festival day
      ],
    });

    it('should skip an extra local holiday', () => {
      expect(show(local.addWorkingDays(at('2026-03-06 10:00'), 1))).toBe('2026-03-10 10:00');
      expect(local.workingMinutesBetween(at('2026-03-09 00:00'), at('2026-03-10 00:00'))).toBe(0);
    });

    it('should count an extra local workday, even over a statutory holiday', () => {
      expect(show(local.addWorkingDays(at('2026-03-13 10:00'), 1))).toBe('2026-03-14 10:00');
      expect(show(local.addWorkingDays(at('2026-02-14 10:00'), 1))).toBe('2026-02-23 10:00');
    });

    it('should refuse a date overridden both ways', () => {
      expect(
        () =>
          new WorkingCalendar({
            overrides: [
              { date: '2026-03-09', kind: 'holiday' },
              { date: '2026-03-09', kind: 'workday' },
            ],
          }),
      ).toThrow(/both as holiday and as workday/);
    });

    it('should refuse a malformed override date', () => {
      expect(() => new WorkingCalendar({ overrides: [{ date: '2026-02-30', kind: 'holiday' }] })).toThrow(
        SlaInputError,
      );
    });
  });

  describe('working hours', () => {
    it('should use configured periods', () => {
      const summer = new WorkingCalendar({
        workingHours: [
          { start: '08:00', end: '12:00' },
          { start: '15:00', end: '18:30' },
        ],
      });
      expect(summer.workingMinutesPerDay).toBe(450);
      expect(show(summer.addWorkingHours(at('2026-03-02 11:00'), 2))).toBe('2026-03-02 16:00');
      expect(show(summer.addWorkingDays(at('2026-03-02 12:30'), 1))).toBe('2026-03-03 15:00');
      expect(summer.workingMinutesBetween(at('2026-03-02 00:00'), at('2026-03-02 18:00'))).toBe(420);
    });

    it('should allow a round-the-clock day', () => {
      const allDay = new WorkingCalendar({ workingHours: [{ start: '00:00', end: '24:00' }] });
      expect(show(allDay.addWorkingHours(at('2026-02-13 20:00'), 8))).toBe('2026-02-14 04:00');
      expect(show(allDay.addWorkingHours(at('2026-02-14 20:00'), 4))).toBe('2026-02-15 00:00');
    });

    it.each([
      [[]],
      [[{ start: '8:30', end: '12:00' }]],
      [[{ start: '12:00', end: '08:30' }]],
      [[{ start: '08:30', end: '24:01' }]],
      [
        [
          { start: '08:30', end: '12:00' },
          { start: '11:00', end: '18:00' },
        ],
      ],
    ])('should refuse working hours %j', (workingHours) => {
      expect(() => new WorkingCalendar({ workingHours })).toThrow(SlaInputError);
    });
  });

  describe('coverage', () => {
    const only2025: StatutoryYear[] = chineseDaysStatutoryYears().filter((y) => y.year === 2025);

    it('should report the years chinese-days covers', () => {
      expect(calendar.coverage(2026)).toEqual({
        year: 2026,
        covered: true,
        source: 'chinese-days',
        arithmetic: 'statutory',
      });
      expect(calendar.coverage(2099)).toEqual({ year: 2099, covered: false, source: null, arithmetic: 'refused' });
      expect(calendar.uncoveredYears(2025, 2026)).toEqual([]);
      expect(calendar.uncoveredYears(2098, 2099)).toEqual([2098, 2099]);
      expect(calendar.coveredYears()).toEqual(expect.arrayContaining([2004, 2025, 2026]));
    });

    it('should throw CalendarYearNotCovered when arithmetic crosses into an uncovered year', () => {
      const partial = new WorkingCalendar({ statutoryYears: only2025 });
      expect(partial.uncoveredYears(2024, 2026)).toEqual([2024, 2026]);
      expect(() => partial.addWorkingDays(at('2025-12-30 10:00'), 5)).toThrow(CalendarYearNotCovered);
      expect(() => partial.addWorkingHours(at('2025-12-31 17:00'), 2)).toThrow(CalendarYearNotCovered);
      expect(() => partial.workingMinutesBetween(at('2025-12-31 10:00'), at('2026-01-05 10:00'))).toThrow(
        CalendarYearNotCovered,
      );
      expect(() => partial.isWorkingDay('2026-01-05')).toThrow(CalendarYearNotCovered);
      try {
        partial.addWorkingDays(at('2025-12-30 10:00'), 5);
      } catch (error) {
        expect(error).toMatchObject({ year: 2026, code: 'sla.calendar_year_not_covered', kind: 'unavailable' });
      }
      // Up to midnight ending the covered year needs nothing from the next one.
      expect(partial.workingMinutesBetween(at('2025-12-31 10:00'), at('2026-01-01 00:00'))).toBe(330);
      expect(() => new WorkingCalendar().addWorkingDays(at('2099-03-02 10:00'), 1)).toThrow(CalendarYearNotCovered);
    });

    it('should fall back to Monday–Friday only when allowed, and still report the year as uncovered', () => {
      const lenient = new WorkingCalendar({ statutoryYears: only2025, allowUncoveredYears: true });
      // Jan 1 2026 is really a holiday; the fallback cannot know, which is why coverage() says so.
      expect(show(lenient.addWorkingDays(at('2025-12-31 17:00'), 1))).toBe('2026-01-01 17:00');
      expect(lenient.coverage(2026)).toEqual({
        year: 2026,
        covered: false,
        source: null,
        arithmetic: 'weekday-fallback',
      });
      expect(lenient.isWorkingDay('2026-01-03')).toBe(false);
    });

    it('should accept a supplement for a year the library lacks', () => {
      const supplemented = new WorkingCalendar({
        statutoryYears: only2025,
        supplements: [
          {
            year: 2026,
            holidays: ['2026-01-01', '2026-01-02', '2026-01-03'],
            workdays: ['2026-01-04'],
            source: 'admin: 国办 2026 notice',
          },
        ],
      });
      expect(supplemented.coverage(2026)).toMatchObject({ covered: true, source: 'admin: 国办 2026 notice' });
      expect(show(supplemented.addWorkingDays(at('2025-12-31 17:00'), 1))).toBe('2026-01-04 17:00');
    });
  });

  describe('properties (seeded random instants in 2025–2026)', () => {
    const random = prng(12345);
    const randomInstant = (): number => RANGE_START + Math.floor(random() * (RANGE_END - RANGE_START));
    const randomMinuteInstant = (): number => Math.floor(randomInstant() / 60_000) * 60_000;

    it('should count back exactly the working hours it added', () => {
      for (let i = 0; i < 2000; i++) {
        const a = i % 2 === 0 ? randomInstant() : randomMinuteInstant();
        const minutes = 1 + Math.floor(random() * 200 * 60);
        const due = calendar.addWorkingMinutes(a, minutes);
        expect(calendar.workingMinutesBetween(a, due)).toBe(minutes);
      }
    });

    it('should count n working days as n full working days of minutes', () => {
      for (let i = 0; i < 2000; i++) {
        const a = randomInstant();
        const n = Math.floor(random() * 40);
        expect(calendar.workingMinutesBetween(a, calendar.addWorkingDays(a, n))).toBe(n * 420);
      }
    });

    it('should agree with adding n × 7 working hours landing on the next start', () => {
      for (let i = 0; i < 2000; i++) {
        const a = randomInstant();
        const n = Math.floor(random() * 40);
        expect(calendar.addWorkingDays(a, n).getTime()).toBe(calendar.addWorkingMs(a, n * 7 * 3_600_000, 'next-start'));
      }
    });

    it('should be monotonic in the start instant and in the number of days', () => {
      for (let i = 0; i < 2000; i++) {
        const a = randomInstant();
        const b = a + Math.floor(random() * 5 * 86_400_000);
        const n = 1 + Math.floor(random() * 20);
        expect(calendar.addWorkingDays(a, n).getTime()).toBeLessThanOrEqual(calendar.addWorkingDays(b, n).getTime());
        expect(calendar.addWorkingDays(a, n).getTime()).toBeLessThan(calendar.addWorkingDays(a, n + 1).getTime());
        expect(calendar.addWorkingHours(a, n).getTime()).toBeLessThanOrEqual(calendar.addWorkingHours(b, n).getTime());
      }
    });

    it('should never put a deadline on a non-working minute', () => {
      for (let i = 0; i < 2000; i++) {
        const a = randomMinuteInstant();
        const days = calendar.addWorkingDays(a, 1 + Math.floor(random() * 20)).getTime();
        expect(officialIsWorkingMinute(days)).toBe(true);
        // A working-hours deadline is the end of a working minute: the minute before it is working time.
        const hours = calendar.addWorkingMinutes(a, 1 + Math.floor(random() * 6000)).getTime();
        expect(officialIsWorkingMinute(hours - 60_000)).toBe(true);
      }
    });

    it('should count working minutes like a minute-by-minute walk of the official calendar', () => {
      for (let i = 0; i < 150; i++) {
        const a = randomMinuteInstant();
        const b = a + Math.floor(random() * 4 * 1440) * 60_000;
        let expected = 0;
        for (let t = a; t < b; t += 60_000) {
          expected += officialIsWorkingMinute(t) ? 1 : 0;
        }
        expect(calendar.workingMinutesBetween(a, b)).toBe(expected);
      }
    });

    it('should be fast enough for millions of deadlines', () => {
      const start = RANGE_START + 3 * 86_400_000;
      const before = process.hrtime.bigint();
      let sink = 0;
      for (let i = 0; i < 100_000; i++) {
        sink += calendar.addWorkingDays(start + i * 1000, 15).getTime();
        sink += calendar.workingMsBetween(start + i * 1000, start + i * 1000 + 31 * 86_400_000);
      }
      const nsPerPair = Number(process.hrtime.bigint() - before) / 100_000;
      expect(sink).toBeGreaterThan(0);
      // Measured ≈ 0.3 µs in node and ≈ 1.5 µs under jest; 20 µs leaves room for a slow CI box and still
      // catches a per-minute loop (a month of minutes is ~45 000 steps).
      expect(nsPerPair).toBeLessThan(20_000);
    });
  });
});
