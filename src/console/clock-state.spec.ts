import { clockState, duration } from './web/widgets/clock-state';

describe('clockState', () => {
  const start = Date.parse('2026-11-26T00:00:00Z');
  const due = '2026-11-26T04:00:00Z';

  it('should count down in green while more than a quarter of the clock is left', () => {
    expect(clockState(due, '2026-11-26T00:00:00Z', start + 60 * 60_000)).toEqual({ text: '剩余 3小时0分', tone: 'ok' });
  });

  it('should turn amber in the last quarter of the clock', () => {
    expect(clockState(due, '2026-11-26T00:00:00Z', start + 3.5 * 3600_000)).toEqual({
      text: '剩余 30分',
      tone: 'warn',
    });
  });

  it('should turn red and count the time overdue once the deadline has passed', () => {
    expect(clockState(due, '2026-11-26T00:00:00Z', start + 5 * 3600_000 + 5 * 60_000)).toEqual({
      text: '超期 1小时5分',
      tone: 'over',
    });
  });

  it('should show a dash when the ticket has no such clock', () => {
    expect(clockState(null, null, start).tone).toBe('none');
  });

  it('should stay green without a start, having no quarter to measure', () => {
    expect(clockState(due, null, start + 3.9 * 3600_000).tone).toBe('ok');
  });
});

describe('duration', () => {
  it('should say days and hours, hours and minutes, minutes, or seconds', () => {
    expect(duration(3 * 86_400_000 + 5 * 3600_000)).toBe('3天5小时');
    expect(duration(2 * 3600_000 + 7 * 60_000)).toBe('2小时7分');
    expect(duration(12 * 60_000)).toBe('12分');
    expect(duration(42_000)).toBe('42秒');
  });
});
