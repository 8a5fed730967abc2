import { loadConfig } from '../../../src/config/env.schema';
import { openDataSource, pendingSchemaChanges } from '../../../src/database/migrations';
import { preflight } from '../../../src/bootstrap';

describe('Database schema (e2e)', () => {
  it('should match the entities after the migrations: migration:generate would write nothing', async () => {
    const dataSource = await openDataSource(loadConfig());
    try {
      const { up } = await pendingSchemaChanges(dataSource);
      expect(up).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('should refuse to start within seconds, naming MySQL and Redis, when neither answers', async () => {
    const config = { ...loadConfig(), DB_PORT: 1, REDIS_URL: 'redis://127.0.0.1:1' };
    const started = Date.now();
    const error = await preflight(config).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/Cannot reach MySQL at 127\.0\.0\.1:1/);
    expect(error?.message).toMatch(/Cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
