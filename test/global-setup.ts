import 'reflect-metadata';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config/env.schema';
import { ensureDatabase, probeDatabase } from '../src/database/database.options';
import { openDataSource, runMigrations } from '../src/database/migrations';
import { probeRedis } from '../src/redis/redis.module';
import { seedDemoClassifier } from '../src/seed/demo-classifier.seed';
import { seedDemo } from '../src/seed/demo-seed';
import { buildOnce } from './processes';
import { applyTestEnv } from './test-env';

/** Recreates the test database, runs the migrations once, seeds the demo county, clears the test keys in Redis. */
export default async function globalSetup(): Promise<void> {
  applyTestEnv();
  const config = loadConfig();
  await Promise.all([probeDatabase(config), probeRedis(config.REDIS_URL)]);
  const { createConnection } = await import('mysql2/promise');
  const admin = await createConnection({
    host: config.DB_HOST,
    port: config.DB_PORT,
    user: config.DB_USER,
    password: config.DB_PASSWORD,
  });
  await admin.query(`DROP DATABASE IF EXISTS \`${config.DB_NAME}\``);
  await admin.end();
  await ensureDatabase(config);
  const dataSource = await openDataSource(config);
  try {
    await runMigrations(dataSource);
    await seedDemo(dataSource, { password: config.DEMO_PASSWORD });
    await seedDemoClassifier(dataSource);
  } finally {
    await dataSource.destroy();
  }
  // the multi-process tests run the compiled app
  buildOnce();
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true });
  await redis.connect();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.REDIS_PREFIX}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}
