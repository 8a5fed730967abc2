import { formatTicketNumber, MAX_NUMBER_BLOCK, shanghaiDay, TicketNumbers } from './ticket-numbers';

/** The day's counter row as MySQL keeps it: one value per day, bumped by each reservation. */
function counter(): { reserve: (day: string, count: number) => Promise<number>; calls: [string, number][] } {
  const last = new Map<string, number>();
  const calls: [string, number][] = [];
  return {
    calls,
    reserve: (day, count) => {
      calls.push([day, count]);
      const value = (last.get(day) ?? 0) + count;
      last.set(day, value);
      return Promise.resolve(value);
    },
  };
}

describe('TicketNumbers', () => {
  const noon = Date.parse('2026-11-27T04:00:00Z'); // 12:00 in Shanghai

  it('should hand out one number per reservation, in order, at a centre pace', async () => {
    const c = counter();
    let now = noon;
    const numbers = new TicketNumbers(c.reserve, () => now);
    const out: string[] = [];
    for (let i = 0; i < 3; i++) {
      out.push(await numbers.next());
      now += 5000;
    }
    expect(out).toEqual(['20261127-000001', '20261127-000002', '20261127-000003']);
    expect(c.calls).toEqual([
      ['20261127', 1],
      ['20261127', 1],
      ['20261127', 1],
    ]);
  });

  it('should serve a burst of concurrent intakes with few reservations and no duplicate', async () => {
    const c = counter();
    const numbers = new TicketNumbers(c.reserve, () => noon);
    const out = await Promise.all(Array.from({ length: 30 }, () => numbers.next()));
    expect(new Set(out).size).toBe(30);
    expect(out.sort()).toEqual(Array.from({ length: 30 }, (_, i) => formatTicketNumber('20261127', i + 1)));
    // the first intake finds no block; the 29 that waited for it are served by one more
    expect(c.calls.map(([, n]) => n)).toEqual([1, 29]);
  });

  it('should size blocks by the pace of the last second, at most MAX_NUMBER_BLOCK', async () => {
    const c = counter();
    let now = noon;
    const numbers = new TicketNumbers(c.reserve, () => now);
    for (let i = 0; i < 200; i++) {
      await numbers.next();
      now += 4; // 250 a second
    }
    expect(Math.max(...c.calls.map(([, n]) => n))).toBe(MAX_NUMBER_BLOCK);
    expect(c.calls.length).toBeLessThan(20);
  });

  it('should start the new Shanghai day at 1 and leave the rest of the old block', async () => {
    const c = counter();
    let now = Date.parse('2026-11-27T15:59:59.000Z'); // 23:59:59 in Shanghai
    const numbers = new TicketNumbers(c.reserve, () => now);
    await Promise.all(Array.from({ length: 5 }, () => numbers.next()));
    await numbers.next(); // a block of several is left over
    now += 1000;
    expect(shanghaiDay(new Date(now))).toBe('20261128');
    expect(await numbers.next()).toBe('20261128-000001');
  });

  it('should fail the waiting intakes when the reservation fails, and reserve again on the next', async () => {
    let fail = true;
    const c = counter();
    const numbers = new TicketNumbers(
      (day, count) => (fail ? Promise.reject(new Error('MySQL is down')) : c.reserve(day, count)),
      () => noon,
    );
    const results = await Promise.allSettled([numbers.next(), numbers.next()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await numbers.next()).toBe('20261127-000001');
  });

  it('should never give two processes the same number', async () => {
    const c = counter();
    const a = new TicketNumbers(c.reserve, () => noon);
    const b = new TicketNumbers(c.reserve, () => noon);
    const out = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).next()));
    expect(new Set(out).size).toBe(100);
  });
});
