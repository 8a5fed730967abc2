import { QueryResult } from 'typeorm';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

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
      return await runTransaction(dataSource, work);
    } catch (error) {
      if (!isDeadlock(error) || attempt >= DEADLOCK_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}

interface DeferredStatement {
  sql: string;
  params: unknown[];
}

/** The statements each transaction of runTransaction holds for its next query. */
const deferred = new WeakMap<QueryRunner, DeferredStatement[]>();

/**
 * A transaction, as DataSource.transaction runs it, whose statements that nobody waits on ride on
 * the next one: its SET TRANSACTION and START are sent in front of its first statement, and what
 * the work defers (deferStatement) in front of the next, at the latest its COMMIT. One
 * multi-statement query (the pool's `multipleStatements`) then does what took a round trip each.
 * MySQL runs a query's statements in order and stops at the first that fails, so an error is still
 * the transaction's and rolls it back whole.
 */
export async function runTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  isolation?: IsolationLevel,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const held: DeferredStatement[] = [];
  deferred.set(runner, held);
  let starting = true;
  let sent = false;
  const query = runner.query.bind(runner) as (
    sql: string,
    params?: unknown[],
    structured?: boolean,
  ) => Promise<unknown>;
  runner.query = (async (sql: string, params: unknown[] = [], structured?: boolean) => {
    if (starting) {
      held.push({ sql, params });
      return structured ? new QueryResult() : undefined;
    }
    // nothing reached the server: there is nothing to roll back
    if (sql === 'ROLLBACK' && !sent) return structured ? new QueryResult() : undefined;
    sent = true;
    if (held.length === 0) return query(sql, params, structured);
    const ahead = held.splice(0);
    const results = (await query([...ahead.map((s) => s.sql), sql].join(';\n'), [
      ...ahead.flatMap((s) => s.params),
      ...params,
    ])) as unknown[];
    const own = results[ahead.length];
    return structured ? structuredResult(own) : own;
  }) as QueryRunner['query'];
  try {
    await runner.startTransaction(isolation);
    starting = false;
    const result = await work(runner.manager);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    // what was held never reached the server, and a work that failed writes nothing
    held.length = 0;
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    deferred.delete(runner);
    await runner.release();
  }
}

/**
 * A write whose result the transaction does not wait for: inside runTransaction it goes with the
 * transaction's next statement (at the latest its COMMIT); anywhere else it runs now. A later
 * statement of the same transaction sees it: MySQL runs them in order.
 */
export async function deferStatement(manager: EntityManager, sql: string, params: unknown[]): Promise<void> {
  const held = manager.queryRunner ? deferred.get(manager.queryRunner) : undefined;
  if (held) held.push({ sql, params });
  else await manager.query(sql, params);
}

/** Whether the manager's statements run in runTransaction, where deferStatement holds them. */
export function defersStatements(manager: EntityManager): boolean {
  return manager.queryRunner !== undefined && deferred.has(manager.queryRunner);
}

function structuredResult(raw: unknown): QueryResult {
  const result = new QueryResult();
  result.raw = raw;
  if (Array.isArray(raw)) result.records = raw;
  const affected = (raw as { affectedRows?: number } | null)?.affectedRows;
  if (typeof affected === 'number') result.affected = affected;
  return result;
}
