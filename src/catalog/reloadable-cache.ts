/**
 * A value loaded on first use and kept until invalidated or older than the TTL. Concurrent callers
 * share one load; an invalidation that arrives while a load runs makes that load's result stale, so
 * it is loaded again instead of caching what may predate the change.
 */
export class ReloadableCache<T> {
  private value: { data: T; loadedAt: number } | null = null;
  private loading: Promise<T> | null = null;
  private generation = 0;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<T> {
    if (this.value && this.now() - this.value.loadedAt < this.ttlMs) return this.value.data;
    this.loading ??= this.reload().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /** The cached value without loading, or null (for callers that must not wait on MySQL). */
  peek(): T | null {
    return this.value?.data ?? null;
  }

  invalidate(): void {
    this.generation++;
    this.value = null;
  }

  private async reload(): Promise<T> {
    // bounded: a storm of invalidations must not keep a caller waiting forever
    for (let attempt = 0; ; attempt++) {
      const generation = this.generation;
      const startedAt = this.now();
      const data = await this.load();
      if (generation === this.generation || attempt >= 4) {
        if (generation === this.generation) this.value = { data, loadedAt: startedAt };
        return data;
      }
    }
  }
}
