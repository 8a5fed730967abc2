import { periodOf } from './sla-period';
import { countsOf, emptyCounts, ratesOf, rollUp } from './sla-metrics';

describe('sla metrics', () => {
  it('should take rates over decided clocks and callbacks, null where there is nothing to count', () => {
    const c = countsOf({
      dispatched: '10',
      returned: 1,
      acceptDecided: 8,
      acceptOnTime: 6,
      contactDecided: 4,
      contactOnTime: 4,
      resolutionDecided: 5,
      resolutionOnTime: 4,
      callbacks: 4,
      solved: 3,
      satisfied: 2,
      reopens: 1,
      accepted: 2,
      acceptSeconds: 1800,
      firstReplied: null,
    });
    expect(ratesOf(c)).toEqual({
      onTimeAcceptRate: 0.75,
      responseRate: 1,
      onTimeResolutionRate: 0.8,
      resolutionRate: 0.75,
      satisfactionRate: 0.5,
      returnRate: 0.1,
      reopenRate: 0.25,
      meanMinutesToAccept: 15,
      meanMinutesToReply: null,
    });
    expect(ratesOf(emptyCounts()).onTimeAcceptRate).toBeNull();
  });

  it('should add a unit into itself and every ancestor on its path', () => {
    const units = [
      { id: 1, path: '/1/' },
      { id: 7, path: '/1/7/' },
      { id: 93, path: '/1/7/93/' },
      { id: 8, path: '/1/8/' },
    ];
    const own = new Map([
      [93, countsOf({ dispatched: 2 })],
      [7, countsOf({ dispatched: 1 })],
      [8, countsOf({ dispatched: 5 })],
    ]);
    const totals = rollUp(own, units);
    expect(totals.get(93)?.dispatched).toBe(2);
    expect(totals.get(7)?.dispatched).toBe(3);
    expect(totals.get(8)?.dispatched).toBe(5);
    expect(totals.get(1)?.dispatched).toBe(8);
  });
});

describe(periodOf.name, () => {
  const now = new Date('2026-11-26T07:44:00Z');
  it('should default to the current Shanghai month', () => {
    expect(periodOf(undefined, undefined, now)).toEqual({
      from: new Date('2026-10-31T16:00:00Z'),
      to: new Date('2026-11-30T16:00:00Z'),
    });
  });

  it('should include the whole last day of a date range and refuse an empty one', () => {
    expect(periodOf('2026-10-01', '2026-10-31', now)).toEqual({
      from: new Date('2026-09-30T16:00:00Z'),
      to: new Date('2026-10-31T16:00:00Z'),
    });
    expect(() => periodOf('2026-10-02', '2026-10-01', now)).toThrow(/end after it starts/);
  });
});
