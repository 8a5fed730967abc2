import { chineseDaysStatutoryYears } from './prc-statutory-calendar';
import { OFFICIAL_NOTICES } from './official-holiday-notices.fixture';
import { HolidayNotice, statutoryYearOfNotice } from './holiday-notice';
import { SlaInputError } from './sla.errors';
import { WorkingCalendar } from './working-calendar';

const noticeOf = (year: number): HolidayNotice => {
  const official = OFFICIAL_NOTICES.find((n) => n.year === year)!;
  return {
    holidays: official.holidays.map(([from, to], i) => ({ from, to, name: `block ${i + 1}` })),
    makeUpWorkdays: official.makeUpWorkdays,
    source: `国务院办公厅关于${year}年部分节假日安排的通知`,
  };
};

/** A made-up arrangement for the checks below: not any year's real notice. */
const sample = (over: Partial<HolidayNotice> = {}): HolidayNotice => ({
  holidays: [
    { from: '2031-01-01', to: '2031-01-01', name: '元旦' },
    { from: '2031-01-22', to: '2031-01-28', name: '春节' },
  ],
  makeUpWorkdays: ['2031-01-19'],
  source: 'test arrangement',
  ...over,
});

function refusal(year: number, notice: HolidayNotice): string {
  try {
    statutoryYearOfNotice(year, notice);
  } catch (error) {
    expect(error).toBeInstanceOf(SlaInputError);
    expect((error as SlaInputError).code).toMatch(/^sla\.invalid_(calendar|date)$/);
    return (error as Error).message;
  }
  throw new Error('the notice was accepted');
}

describe('statutoryYearOfNotice', () => {
  it.each([2025, 2026])('should turn the official %i notice into exactly the arrangement chinese-days has', (year) => {
    const library = chineseDaysStatutoryYears().find((y) => y.year === year)!;
    const entered = statutoryYearOfNotice(year, noticeOf(year));
    expect(entered.holidays).toEqual(library.holidays);
    expect(entered.workdays).toEqual(library.workdays);
    expect(entered.source).toBe(`国务院办公厅关于${year}年部分节假日安排的通知`);
  });

  it('should make an uncovered year a statutory one in the working calendar, as the notice says', () => {
    const onlyChineseDays = new WorkingCalendar();
    expect(onlyChineseDays.coverage(2031).covered).toBe(false);
    const calendar = new WorkingCalendar({ supplements: [statutoryYearOfNotice(2031, sample())] });
    expect(calendar.coverage(2031)).toMatchObject({
      covered: true,
      arithmetic: 'statutory',
      source: 'test arrangement',
    });
    expect(calendar.isWorkingDay('2031-01-01')).toBe(false); // a Wednesday off
    expect(calendar.isWorkingDay('2031-01-19')).toBe(true); // a Sunday at work
    expect(calendar.isWorkingDay('2031-01-29')).toBe(true);
    expect(calendar.isWorkingDay('2031-01-25')).toBe(false);
  });

  it('should refuse a notice that cannot be right, naming what is wrong', () => {
    expect(refusal(1999, sample())).toContain('2000 to 2100');
    expect(refusal(2031, sample({ holidays: [] }))).toContain('no day off');
    expect(refusal(2031, sample({ holidays: [{ from: '2032-01-01', to: '2032-01-01', name: '元旦' }] }))).toContain(
      'not in 2031',
    );
    expect(refusal(2031, sample({ holidays: [{ from: '2031-02-30', to: '2031-03-01', name: '春节' }] }))).toContain(
      '2031-02-30',
    );
    expect(refusal(2031, sample({ holidays: [{ from: '2031-10-07', to: '2031-10-01', name: '国庆节' }] }))).toContain(
      'before it starts',
    );
    expect(refusal(2031, sample({ holidays: [{ from: '2031-10-01', to: '2031-10-31', name: '国庆节' }] }))).toContain(
      '31 days off',
    );
    expect(
      refusal(
        2031,
        sample({
          holidays: [
            { from: '2031-09-30', to: '2031-10-02', name: '中秋节' },
            { from: '2031-10-01', to: '2031-10-07', name: '国庆节' },
          ],
        }),
      ),
    ).toContain('2031-10-01 is in both 中秋节 and 国庆节');
    expect(refusal(2031, sample({ makeUpWorkdays: ['2031-01-20'] }))).toContain('is a weekday');
    expect(refusal(2031, sample({ makeUpWorkdays: ['2031-01-25'] }))).toContain(
      'both a make-up workday and a day of 春节',
    );
    expect(refusal(2031, sample({ makeUpWorkdays: ['2030-12-29'] }))).toContain('not in 2031');
  });
});
