/**
 * The working-time calendar of a 12345 centre: the PRC statutory calendar (public holidays and
 * make-up workdays), the centre's working hours and the admin's local overrides, in Asia/Shanghai.
 *
 * All arithmetic is on integers (epoch ms, Shanghai day indexes, see shanghai-time.ts) with a
 * per-year table of working-day flags and running counts, so that "15 working days later" or
 * "working minutes in a month" is a couple of binary searches, never a minute-by-minute walk.
 *
 * Working time is a set of half-open periods [start, end) on working days. Two results can sit on
 * the same point of working time: 12:00 (end of the morning) and 14:30 (start of the afternoon) are
 * separated by no working time at all. Functions that count *time* (working hours, a warning) land
 * on the earlier one (due at 12:00, not 14:30); functions that count *days* land on the later one,
 * because DOMAIN.md says an instant outside working hours first moves to the next start of working
 * time and N working days keep that clock time.
 */
import { CalendarYearNotCovered, SlaInputError } from './sla.errors';
import {
  type Instant,
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  dayStartEpochMs,
  daysFromCivil,
  parseLocalDate,
  shanghaiDayIndex,
  shanghaiMsOfDay,
  toEpochMs,
  weekdayOfDayIndex,
  yearOfDayIndex,
} from './shanghai-time';
import { type StatutoryYear, assertValidStatutoryYear, chineseDaysStatutoryYears } from './prc-statutory-calendar';
import { type TimeInterval, mergeIntervals } from './time-interval';

/** A period of the working day in Shanghai wall-clock time, 'HH:MM' (end may be '24:00'). */
export interface WorkingPeriod {
  start: string;
  end: string;
}

/** An admin's local change to one date: an extra day off (e.g. a local festival) or an extra working day. */
export interface CalendarOverride {
  date: string;
  kind: 'holiday' | 'workday';
}

export interface WorkingCalendarOptions {
  /** Default 08:30–12:00 and 14:30–18:00 (DOMAIN.md). Sorted, non-overlapping, minute precision. */
  workingHours?: readonly WorkingPeriod[];
  /** Local overrides; they win over the statutory calendar. */
  overrides?: readonly CalendarOverride[];
  /**
   * Years entered from a State Council notice the installed chinese-days does not have yet (or a
   * correction of one it has): a supplement replaces the library's arrangement for its year.
   */
  supplements?: readonly StatutoryYear[];
  /** Replaces the chinese-days data entirely; for tests that need a controlled coverage. */
  statutoryYears?: readonly StatutoryYear[];
  /**
   * Fall back to Monday–Friday (plus overrides) in years without statutory data instead of throwing
   * CalendarYearNotCovered. coverage() still reports such years as uncovered.
   */
  allowUncoveredYears?: boolean;
}

export const DEFAULT_WORKING_HOURS: readonly WorkingPeriod[] = [
  { start: '08:30', end: '12:00' },
  { start: '14:30', end: '18:00' },
];

export interface YearCoverage {
  year: number;
  /** True when the year's statutory arrangement is known. */
  covered: boolean;
  /** 'chinese-days', a supplement's source, or null when uncovered. */
  source: string | null;
  /** What arithmetic touching this year does. */
  arithmetic: 'statutory' | 'weekday-fallback' | 'refused';
}

/**
 * Where a working-time walk stops when the time runs out exactly at the end of a working period:
 * 'period-end' returns that end (18:00), 'next-start' the next start of working time (08:30 the
 * next working day). Both are the same point of working time.
 */
export type WorkingTimeLanding = 'period-end' | 'next-start';

interface YearTable {
  year: number;
  firstDay: number;
  days: number;
  /** cumulative[i] = working days among the first i days of the year; cumulative[days] = the year's total. */
  cumulative: Int32Array;
}

export class WorkingCalendar {
  /** [start, end) of each working period, ms since Shanghai midnight. */
  private readonly periods: ReadonlyArray<readonly [number, number]>;
  readonly workingMsPerDay: number;
  private readonly statutory: ReadonlyMap<number, StatutoryYear>;
  private readonly overrides: ReadonlyMap<number, boolean>;
  private readonly allowUncoveredYears: boolean;
  /** Lazily built per-year tables: a cache, invisible from outside, so the calendar stays a value. */
  private readonly tables = new Map<number, YearTable>();
  private lastTable: YearTable | undefined;

