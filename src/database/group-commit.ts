import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type GroupCommitOptions = {
  /** Most items in one batch. */
  maxBatch: number;
  /** Batches being written at once; an item that finds them all busy waits for the next batch. */
  maxInFlight: number;
  /** Told of every batch written (its size, and whether it had to be split after a failure). */
  onBatch?: (size: number, split: boolean) => void;
};

type Waiting<I, R> = { item: I; resolve: (result: R) => void; reject: (error: unknown) => void };

/**
 * Group commit: items that arrive while earlier batches are being written wait and go together in
 * the next batch, one transaction for many. Nothing waits on a timer: while fewer than `maxInFlight`
 * batches are in flight an item goes at once, so a quiet centre sees no added latency, and the batches
 * grow only with the load.
 *
 * `write` gets the items in arrival order and returns their results in the same order, or throws for
 * the batch as a whole (its transaction rolled back). A failed batch of several items is split in
 * halves, written one after the other, and a half that fails is split again: one bad item fails alone
 * with its own error and the rest commit, in about 2·log2(n) more transactions rather than n, and
 * within the failed batch's place among the `maxInFlight` (writing every item again at once would
 * take up to `maxBatch` connections while the database was already refusing work).
 */
export class GroupCommit<I, R> {
  private readonly waiting: Waiting<I, R>[] = [];
  private inFlight = 0;

  constructor(
    private readonly write: (items: I[]) => Promise<R[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Items waiting for a batch (not those being written). */
  get waitingCount(): number {
    return this.waiting.length;
  }

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async run(batch: Waiting<I, R>[]): Promise<void> {
    let results: R[];
    try {
      results = await this.write(batch.map((w) => w.item));
    } catch (error) {
      if (batch.length === 1) {
        this.options.onBatch?.(1, false);
        batch[0].reject(error);
        return;
      }
      this.options.onBatch?.(batch.length, true);
      const half = Math.ceil(batch.length / 2);
      await this.run(batch.slice(0, half));
      await this.run(batch.slice(half));
      return;
    }
    this.options.onBatch?.(batch.length, false);
    // committed: a writer that lost count is a bug, and writing again would write twice
    if (results.length !== batch.length) {
      const error = new Error(`A batch of ${batch.length} returned ${results.length} results`);
      for (const w of batch) w.reject(error);
      return;
    }
    batch.forEach((w, i) => w.resolve(results[i]));
  }
}

/**
 * A GroupCommit that reports to Prometheus as `<prefix>_batch_size` (a histogram), `<prefix>_batches_split_total`
 * and `<prefix>_waiting`; `items` names what it batches, for the help texts.
 */
export function meteredGroupCommit<I, R>(
  write: (items: I[]) => Promise<R[]>,
  options: Omit<GroupCommitOptions, 'onBatch'>,
  metrics: { registry: Registry; prefix: string; items: string },
): GroupCommit<I, R> {
  const { registry, prefix, items } = metrics;
  const size = new Histogram({
    name: `${prefix}_batch_size`,
    help: `${items} written by one transaction (they gather while earlier ones commit)`,
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [registry],
  });
  const split = new Counter({
    name: `${prefix}_batches_split_total`,
    help: `Batches of ${items} that failed and were split in halves to be written again`,
    registers: [registry],
  });
  const group = new GroupCommit(write, {
    ...options,
    onBatch: (n, wasSplit) => {
      size.observe(n);
      if (wasSplit) split.inc();
    },
  });
  new Gauge({
    name: `${prefix}_waiting`,
    help: `${items} waiting for a transaction while earlier batches commit`,
    registers: [registry],
    collect() {
      this.set(group.waitingCount);
    },
  });
  return group;
}
