import { calendarHealth } from './calendar-health';
import { chineseDaysStatutoryYears } from './prc-statutory-calendar';
import { parseShanghaiInstant } from './shanghai-time';
import { WorkingCalendar } from './working-calendar';

const at = (text: string): Date => new Date(parseShanghaiInstant(text));
const through2026 = new WorkingCalendar({
  statutoryYears: chineseDaysStatutoryYears().filter((y) => y.year >= 2025 && y.year <= 2026),
});

describe(calendarHealth.name, () => {
  it('should be up without remarks when this year and the next are covered', () => {
    expect(calendarHealth(through2026, at('2025-12-20T10:00'))).toEqual({
      status: 'up',
      currentYear: 2025,
      coveredYears: { from: 2025, to: 2026 },
      uncoveredYears: [],
    });
  });

  it('should list an uncovered next year long before it matters, without a warning', () => {
    const health = calendarHealth(through2026, at('2026-11-26T10:00'));
    expect(health.status).toBe('up');
    expect(health.uncoveredYears).toEqual([2027]);
    expect(health.warning).toBeUndefined();
    expect(health.message).toMatch(/2027, which starts in 36 days/);
  });

  it('should warn, still up, within 30 days of an uncovered next year', () => {
    const health = calendarHealth(through2026, at('2026-12-02T00:00'));
    expect(health.status).toBe('up');
    expect(health.warning).toMatch(/no data for 2027, which starts in 30 days/);
  });

  it('should be down once the current year is uncovered', () => {
    const health = calendarHealth(through2026, at('2027-01-01T00:00'));
    expect(health.status).toBe('down');
    expect(health.uncoveredYears).toEqual([2027, 2028]);
    expect(health.message).toMatch(/no data for 2027/);
  });
});
