/**
 * Whether the statutory calendar covers the years the SLA arithmetic needs now. Decision:
 * - the current year uncovered → `down`: working-day deadlines are being computed on the flagged
 *   wall-clock fallback right now, an operator must act today;
 * - the next year uncovered and starting within `horizonDays` → `up` with a `warning`: deadlines
 *   that reach into it already fall back, but the service works; making the whole health DOWN for it
 *   would have load balancers pull every instance for a data gap weeks before it matters;
 * - the next year uncovered but further away → `up`, still listed in `uncoveredYears`, so it is
 *   visible long before it matters.
 */
import { MS_PER_DAY, daysFromCivil, dayStartEpochMs, shanghaiYear } from './shanghai-time';
import type { WorkingCalendar } from './working-calendar';

export const COVERAGE_WARNING_DAYS = 30;

export interface CalendarHealth {
  status: 'up' | 'down';
  currentYear: number;
  coveredYears: { from: number; to: number } | null;
  uncoveredYears: number[];
  warning?: string;
  message?: string;
}

export function calendarHealth(
  calendar: WorkingCalendar,
  now: Date,
  horizonDays: number = COVERAGE_WARNING_DAYS,
): CalendarHealth {
  const currentYear = shanghaiYear(now);
  const covered = calendar.coveredYears();
  const base = {
    currentYear,
    coveredYears: covered.length ? { from: covered[0], to: covered[covered.length - 1] } : null,
    uncoveredYears: calendar.uncoveredYears(currentYear, currentYear + 1),
  };
  const fix = (year: number): string =>
    `upgrade chinese-days or enter the State Council holiday notice: PUT /api/admin/calendar-years/${year}, or the admin console's 节假日安排`;
  if (base.uncoveredYears.includes(currentYear)) {
    return {
      status: 'down',
      ...base,
      message: `The statutory calendar has no data for ${currentYear}: working-day deadlines fall back to wall-clock days (${fix(currentYear)})`,
    };
  }
  if (base.uncoveredYears.includes(currentYear + 1)) {
    const daysLeft = Math.ceil((dayStartEpochMs(daysFromCivil(currentYear + 1, 1, 1)) - now.getTime()) / MS_PER_DAY);
    const text = `The statutory calendar has no data for ${currentYear + 1}, which starts in ${daysLeft} days: deadlines reaching it fall back to wall-clock days (${fix(currentYear + 1)})`;
    return daysLeft <= horizonDays
      ? { status: 'up', ...base, warning: text }
      : { status: 'up', ...base, message: text };
  }
  return { status: 'up', ...base };
}
