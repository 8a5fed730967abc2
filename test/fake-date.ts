/**
 * Runs `work` with the wall clock (Date) moved ahead by `ms`, and nothing else faked: the app's
 * timers, I/O and ticks run as usual, so a real app can be driven past an expiry or a TTL.
 */
export async function withClockAhead<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const now = Date.now();
  jest.useFakeTimers({
    doNotFake: [
      'nextTick',
      'setImmediate',
      'clearImmediate',
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'queueMicrotask',
      'hrtime',
      'performance',
    ],
  });
  try {
    jest.setSystemTime(now + ms);
    return await work();
  } finally {
    jest.useRealTimers();
  }
}
