import type { DataSource } from 'typeorm';

/** The Shanghai calendar day of an instant as YYYYMMDD (China has had no DST since 1991). */
export function shanghaiDay(at: Date): string {
  const shifted = new Date(at.getTime() + 8 * 3600_000);
  return shifted.toISOString().slice(0, 10).replace(/-/g, '');
}

export function formatTicketNumber(day: string, value: number): string {
  return `${day}-${String(value).padStart(6, '0')}`;
}

/** The most numbers one process reserves at once: what a crash can leave unused under a burst. */
export const MAX_NUMBER_BLOCK = 50;

/**
 * Reserves `count` numbers of a day in one short autocommit statement, outside any ticket's
 * transaction, and returns the last of them. LAST_INSERT_ID(expr) sets the insert id the statement
 * reports, so the value comes back in its own answer.
 */
export async function reserveTicketNumbers(dataSource: DataSource, day: string, count: number): Promise<number> {
  const result = (await dataSource.query(
    'INSERT INTO ticket_number_sequences (day, last_value) VALUES (?, LAST_INSERT_ID(?)) ON DUPLICATE KEY UPDATE last_value = LAST_INSERT_ID(last_value + ?)',
    [day, count, count],
  )) as { insertId: number | string };
  const last = Number(result.insertId);
  if (!Number.isSafeInteger(last) || last < count)
    throw new Error(`ticket number sequence returned ${String(result.insertId)}`);
  return last;
}

/**
 * Hands out the numbers of the day (YYYYMMDD-NNNNNN, Shanghai day). The day's counter row is one
 * hot row for every intake of every process: one statement per ticket queued each intake behind the
 * others' commits. So a process reserves a block sized by its own pace, the numbers it handed out in
 * the last second: at a centre's usual pace that is one number at a time, in order and without gaps;
 * in a burst it is up to MAX_NUMBER_BLOCK at once, one statement for many intakes. What that costs:
 * in a burst two api processes interleave their blocks (numbers stay unique, not in creation order
 * across processes), and a process that stops leaves the rest of its block unused, as a rolled-back
 * intake always left a gap. Concurrent intakes share one reservation in flight.
 */
export class TicketNumbers {
  private block: { day: string; next: number; last: number } | null = null;
  private reserving: Promise<void> | null = null;
  private waiting = 0;
  private window = { second: 0, count: 0, previous: 0 };

  constructor(
    private readonly reserve: (day: string, count: number) => Promise<number>,
    private readonly now: () => number = Date.now,
  ) {}

  async next(): Promise<string> {
    for (;;) {
      const at = this.now();
      const day = shanghaiDay(new Date(at));
      const block = this.block;
      if (block && block.day === day && block.next <= block.last) {
        this.count(at);
        return formatTicketNumber(day, block.next++);
      }
      this.waiting++;
      try {
        await (this.reserving ??= this.reserveBlock(day, at).finally(() => {
          this.reserving = null;
        }));
      } finally {
        this.waiting--;
      }
    }
  }

  private async reserveBlock(day: string, at: number): Promise<void> {
    this.count(at, 0);
    const size = Math.min(MAX_NUMBER_BLOCK, Math.max(1, this.waiting, this.window.previous, this.window.count));
    const last = await this.reserve(day, size);
    this.block = { day, next: last - size + 1, last };
  }

  /** Numbers handed out in the current and the previous whole second. */
  private count(at: number, n = 1): void {
    const second = Math.floor(at / 1000);
    if (second !== this.window.second) {
      this.window = { second, count: 0, previous: second === this.window.second + 1 ? this.window.count : 0 };
    }
    this.window.count += n;
  }
}