  constructor(options: WorkingCalendarOptions = {}) {
    this.periods = parseWorkingHours(options.workingHours ?? DEFAULT_WORKING_HOURS);
    this.workingMsPerDay = this.periods.reduce((sum, [start, end]) => sum + end - start, 0);
    const statutory = new Map<number, StatutoryYear>();
    for (const year of [...(options.statutoryYears ?? chineseDaysStatutoryYears()), ...(options.supplements ?? [])]) {
      assertValidStatutoryYear(year);
      statutory.set(year.year, year);
    }
    this.statutory = statutory;
    this.overrides = parseOverrides(options.overrides ?? []);
    this.allowUncoveredYears = options.allowUncoveredYears ?? false;
  }

  get workingMinutesPerDay(): number {
    return this.workingMsPerDay / MS_PER_MINUTE;
  }

  // ---------------------------------------------------------------- coverage

  coverage(year: number): YearCoverage {
    const statutory = this.statutory.get(year);
    if (statutory !== undefined) {
      return { year, covered: true, source: statutory.source, arithmetic: 'statutory' };
    }
    return {
      year,
      covered: false,
      source: null,
      arithmetic: this.allowUncoveredYears ? 'weekday-fallback' : 'refused',
    };
  }

  /** Years in [fromYear, toYear] with no statutory data: what the health check and startup log report. */
  uncoveredYears(fromYear: number, toYear: number): number[] {
    const years: number[] = [];
    for (let year = fromYear; year <= toYear; year++) {
      if (!this.statutory.has(year)) {
        years.push(year);
      }
    }
    return years;
  }

  /** Years with statutory data, ascending. */
  coveredYears(): number[] {
    return [...this.statutory.keys()].sort((a, b) => a - b);
  }

  // ---------------------------------------------------------------- days

  /** Whether a Shanghai date ('YYYY-MM-DD', or the date an instant falls on) is a working day. */
  isWorkingDay(date: string | Instant): boolean {
    const dayIndex = typeof date === 'string' ? parseLocalDate(date) : shanghaiDayIndex(toEpochMs(date));
    return this.isWorkingDayIndex(dayIndex);
  }

  /** Whether the instant lies inside a working period of a working day (period ends excluded). */
  isWorkingTime(instant: Instant): boolean {
    const ms = toEpochMs(instant);
    const msOfDay = shanghaiMsOfDay(ms);
    return this.isWorkingDayIndex(shanghaiDayIndex(ms)) && this.periods.some(([s, e]) => msOfDay >= s && msOfDay < e);
  }

  /** The instant itself when it is working time, otherwise the next start of working time. */
  nextWorkingInstant(instant: Instant): Date {
    return new Date(this.nextWorkingMs(toEpochMs(instant)));
  }

  // ---------------------------------------------------------------- arithmetic

  /**
   * N working days from an instant (DOMAIN.md): the same clock time on the N-th following working
   * day, after first moving an instant outside working time to the next start of working time.
   * So Mon 10:00 + 1 = Tue 10:00; Mon 12:30 (lunch) + 1 = Tue 14:30; Mon 19:00 + 1 = Wed 08:30
   * (moved to Tue 08:30 first); a holiday instant starts from the first working morning after it.
   * n = 0 returns that normalised instant. Equivalent to adding n × (working hours per day) of
   * working time and landing on the next start when it runs out at a period end.
   */
  addWorkingDays(from: Instant, n: number): Date {
    if (!Number.isInteger(n) || n < 0) {
      throw new SlaInputError('sla.invalid_amount', `Working days must be a non-negative integer, got ${n}`);
    }
    const anchor = this.nextWorkingMs(toEpochMs(from));
    if (n === 0) {
      return new Date(anchor);
    }
    const day = shanghaiDayIndex(anchor);
    return new Date(dayStartEpochMs(this.nthWorkingDayAfter(day, n)) + (anchor - dayStartEpochMs(day)));
  }

  /** Adds working hours (fractions allowed); due at the end of the last working minute counted. */
  addWorkingHours(from: Instant, hours: number): Date {
    return new Date(this.addWorkingMs(toEpochMs(from), amountToMs(hours, MS_PER_HOUR, 'hours'), 'period-end'));
  }

  addWorkingMinutes(from: Instant, minutes: number): Date {
    return new Date(this.addWorkingMs(toEpochMs(from), amountToMs(minutes, MS_PER_MINUTE, 'minutes'), 'period-end'));
  }

  /**
   * Working minutes in [a, b), minus the working minutes inside the suspensions (overlapping
   * suspensions counted once). Zero when b is not after a. Fractional when instants carry seconds.
   */
  workingMinutesBetween(a: Instant, b: Instant, suspensions: readonly TimeInterval[] = []): number {
    const from = toEpochMs(a);
    const to = toEpochMs(b);
    let ms = this.workingMsBetween(from, to);
    for (const [start, end] of mergeIntervals(suspensions)) {
      ms -= this.workingMsBetween(Math.max(start, from), Math.min(end, to));
    }
    return ms / MS_PER_MINUTE;
  }

