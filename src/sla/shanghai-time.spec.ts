import { SlaInputError } from './sla.errors';
import {
  civilFromDays,
  daysFromCivil,
  formatLocalDate,
  formatShanghaiIso,
  parseLocalDate,
  parseShanghaiInstant,
  shanghaiDayIndex,
  shanghaiMsOfDay,
  shanghaiYear,
  weekdayOfDayIndex,
} from './shanghai-time';

describe(formatShanghaiIso.name, () => {
  it('should print Shanghai wall time with milliseconds and the +08:00 offset', () => {
    expect(formatShanghaiIso(new Date('2026-02-24T02:00:00Z'))).toBe('2026-02-24T10:00:00.000+08:00');
    expect(formatShanghaiIso(Date.parse('2025-12-31T16:00:00.007Z'))).toBe('2026-01-01T00:00:00.007+08:00');
    expect(formatShanghaiIso(Date.parse('2026-01-01T15:59:59.999Z'))).toBe('2026-01-01T23:59:59.999+08:00');
  });

  it('should refuse an invalid date', () => {
    expect(() => formatShanghaiIso(new Date('not a date'))).toThrow(SlaInputError);
  });
});

describe(parseShanghaiInstant.name, () => {
  it('should honour an explicit offset and read a bare date-time as Shanghai time', () => {
    const instant = Date.parse('2026-02-13T02:00:00Z');
    expect(parseShanghaiInstant('2026-02-13T10:00:00+08:00')).toBe(instant);
    expect(parseShanghaiInstant('2026-02-13T02:00:00Z')).toBe(instant);
    expect(parseShanghaiInstant('2026-02-12T21:00:00-05:00')).toBe(instant);
    expect(parseShanghaiInstant('2026-02-13T10:00')).toBe(instant);
    expect(parseShanghaiInstant('2026-02-13T10:00:00.5')).toBe(instant + 500);
  });

  it.each([
    '2026-02-13',
    '2026-02-13 10:00',
    '2026-13-01T10:00',
    '2025-02-29T10:00',
    '2026-02-13T10:60',
    '2026-02-13T10:00+0800',
  ])('should refuse %p', (text) => {
    expect(() => parseShanghaiInstant(text)).toThrow(SlaInputError);
  });
});

describe(parseLocalDate.name, () => {
  it('should agree with Date on every day over four centuries', () => {
    const wrong: string[] = [];
    for (let day = daysFromCivil(1900, 1, 1); day < daysFromCivil(2300, 1, 1); day += 1) {
      const { year, month, day: dayOfMonth } = civilFromDays(day);
      const reference = new Date(day * 86_400_000);
      if (
        daysFromCivil(year, month, dayOfMonth) !== day ||
        reference.getUTCFullYear() !== year ||
        reference.getUTCMonth() + 1 !== month ||
        reference.getUTCDate() !== dayOfMonth ||
        weekdayOfDayIndex(day) !== reference.getUTCDay()
      ) {
        wrong.push(formatLocalDate(day));
      }
    }
    expect(wrong).toEqual([]);
    expect(parseLocalDate('2024-02-29')).toBe(daysFromCivil(2024, 2, 29));
    expect(() => parseLocalDate('2100-02-29')).toThrow(SlaInputError);
  });
});

describe(shanghaiDayIndex.name, () => {
  it('should split an instant into the Shanghai day and time of day', () => {
    const instant = Date.parse('2026-02-13T16:30:00Z'); // 2026-02-14 00:30 in Shanghai
    expect(formatLocalDate(shanghaiDayIndex(instant))).toBe('2026-02-14');
    expect(shanghaiMsOfDay(instant)).toBe(30 * 60_000);
    expect(formatLocalDate(shanghaiDayIndex(Date.parse('1969-12-31T16:00:00Z') - 1))).toBe('1969-12-31');
    // New Year's Eve 17:00 UTC is already the next year in Shanghai: the health check must ask about that one.
    expect(shanghaiYear(Date.parse('2026-12-31T17:00:00Z'))).toBe(2027);
  });
});
