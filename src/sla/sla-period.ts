import { SlaInputError } from './sla.errors';
import { civilFromDays, dayStartEpochMs, daysFromCivil, parseLocalDate, shanghaiDayIndex } from './shanghai-time';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The reporting period [from, to) in whole Shanghai days (the settled metrics are kept per day): a date
 * means its whole day, so `from=2026-10-01&to=2026-10-31` is October. Without `from`, the current
 * month; without `to`, the end of the month `from` falls in.
 */
export function periodOf(
  fromText: string | undefined,
  toText: string | undefined,
  now: Date,
): { from: Date; to: Date } {
  const from = fromText
    ? instant(fromText, false)
    : (() => {
        const { year, month } = civilFromDays(shanghaiDayIndex(now.getTime()));
        return dayStartEpochMs(daysFromCivil(year, month, 1));
      })();
  const to = toText
    ? instant(toText, true)
    : (() => {
        const { year, month } = civilFromDays(shanghaiDayIndex(from));
        return dayStartEpochMs(daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1));
      })();
  if (to <= from) throw new SlaInputError('sla.invalid_period', 'The period must end after it starts');
  if (to - from > 367 * 24 * 3600 * 1000) throw new SlaInputError('sla.invalid_period', 'A period is at most a year');
  return { from: new Date(from), to: new Date(to) };
}

function instant(text: string, endOfDay: boolean): number {
  if (!DATE_ONLY.test(text)) throw new SlaInputError('sla.invalid_period', `Not a YYYY-MM-DD date: ${text}`);
  return dayStartEpochMs(parseLocalDate(text) + (endOfDay ? 1 : 0));
}