  // ------------------------------------------------- ms-level primitives (used by sla-clock.ts)

  /** Working milliseconds in [fromMs, toMs); zero when toMs <= fromMs. */
  workingMsBetween(fromMs: number, toMs: number): number {
    if (toMs <= fromMs) {
      return 0;
    }
    const firstDay = shanghaiDayIndex(fromMs);
    const lastDay = shanghaiDayIndex(toMs);
    const fromOfDay = fromMs - dayStartEpochMs(firstDay);
    const toOfDay = toMs - dayStartEpochMs(lastDay);
    if (firstDay === lastDay) {
      return this.isWorkingDayIndex(firstDay) ? this.workedBefore(toOfDay) - this.workedBefore(fromOfDay) : 0;
    }
    let ms = this.isWorkingDayIndex(firstDay) ? this.workingMsPerDay - this.workedBefore(fromOfDay) : 0;
    ms += this.countWorkingDays(firstDay + 1, lastDay) * this.workingMsPerDay;
    // An end at midnight adds nothing from its day: don't consult (possibly uncovered) next year for it.
    if (toOfDay > 0 && this.isWorkingDayIndex(lastDay)) {
      ms += this.workedBefore(toOfDay);
    }
    return ms;
  }

  /**
   * The instant at which `ms` of working time has elapsed since fromMs. When the time runs out
   * exactly at a period end, `landing` picks that end or the next start of working time; with
   * ms = 0, 'period-end' returns fromMs itself and 'next-start' the next working instant.
   */
  addWorkingMs(fromMs: number, ms: number, landing: WorkingTimeLanding): number {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new SlaInputError('sla.invalid_amount', `Working time to add must be non-negative, got ${ms} ms`);
    }
    if (ms === 0 && landing === 'period-end') {
      return fromMs;
    }
    const day = shanghaiDayIndex(fromMs);
    const ofDay = fromMs - dayStartEpochMs(day);
    let remaining = ms;
    if (this.isWorkingDayIndex(day)) {
      for (const [start, end] of this.periods) {
        if (end <= ofDay) {
          continue;
        }
        const from = Math.max(start, ofDay);
        const available = end - from;
        if (remaining < available || (remaining === available && landing === 'period-end')) {
          return dayStartEpochMs(day) + from + remaining;
        }
        remaining -= available;
      }
    }
    // Whole working days first, then the rest inside the target day.
    let fullDays = Math.floor(remaining / this.workingMsPerDay);
    let rest = remaining - fullDays * this.workingMsPerDay;
    if (rest === 0 && landing === 'period-end' && fullDays > 0) {
      fullDays -= 1;
      rest = this.workingMsPerDay;
    }
    const target = this.nthWorkingDayAfter(day, fullDays + 1);
    for (const [start, end] of this.periods) {
      const length = end - start;
      if (rest < length || (rest === length && landing === 'period-end')) {
        return dayStartEpochMs(target) + start + rest;
      }
      rest -= length;
    }
    throw new Error('unreachable: rest of a working day exceeds the working day');
  }

  /** fromMs itself inside working time, else the next start of working time. */
  nextWorkingMs(fromMs: number): number {
    const day = shanghaiDayIndex(fromMs);
    const ofDay = fromMs - dayStartEpochMs(day);
    if (this.isWorkingDayIndex(day)) {
      for (const [start, end] of this.periods) {
        if (ofDay < end) {
          return dayStartEpochMs(day) + Math.max(start, ofDay);
        }
      }
    }
    return dayStartEpochMs(this.nthWorkingDayAfter(day, 1)) + this.periods[0][0];
  }

  // ---------------------------------------------------------------- internals

  /** Working ms in [00:00, msOfDay) of a working day. */
  private workedBefore(msOfDay: number): number {
    let ms = 0;
    for (const [start, end] of this.periods) {
      if (msOfDay <= start) {
        break;
      }
      ms += Math.min(msOfDay, end) - start;
    }
    return ms;
  }

  private isWorkingDayIndex(dayIndex: number): boolean {
    const table = this.tableFor(dayIndex);
    const i = dayIndex - table.firstDay;
    return table.cumulative[i + 1] !== table.cumulative[i];
  }

  /** Working days among the days [fromDay, toDay). */
  private countWorkingDays(fromDay: number, toDay: number): number {
    let count = 0;
    let day = fromDay;
    while (day < toDay) {
      const table = this.tableFor(day);
      const end = Math.min(toDay, table.firstDay + table.days);
      count += table.cumulative[end - table.firstDay] - table.cumulative[day - table.firstDay];
      day = end;
    }
    return count;
  }

  /** The n-th working day strictly after `dayIndex` (n ≥ 1). */
  private nthWorkingDayAfter(dayIndex: number, n: number): number {
    let table = this.tableFor(dayIndex);
    let i = dayIndex - table.firstDay + 1;
    let remaining = n;
    for (;;) {
      const total = table.cumulative[table.days];
      const available = total - table.cumulative[i];
      if (remaining <= available) {
        // Smallest j with cumulative[j] >= target: the target working day is day j - 1 of the year.
        const target = table.cumulative[i] + remaining;
        let lo = i + 1;
        let hi = table.days;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (table.cumulative[mid] >= target) {
            hi = mid;
          } else {
            lo = mid + 1;
          }
        }
        return table.firstDay + lo - 1;
      }
      remaining -= available;
      table = this.tableFor(table.firstDay + table.days);
      i = 0;
    }
  }

  private tableFor(dayIndex: number): YearTable {
    const last = this.lastTable;
    if (last !== undefined && dayIndex >= last.firstDay && dayIndex < last.firstDay + last.days) {
      return last;
    }
    const year = yearOfDayIndex(dayIndex);
    let table = this.tables.get(year);
    if (table === undefined) {
      table = this.buildTable(year);
      this.tables.set(year, table);
    }
    this.lastTable = table;
    return table;
  }

  private buildTable(year: number): YearTable {
    const statutory = this.statutory.get(year);
    if (statutory === undefined && !this.allowUncoveredYears) {
      throw new CalendarYearNotCovered(year);
    }
    const holidays = new Set((statutory?.holidays ?? []).map(parseLocalDate));
    const workdays = new Set((statutory?.workdays ?? []).map(parseLocalDate));
    const firstDay = daysFromCivil(year, 1, 1);
    const days = daysFromCivil(year + 1, 1, 1) - firstDay;
    const cumulative = new Int32Array(days + 1);
    for (let i = 0; i < days; i++) {
      const day = firstDay + i;
      const weekday = weekdayOfDayIndex(day);
      const working =
        this.overrides.get(day) ?? (workdays.has(day) || (!holidays.has(day) && weekday !== 0 && weekday !== 6));
      cumulative[i + 1] = cumulative[i] + (working ? 1 : 0);
    }
    return { year, firstDay, days, cumulative };
  }
}

