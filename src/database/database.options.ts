import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { createConnection } from 'mysql2/promise';
import type { AppConfig } from '../config/env.schema';

export type DatabaseFlavor = 'mysql' | 'mariadb';

export const ENTITY_GLOB = join(__dirname, '..', '**', '*.entity.{ts,js}');
export const MIGRATION_GLOB = join(__dirname, '..', '..', 'migrations', '*.{ts,js}');

type DbConfig = Pick<AppConfig, 'DB_HOST' | 'DB_PORT' | 'DB_USER' | 'DB_PASSWORD' | 'DB_NAME' | 'DB_POOL_SIZE'>;

/**
 * Connects once without a database to learn the server flavour (MySQL 8 or MariaDB): TypeORM
 * compares column types per flavour, and the wrong one makes `migration:generate` see phantom diffs.
 * A server that does not answer fails here, within seconds, with a message that names it.
 */
export async function probeDatabase(
  config: DbConfig,
  timeoutMs = 3000,
): Promise<{ flavor: DatabaseFlavor; version: string }> {
  let connection;
  try {
    connection = await createConnection({
      host: config.DB_HOST,
      port: config.DB_PORT,
      user: config.DB_USER,
      password: config.DB_PASSWORD,
      connectTimeout: timeoutMs,
    });
    const [rows] = await connection.query('SELECT VERSION() AS version');
    const version = String((rows as { version: string }[])[0]?.version ?? '');
    return { flavor: /mariadb/i.test(version) ? 'mariadb' : 'mysql', version };
  } catch (error) {
    const reason = (error as { code?: string; message?: string }).code ?? (error as Error).message;
    throw new Error(
      `Cannot reach MySQL at ${config.DB_HOST}:${config.DB_PORT} as ${config.DB_USER} (${reason}). ` +
        'Start MySQL 8 / MariaDB, or set DB_HOST, DB_PORT, DB_USER and DB_PASSWORD.',
    );
  } finally {
    await connection?.end().catch(() => undefined);
  }
}

export async function ensureDatabase(config: DbConfig): Promise<void> {
  const connection = await createConnection({
    host: config.DB_HOST,
    port: config.DB_PORT,
    user: config.DB_USER,
    password: config.DB_PASSWORD,
    connectTimeout: 3000,
  });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${config.DB_NAME}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
}

export function dataSourceOptions(config: DbConfig, flavor: DatabaseFlavor): DataSourceOptions {
  return {
    type: flavor,
    host: config.DB_HOST,
    port: config.DB_PORT,
    username: config.DB_USER,
    password: config.DB_PASSWORD,
    database: config.DB_NAME,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings: false,
    poolSize: config.DB_POOL_SIZE,
    entities: [ENTITY_GLOB],
    migrations: [MIGRATION_GLOB],
    migrationsTableName: 'schema_migrations',
    migrationsRun: false,
    synchronize: false,
    // failed queries surface as errors to the callers (a duplicate key is a 409, not a log line)
    logging: false,
    // trace: mysql2 would capture a JavaScript stack for every query, a few per cent of the pipeline's
    // CPU; a failed query still names its SQL and MySQL's error
    // multipleStatements: a transaction's statements that nobody waits on ride on its next one
    // (runTransaction), one round trip for several. Every statement here binds its values as
    // parameters, which mysql2 escapes; none is built from outside text.
    extra: { connectTimeout: 3000, connectionLimit: config.DB_POOL_SIZE, trace: false, multipleStatements: true },
  };
}

const UTC_SESSION_SQL = "SET time_zone = '+00:00'";

/**
 * Opens a data source whose every connection runs in UTC. The driver writes and reads DATETIMEs as
 * UTC (timezone 'Z'), and the columns' CURRENT_TIMESTAMP(3) defaults use the session's time zone:
 * on a server whose system zone is Asia/Shanghai (common in China) they would otherwise be stored
 * eight hours off the driver's values.
 */
export async function initializeUtc(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  const pool = (dataSource.driver as unknown as { pool?: NodeJS.EventEmitter }).pool;
  if (!pool) throw new Error('The MySQL driver has no connection pool to set the session time zone on');
  // the pool hands a new connection out only after this, and the connection runs commands in order
  pool.on('connection', (connection: { query(sql: string, cb: (error: unknown) => void): void }) => {
    connection.query(UTC_SESSION_SQL, () => undefined);
  });
  // the one connection the driver opened while initialising, idle in the pool and the only one yet
  await dataSource.query(UTC_SESSION_SQL);
  await reusePromiseWrappers(pool as unknown as PoolLike);
  return dataSource;
}

interface PoolLike {
  getConnection(cb: (error: Error | null, connection: { release(): void }) => void): void;
}

const WRAPPED = Symbol('hotline.promiseWrapper');

/**
 * TypeORM runs every query through `connection.promise()`, and mysql2 answers each call with a
 * `require()` of its promise module and a new wrapper object: module resolution and an event emitter
 * per statement. A pooled connection's wrapper holds nothing but the connection, so each connection
 * keeps its first one. Patched once per process, on the pooled connections' class.
 */
async function reusePromiseWrappers(pool: PoolLike): Promise<void> {
  const connection = await new Promise<{ release(): void }>((resolve, reject) =>
    pool.getConnection((error, c) => (error ? reject(error) : resolve(c))),
  );
  connection.release();
  const proto = Object.getPrototypeOf(connection) as Record<PropertyKey, unknown> & {
    promise?: (this: object, promiseImpl?: unknown) => unknown;
  };
  const original = proto.promise;
  if (typeof original !== 'function' || proto[WRAPPED]) return;
  const wrappers = new WeakMap<object, unknown>();
  proto.promise = function (this: object, promiseImpl?: unknown): unknown {
    if (promiseImpl !== undefined) return original.call(this, promiseImpl);
    let wrapper = wrappers.get(this);
    if (wrapper === undefined) wrappers.set(this, (wrapper = original.call(this)));
    return wrapper;
  };
  proto[WRAPPED] = true;
}
