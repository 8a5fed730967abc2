/**
 * Civil time in Asia/Shanghai, computed with a fixed UTC+08:00 offset.
 *
 * Why a fixed offset and not Intl/the process TZ: China has used UTC+8 with no daylight saving
 * since 1991, and every year the statutory calendar covers (2004 onwards) is after that. Doing the
 * arithmetic on integers keeps it independent of the server's TZ setting (containers often run in
 * UTC) and fast enough for the millions of deadline computations a benchmark asks for.
 *
 * Vocabulary used across src/sla:
 * - instant: a point in time, a JS Date or epoch milliseconds (UTC).
 * - day index: whole days since 1970-01-01 in Shanghai civil time (day 0 = 1970-01-01 +08:00).
 * - ms of day: milliseconds since Shanghai midnight of that day, in [0, 86 400 000).
 */
import { SlaInputError } from './sla.errors';

export type Instant = Date | number;

export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const MS_PER_MINUTE = 60 * 1000;
export const MS_PER_HOUR = 60 * MS_PER_MINUTE;
export const MS_PER_DAY = 24 * MS_PER_HOUR;

export interface CivilDate {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

/** Epoch milliseconds of an instant; an Invalid Date or a non-finite number is refused, never propagated as NaN. */
export function toEpochMs(instant: Instant): number {
  const ms = instant instanceof Date ? instant.getTime() : instant;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new SlaInputError('sla.invalid_instant', `Not a valid instant: ${String(instant)}`);
  }
  return ms;
}

export function shanghaiDayIndex(epochMs: number): number {
  return Math.floor((epochMs + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
}

export function shanghaiMsOfDay(epochMs: number): number {
  const local = epochMs + SHANGHAI_OFFSET_MS;
  return local - Math.floor(local / MS_PER_DAY) * MS_PER_DAY;
}

/** The instant of Shanghai midnight starting the given day. */
export function dayStartEpochMs(dayIndex: number): number {
  return dayIndex * MS_PER_DAY - SHANGHAI_OFFSET_MS;
}

/** 0 = Sunday … 6 = Saturday, like Date#getDay (1970-01-01 was a Thursday). */
export function weekdayOfDayIndex(dayIndex: number): number {
  return (((dayIndex + 4) % 7) + 7) % 7;
}

/**
 * Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's days_from_civil): pure integer
 * arithmetic, so hot loops never allocate a Date.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of daysFromCivil (H. Hinnant's civil_from_days). */
export function civilFromDays(dayIndex: number): CivilDate {
  const z = dayIndex + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function yearOfDayIndex(dayIndex: number): number {
  return civilFromDays(dayIndex).year;
}

/** The Shanghai calendar year an instant falls in (what coverage checks ask about "now"). */
export function shanghaiYear(instant: Instant): number {
  return yearOfDayIndex(shanghaiDayIndex(toEpochMs(instant)));
}

function daysInMonth(year: number, month: number): number {
  return daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day index of a 'YYYY-MM-DD' Shanghai calendar date; anything else (2025-02-30, 2025-2-3) is refused. */
export function parseLocalDate(text: string): number {
  const match = LOCAL_DATE.exec(text);
  if (!match) {
    throw new SlaInputError('sla.invalid_date', `Not a YYYY-MM-DD date: ${JSON.stringify(text)}`);
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new SlaInputError('sla.invalid_date', `No such calendar date: ${text}`);
  }
  return daysFromCivil(year, month, day);
}

export function formatLocalDate(dayIndex: number): string {
  const { year, month, day } = civilFromDays(dayIndex);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * ISO 8601 in Shanghai civil time with an explicit offset and milliseconds, e.g.
 * `2026-02-24T10:00:00.000+08:00`. This is the stable output format of `sla:deadline`; keep it.
 */
export function formatShanghaiIso(instant: Instant): string {
  const ms = toEpochMs(instant);
  const msOfDay = shanghaiMsOfDay(ms);
  const hours = Math.floor(msOfDay / MS_PER_HOUR);
  const minutes = Math.floor((msOfDay % MS_PER_HOUR) / MS_PER_MINUTE);
  const seconds = Math.floor((msOfDay % MS_PER_MINUTE) / 1000);
  const millis = msOfDay % 1000;
  const time = `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(millis, 3)}`;
  return `${formatLocalDate(shanghaiDayIndex(ms))}T${time}+08:00`;
}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Parses an ISO 8601 date-time. With `Z` or `±HH:MM` it is that instant; without an offset it is read
 * as Shanghai wall-clock time (the only zone this system works in), never as the process's local time,
 * which would make the result depend on where the command runs.
 */
export function parseShanghaiInstant(text: string): number {
  const match = ISO_INSTANT.exec(text);
  if (!match) {
    throw new SlaInputError(
      'sla.invalid_instant',
      `Not an ISO 8601 date-time: ${JSON.stringify(text)} (expected e.g. 2026-02-13T10:00:00+08:00)`,
    );
  }
  const dayIndex = parseLocalDate(`${match[1]}-${match[2]}-${match[3]}`);
  const [hours, minutes, seconds] = [Number(match[4]), Number(match[5]), Number(match[6] ?? '0')];
  const millis = Number((match[7] ?? '0').padEnd(3, '0'));
  if (hours > 23 || minutes > 59 || seconds > 59) {
    throw new SlaInputError('sla.invalid_instant', `No such time of day in ${JSON.stringify(text)}`);
  }
  const offset = match[8];
  let offsetMs = SHANGHAI_OFFSET_MS;
  if (offset === 'Z') {
    offsetMs = 0;
  } else if (offset !== undefined) {
    const sign = offset.startsWith('-') ? -1 : 1;
    const [offsetHours, offsetMinutes] = [Number(offset.slice(1, 3)), Number(offset.slice(4, 6))];
    if (offsetHours > 23 || offsetMinutes > 59) {
      throw new SlaInputError('sla.invalid_instant', `No such UTC offset in ${JSON.stringify(text)}`);
    }
    offsetMs = sign * (offsetHours * MS_PER_HOUR + offsetMinutes * MS_PER_MINUTE);
  }
  const wallMs = hours * MS_PER_HOUR + minutes * MS_PER_MINUTE + seconds * 1000 + millis;
  return dayIndex * MS_PER_DAY + wallMs - offsetMs;
}