function parseClock(text: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || minutes > 59 || hours * 60 + minutes > 24 * 60) {
    throw new SlaInputError('sla.invalid_working_hours', `Not a HH:MM time of day: ${JSON.stringify(text)}`);
  }
  return hours * MS_PER_HOUR + minutes * MS_PER_MINUTE;
}

function parseWorkingHours(periods: readonly WorkingPeriod[]): Array<readonly [number, number]> {
  if (periods.length === 0) {
    throw new SlaInputError('sla.invalid_working_hours', 'Working hours need at least one period');
  }
  const parsed = periods.map((period) => [parseClock(period.start), parseClock(period.end)] as const);
  parsed.forEach(([start, end], i) => {
    if (end <= start || end > MS_PER_DAY) {
      throw new SlaInputError('sla.invalid_working_hours', `Working period ${i + 1} must end after it starts`);
    }
    if (i > 0 && start < parsed[i - 1][1]) {
      throw new SlaInputError('sla.invalid_working_hours', 'Working periods must be in order and must not overlap');
    }
  });
  return parsed;
}

function parseOverrides(overrides: readonly CalendarOverride[]): Map<number, boolean> {
  const byDay = new Map<number, boolean>();
  for (const override of overrides) {
    const day = parseLocalDate(override.date);
    const working = override.kind === 'workday';
    if (byDay.has(day) && byDay.get(day) !== working) {
      throw new SlaInputError('sla.invalid_calendar', `${override.date} is overridden both as holiday and as workday`);
    }
    byDay.set(day, working);
  }
  return byDay;
}

function amountToMs(amount: number, unitMs: number, unit: string): number {
  if (!Number.isFinite(amount) || amount < 0) {
    throw new SlaInputError('sla.invalid_amount', `Working ${unit} must be a non-negative number, got ${amount}`);
  }
  // Whole milliseconds keep the arithmetic exact (1.1 hours must not become 3 959 999.9999 ms).
  return Math.round(amount * unitMs);
}
