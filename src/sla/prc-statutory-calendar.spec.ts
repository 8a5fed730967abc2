import { OFFICIAL_HOLIDAYS, OFFICIAL_MAKE_UP_WORKDAYS, officialIsWorkingDay } from './official-holiday-notices.fixture';
import { SlaInputError } from './sla.errors';
import { assertValidStatutoryYear, chineseDaysStatutoryYears } from './prc-statutory-calendar';
import { WorkingCalendar } from './working-calendar';

function everyDateOf(year: number): string[] {
  const dates: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    dates.push(new Date(t).toISOString().slice(0, 10));
  }
  return dates;
}

describe('chineseDaysStatutoryYears', () => {
  const years = chineseDaysStatutoryYears();

  it.each([2025, 2026])('should list exactly the holidays and make-up workdays of the official %i notice', (year) => {
    const data = years.find((y) => y.year === year);
    expect(data?.holidays).toEqual([...OFFICIAL_HOLIDAYS].filter((d) => d.startsWith(`${year}-`)).sort());
    expect(data?.workdays).toEqual([...OFFICIAL_MAKE_UP_WORKDAYS].filter((d) => d.startsWith(`${year}-`)).sort());
  });

  it('should cover 2004 through at least 2026 without a gap', () => {
    const covered = years.map((y) => y.year);
    const last = covered[covered.length - 1];
    expect(last).toBeGreaterThanOrEqual(2026);
    expect(covered).toEqual(Array.from({ length: last - 2004 + 1 }, (_, i) => 2004 + i));
    expect(years.every((y) => y.source === 'chinese-days')).toBe(true);
  });
});

describe(WorkingCalendar.name, () => {
  it.each([2025, 2026])('should classify every day of %i as the official notice does', (year) => {
    const calendar = new WorkingCalendar();
    const wrong = everyDateOf(year).filter((date) => calendar.isWorkingDay(date) !== officialIsWorkingDay(date));
    expect(wrong).toEqual([]);
  });

  it('should give the same days whatever the process time zone is', () => {
    // chinese-days' own isWorkday/getDayDetail shift dates under a TZ west of UTC; ours must not.
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'America/Los_Angeles';
      const calendar = new WorkingCalendar();
      expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
      expect(calendar.isWorkingDay('2026-02-13')).toBe(true);
      expect(calendar.isWorkingDay('2026-02-15')).toBe(false);
      expect(calendar.isWorkingDay(new Date('2026-02-14T00:30:00+08:00'))).toBe(true);
    } finally {
      if (saved === undefined) {
        delete process.env.TZ;
      } else {
        process.env.TZ = saved;
      }
    }
  });
});

describe(assertValidStatutoryYear.name, () => {
  it('should refuse a date filed under the wrong year', () => {
    expect(() =>
      assertValidStatutoryYear({ year: 2027, holidays: ['2026-01-01'], workdays: [], source: 'supplement' }),
    ).toThrow(SlaInputError);
  });

  it('should refuse a date that is both a holiday and a workday', () => {
    expect(() =>
      assertValidStatutoryYear({ year: 2027, holidays: ['2027-02-06'], workdays: ['2027-02-06'], source: 'x' }),
    ).toThrow(/both a holiday and a workday/);
  });

  it('should refuse a malformed date', () => {
    expect(() => assertValidStatutoryYear({ year: 2027, holidays: ['2027-2-6'], workdays: [], source: 'x' })).toThrow(
      SlaInputError,
    );
  });
});
