import { loadConfig } from '../../../src/config/env.schema';
import { openDataSource, pendingSchemaChanges } from '../../../src/database/migrations';
import { preflight } from '../../../src/bootstrap';
import { Ticket } from '../../../src/tickets/ticket.entity';
import { CanonicalCallerPhones1795716000000 } from '../../../migrations/1795716000000-CanonicalCallerPhones';

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

  it('should rewrite the numbers stored with dashes before they were stored without, and touch no other', async () => {
    const dataSource = await openDataSource(loadConfig());
    const tickets = dataSource.getRepository(Ticket);
    const stamp = Date.now();
    const phones = ['0871-6601234', '135-1234-0000', '13812345678', '+8613812345678', null];
    const ids: number[] = [];
    try {
      for (const [i, callerPhone] of phones.entries()) {
        const inserted = await tickets.insert({
          number: `MG-${stamp}-${i}`,
          channel: 'phone',
          sourceLine: '12345',
          callerPhone,
          description: '迁移前受理的工单',
          status: 'new',
        });
        ids.push(Number(inserted.identifiers[0]!.id));
      }
      const runner = dataSource.createQueryRunner();
      try {
        await new CanonicalCallerPhones1795716000000().up(runner);
      } finally {
        await runner.release();
      }
      const after = await Promise.all(ids.map((id) => tickets.findOneByOrFail({ id })));
      expect(after.map((t) => t.callerPhone)).toEqual([
        '08716601234',
        '13512340000',
        '13812345678',
        '+8613812345678',
        null,
      ]);
      expect(after.map((t) => t.version)).toEqual(ids.map(() => 1));
    } finally {
      if (ids.length) await tickets.delete(ids);
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
