import type { DataSource } from 'typeorm';
import { transaction } from './transaction';

const deadlock = Object.assign(new Error('Deadlock found'), { code: 'ER_LOCK_DEADLOCK' });

function fakeDataSource(failures: unknown[]): { dataSource: DataSource; calls: () => number } {
  let calls = 0;
  const dataSource = {
    transaction: async (work: (m: unknown) => Promise<unknown>) => {
      calls++;
      const failure = failures.shift();
      if (failure) throw failure as Error;
      return work({});
    },
  } as unknown as DataSource;
  return { dataSource, calls: () => calls };
}

describe('transaction', () => {
  it('should run a deadlock victim again and return its result', async () => {
    const { dataSource, calls } = fakeDataSource([deadlock, deadlock]);
    await expect(transaction(dataSource, () => Promise.resolve('done'))).resolves.toBe('done');
    expect(calls()).toBe(3);
  });

  it('should give up after three deadlocks', async () => {
    const { dataSource, calls } = fakeDataSource([deadlock, deadlock, deadlock, deadlock]);
    await expect(transaction(dataSource, () => Promise.resolve('done'))).rejects.toBe(deadlock);
    expect(calls()).toBe(3);
  });

  it('should not run again after any other error', async () => {
    const other = new Error('duplicate');
    const { dataSource, calls } = fakeDataSource([other]);
    await expect(transaction(dataSource, () => Promise.resolve('done'))).rejects.toBe(other);
    expect(calls()).toBe(1);
  });
});
