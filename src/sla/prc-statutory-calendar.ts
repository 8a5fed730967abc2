/**
 * The statutory holiday arrangement of the PRC (the State Council's yearly 部分节假日安排 notice):
 * which dates are public holidays and which weekend dates are make-up workdays (调休上班).
 *
 * We read chinese-days' generated data file rather than calling its isWorkday/getDayDetail: those
 * run the date through the library's own Date handling in the process's local time zone, and under a
 * TZ west of UTC `getDayDetail('2026-02-14')` answers for 2026-02-13. The JSON is plain
 * 'YYYY-MM-DD' → name maps, which we then interpret in Shanghai time ourselves. If a chinese-days
 * upgrade moves this file, the import fails at build time and the pinned-dates spec fails, never
 * silently.
 */
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import { SlaInputError } from './sla.errors';
import { parseLocalDate } from './shanghai-time';

/** One year's arrangement: every listed date is a 'YYYY-MM-DD' in that year. */
export interface StatutoryYear {
  year: number;
  /** Dates off work by law, including weekend dates inside a holiday block. */
  holidays: readonly string[];
  /** Weekend dates that are working days (调休上班). */
  workdays: readonly string[];
  /** Where the year came from, shown by calendar.coverage(): 'chinese-days' or an admin supplement. */
  source: string;
}

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

export const CHINESE_DAYS_SOURCE = 'chinese-days';

/**
 * Every year chinese-days has an arrangement for. A year counts as covered when it has at least one
 * public holiday: every arrangement since 1999 has New Year's Day, so a year without any holiday is a
 * year the library has not been told about.
 */
export function chineseDaysStatutoryYears(): StatutoryYear[] {
  const data: ChineseDaysData = chineseDaysData;
  const years = new Map<number, { holidays: string[]; workdays: string[] }>();
  const yearOf = (date: string) => {
    const year = Number(date.slice(0, 4));
    let entry = years.get(year);
    if (entry === undefined) {
      entry = { holidays: [], workdays: [] };
      years.set(year, entry);
    }
    return entry;
  };
  for (const date of Object.keys(data.holidays)) {
    yearOf(date).holidays.push(date);
  }
  for (const date of Object.keys(data.workdays)) {
    yearOf(date).workdays.push(date);
  }
  return [...years.entries()]
    .filter(([, entry]) => entry.holidays.length > 0)
    .sort(([a], [b]) => a - b)
    .map(([year, entry]) => ({
      year,
      holidays: entry.holidays.sort(),
      workdays: entry.workdays.sort(),
      source: CHINESE_DAYS_SOURCE,
    }));
}

/** Refuses a year whose dates are malformed, in another year, or both holiday and workday. */
export function assertValidStatutoryYear(statutory: StatutoryYear): void {
  const holidays = new Set<string>();
  for (const date of [...statutory.holidays, ...statutory.workdays]) {
    parseLocalDate(date);
    if (Number(date.slice(0, 4)) !== statutory.year) {
      throw new SlaInputError('sla.invalid_calendar', `${date} is listed under the ${statutory.year} arrangement`);
    }
  }
  for (const date of statutory.holidays) {
    holidays.add(date);
  }
  for (const date of statutory.workdays) {
    if (holidays.has(date)) {
      throw new SlaInputError('sla.invalid_calendar', `${date} is both a holiday and a workday in ${statutory.year}`);
    }
  }
}
