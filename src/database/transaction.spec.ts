import { QueryResult } from 'typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { deferStatement, runTransaction, transaction } from './transaction';

const deadlock = Object.assign(new Error('Deadlock found'), { code: 'ER_LOCK_DEADLOCK' });

/**
 * A query runner that does what TypeORM's MySQL runner does around a transaction (its own SET, START,
 * COMMIT and ROLLBACK go through `this.query`), and a server that answers each query: one result, or
 * one per statement of a multi-statement query, and fails a query whose statement matches `failOn`.
 */
function fakeDataSource(options: { failOn?: RegExp; failure?: Error; answer?: unknown } = {}) {
  const sent: { sql: string; params: unknown[] }[] = [];
  let released = 0;
  const dataSource = {
    createQueryRunner() {
      const runner = {
        isTransactionActive: false,
        manager: undefined as unknown as EntityManager,
        query(sql: string, params: unknown[] = [], structured = false): Promise<unknown> {
          sent.push({ sql, params });
          const statements = sql.split(';\n');
          if (options.failOn && statements.some((s) => options.failOn!.test(s))) {
            return Promise.reject(options.failure ?? new Error(`failed: ${sql}`));
          }
          const answerOf = (s: string): unknown =>
            typeof options.answer === 'function'
              ? (options.answer as (sql: string, params: unknown[]) => unknown)(s, params)
              : (options.answer ?? { affectedRows: 1, statement: s });
          const raw = statements.length > 1 ? statements.map(answerOf) : answerOf(sql);
          if (!structured) return Promise.resolve(raw);
          const result = new QueryResult();
          result.raw = raw;
          return Promise.resolve(result);
        },
        async startTransaction(isolation?: string): Promise<void> {
          runner.isTransactionActive = true;
          if (isolation) await runner.query(`SET TRANSACTION ISOLATION LEVEL ${isolation}`);
          await runner.query('START TRANSACTION');
        },
        async commitTransaction(): Promise<void> {
          await runner.query('COMMIT');
          runner.isTransactionActive = false;
        },
        async rollbackTransaction(): Promise<void> {
          await runner.query('ROLLBACK');
          runner.isTransactionActive = false;
        },
        release(): Promise<void> {
          released++;
          return Promise.resolve();
        },
      };
      runner.manager = {
        queryRunner: runner,
        query: (sql: string, params?: unknown[]) => runner.query(sql, params),
      } as unknown as EntityManager;
      return runner;
    },
  } as unknown as DataSource;
  return { dataSource, sent, released: () => released };
}

describe('transaction', () => {
  it('should run a deadlock victim again and return its result', async () => {
    let attempts = 0;
    const { dataSource } = fakeDataSource();
    const result = await transaction(dataSource, async (manager) => {
      await manager.query('SELECT 1');
      if (++attempts < 3) throw deadlock;
      return 'done';
    });
    expect(result).toBe('done');
    expect(attempts).toBe(3);
  });

  it('should give up after three deadlocks', async () => {
    let attempts = 0;
    const { dataSource } = fakeDataSource();
    const work = async (manager: EntityManager) => {
      attempts++;
      await manager.query('SELECT 1');
      throw deadlock;
    };
    await expect(transaction(dataSource, work)).rejects.toBe(deadlock);
    expect(attempts).toBe(3);
  });

  it('should not run again after any other error', async () => {
    let attempts = 0;
    const other = new Error('duplicate');
    const { dataSource } = fakeDataSource();
    const work = () => {
      attempts++;
      return Promise.reject(other);
    };
    await expect(transaction(dataSource, work)).rejects.toBe(other);
    expect(attempts).toBe(1);
  });
});

