import { ReloadableCache } from './reloadable-cache';

describe(ReloadableCache.name, () => {
  it('should load once for concurrent callers and keep the value within the TTL', async () => {
    let loads = 0;
    let now = 0;
    const cache = new ReloadableCache(
      () => Promise.resolve(++loads),
      1000,
      () => now,
    );
    expect(await Promise.all([cache.get(), cache.get()])).toEqual([1, 1]);
    now = 999;
    expect(await cache.get()).toBe(1);
    now = 1000;
    expect(await cache.get()).toBe(2);
  });

  it('should reload after an invalidation', async () => {
    let loads = 0;
    const cache = new ReloadableCache(() => Promise.resolve(++loads), 60_000);
    expect(await cache.get()).toBe(1);
    cache.invalidate();
    expect(cache.peek()).toBeNull();
    expect(await cache.get()).toBe(2);
  });

  it('should not keep a value loaded before an invalidation that arrived during the load', async () => {
    let loads = 0;
    let release: () => void = () => undefined;
    const cache = new ReloadableCache(async () => {
      loads++;
      if (loads === 1) await new Promise<void>((resolve) => (release = resolve));
      return loads;
    }, 60_000);
    const first = cache.get();
    await Promise.resolve();
    cache.invalidate();
    release();
    expect(await first).toBe(2);
    expect(await cache.get()).toBe(2);
    expect(loads).toBe(2);
  });
});
