/**
 * A year's State Council holiday notice (国务院办公厅关于部分节假日安排的通知) as an admin enters it
 * when the installed chinese-days does not have the year yet: the notice is published each November
 * or December, often weeks before a chinese-days release carries it. Each block off work as the
 * notice words it (a range of dates, named), and the make-up workdays (调休上班).
 */
import type { StatutoryYear } from './prc-statutory-calendar';
import { formatLocalDate, parseLocalDate, weekdayOfDayIndex, yearOfDayIndex } from './shanghai-time';
import { SlaInputError } from './sla.errors';

export interface HolidayBlock {
  /** First and last day off, 'YYYY-MM-DD', both included. */
  from: string;
  to: string;
  /** As the notice names it: 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节. */
  name: string;
}

export interface HolidayNotice {
  holidays: readonly HolidayBlock[];
  makeUpWorkdays: readonly string[];
  /** Where it comes from: the notice's number or title and date of publication. */
  source: string;
}

/** Years a notice may be entered for: the calendar's arithmetic and chinese-days' own range. */
export const NOTICE_YEARS = { min: 2000, max: 2100 } as const;
/** The longest block any notice has had is 9 days (春节 2026, 国庆 + 中秋 2025 is 8). */
export const MAX_BLOCK_DAYS = 15;

const invalid = (message: string): SlaInputError => new SlaInputError('sla.invalid_calendar', message);

/**
 * The notice as the working calendar takes it (every date off, every make-up workday), or
 * sla.invalid_calendar naming the first thing wrong: a year out of range, a malformed date or one in
 * another year, a block ending before it starts or longer than any notice has had, two blocks that
 * overlap, a make-up workday that is not a Saturday or Sunday or that is also a day off, a notice
 * with no day off at all.
 */
export function statutoryYearOfNotice(year: number, notice: HolidayNotice): StatutoryYear {
  if (!Number.isInteger(year) || year < NOTICE_YEARS.min || year > NOTICE_YEARS.max) {
    throw invalid(
      `A holiday notice is entered for a year from ${NOTICE_YEARS.min} to ${NOTICE_YEARS.max}, not ${year}`,
    );
  }
  if (notice.holidays.length === 0) throw invalid(`The ${year} notice lists no day off`);
  const inYear = (date: string, what: string): number => {
    const day = parseLocalDate(date);
    if (yearOfDayIndex(day) !== year) throw invalid(`${what} ${date} is not in ${year}`);
    return day;
  };
  const holidays = new Map<number, string>();
  for (const block of notice.holidays) {
    const from = inYear(block.from, `${block.name} starts on`);
    const to = inYear(block.to, `${block.name} ends on`);
    if (to < from) throw invalid(`${block.name} ends on ${block.to}, before it starts on ${block.from}`);
    if (to - from + 1 > MAX_BLOCK_DAYS) {
      throw invalid(`${block.name} is ${to - from + 1} days off; no notice has had a block over ${MAX_BLOCK_DAYS}`);
    }
    for (let day = from; day <= to; day++) {
      const other = holidays.get(day);
      if (other !== undefined) throw invalid(`${formatLocalDate(day)} is in both ${other} and ${block.name}`);
      holidays.set(day, block.name);
    }
  }
  const workdays = new Set<number>();
  for (const date of notice.makeUpWorkdays) {
    const day = inYear(date, 'The make-up workday');
    const weekday = weekdayOfDayIndex(day);
    if (weekday !== 0 && weekday !== 6) {
      throw invalid(`${date} is a weekday: a make-up workday (调休上班) is a Saturday or Sunday`);
    }
    if (holidays.has(day)) throw invalid(`${date} is both a make-up workday and a day of ${holidays.get(day)}`);
    workdays.add(day);
  }
  // every check assertValidStatutoryYear makes (dates, the year, no day both off and at work) is made above
  return {
    year,
    holidays: [...holidays.keys()].sort((a, b) => a - b).map(formatLocalDate),
    workdays: [...workdays].sort((a, b) => a - b).map(formatLocalDate),
    source: notice.source,
  };
}