describe('runTransaction', () => {
  it('should send the isolation and the START with the first statement and return that statement’s result', async () => {
    const { dataSource, sent, released } = fakeDataSource({
      answer: (sql: string) => (sql.startsWith('SELECT') ? [{ id: 7 }] : { affectedRows: 0 }),
    });
    const rows = await runTransaction(
      dataSource,
      (manager) => manager.query('SELECT id FROM t WHERE a = ?', [1]),
      'READ COMMITTED',
    );
    expect(rows).toEqual([{ id: 7 }]);
    expect(sent).toEqual([
      {
        sql: 'SET TRANSACTION ISOLATION LEVEL READ COMMITTED;\nSTART TRANSACTION;\nSELECT id FROM t WHERE a = ?',
        params: [1],
      },
      { sql: 'COMMIT', params: [] },
    ]);
    expect(released()).toBe(1);
  });

  it('should send deferred statements, in order and with their parameters, in front of the next one', async () => {
    const { dataSource, sent } = fakeDataSource();
    await runTransaction(dataSource, async (manager) => {
      await manager.query('SELECT ? AS a', ['x']);
      await deferStatement(manager, 'INSERT INTO u VALUES (?, ?)', [1, 2]);
      await deferStatement(manager, 'UPDATE v SET w = ?', [3]);
      await manager.query('SELECT ? AS b', ['y']);
      await deferStatement(manager, 'INSERT INTO z VALUES (?)', [4]);
    });
    expect(sent).toEqual([
      { sql: 'START TRANSACTION;\nSELECT ? AS a', params: ['x'] },
      { sql: 'INSERT INTO u VALUES (?, ?);\nUPDATE v SET w = ?;\nSELECT ? AS b', params: [1, 2, 3, 'y'] },
      { sql: 'INSERT INTO z VALUES (?);\nCOMMIT', params: [4] },
    ]);
  });

  it('should give a structured query the result of its own statement', async () => {
    const { dataSource } = fakeDataSource({
      answer: (sql: string) => (sql.startsWith('SELECT') ? [{ n: 1 }, { n: 2 }] : { affectedRows: 5 }),
    });
    const result = await runTransaction(dataSource, async (manager) => {
      await deferStatement(manager, 'UPDATE a SET b = 1', []);
      return manager.queryRunner!.query('SELECT n FROM c', [], true);
    });
    expect(result).toBeInstanceOf(QueryResult);
    expect(result.records).toEqual([{ n: 1 }, { n: 2 }]);
    expect(result.raw).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('should roll back when a deferred statement fails with the COMMIT, and surface its error', async () => {
    const duplicate = Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY' });
    const { dataSource, sent } = fakeDataSource({ failOn: /^INSERT/, failure: duplicate });
    const work = async (manager: EntityManager) => {
      await manager.query('SELECT 1');
      await deferStatement(manager, 'INSERT INTO t VALUES (1)', []);
    };
    await expect(runTransaction(dataSource, work)).rejects.toBe(duplicate);
    expect(sent.map((s) => s.sql)).toEqual([
      'START TRANSACTION;\nSELECT 1',
      'INSERT INTO t VALUES (1);\nCOMMIT',
      'ROLLBACK',
    ]);
  });

  it('should send nothing when the work fails before its first statement, and drop what it deferred', async () => {
    const { dataSource, sent, released } = fakeDataSource();
    const refused = new Error('refused');
    const work = async (manager: EntityManager) => {
      await deferStatement(manager, 'INSERT INTO t VALUES (1)', []);
      throw refused;
    };
    await expect(runTransaction(dataSource, work)).rejects.toBe(refused);
    expect(sent).toEqual([]);
    expect(released()).toBe(1);
  });

  it('should roll back without the deferred statements when the work fails after reaching the server', async () => {
    const { dataSource, sent } = fakeDataSource();
    const refused = new Error('refused');
    const work = async (manager: EntityManager) => {
      await manager.query('SELECT 1');
      await deferStatement(manager, 'INSERT INTO t VALUES (1)', []);
      throw refused;
    };
    await expect(runTransaction(dataSource, work)).rejects.toBe(refused);
    expect(sent.map((s) => s.sql)).toEqual(['START TRANSACTION;\nSELECT 1', 'ROLLBACK']);
  });
});

describe('deferStatement outside runTransaction', () => {
  it('should run the statement at once', async () => {
    const ran: unknown[] = [];
    const manager = {
      queryRunner: undefined,
      query: (sql: string, params: unknown[]) => {
        ran.push([sql, params]);
        return Promise.resolve({ affectedRows: 1 });
      },
    } as unknown as EntityManager;
    await deferStatement(manager, 'UPDATE t SET a = ?', [1]);
    expect(ran).toEqual([['UPDATE t SET a = ?', [1]]]);
  });
});
