import type { DataSource, EntityManager } from 'typeorm';

const DEADLOCK_RETRIES = 3;

export function isDeadlock(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; driverError?: { code?: string } } | null;
  return e?.code === 'ER_LOCK_DEADLOCK' || e?.driverError?.code === 'ER_LOCK_DEADLOCK' || e?.errno === 1213;
}

/**
 * One transaction, run again when InnoDB chose it as a deadlock victim: the server rolled it
 * back whole, so running it again is safe, and the caller sees a busy moment rather than a 500.
 */
export async function transaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction(work);
    } catch (error) {
      if (!isDeadlock(error) || attempt >= DEADLOCK_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}
