import type { INestApplication } from '@nestjs/common';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { loginAll, TicketDriver, Tokens } from '../../factories/tickets';
import { TestRedis } from '../../processes';
import { waitFor } from '../../wait-for';

/**
 * Redis stops while agents keep working: intake must still save every ticket (MySQL holds the
 * outbox), and once Redis is back the tickets are classified and dispatched, each exactly once.
 */
describe('Pipeline through a Redis outage (e2e)', () => {
  const redis = new TestRedis(6393);
  const savedUrl = process.env.REDIS_URL;
  let app: INestApplication<App>;
  let t: Tokens;
  let d: TicketDriver;
  let db: DataSource;

  beforeAll(async () => {
    redis.start();
    process.env.REDIS_URL = redis.url;
    process.env.PIPELINE_ENABLED = 'true';
    const { createTestApp } = await import('../../app');
    app = await createTestApp();
    t = await loginAll(app);
    d = new TicketDriver(app);
    db = app.get(DataSource);
  });

  afterAll(async () => {
    redis.start();
    await app?.close();
    redis.stop();
    process.env.REDIS_URL = savedUrl;
    process.env.PIPELINE_ENABLED = 'false';
  });

  it('should save tickets with Redis down and dispatch each once when it returns', async () => {
    const [{ id: categoryId }] = (await db.query("SELECT id FROM categories WHERE code = 'food-drug.food-safety'")) as {
      id: number;
    }[];
    const [{ id: areaId }] = (await db.query("SELECT id FROM areas WHERE name = '娜姑镇'")) as { id: number }[];
    redis.stop();

    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await d.create(t.agent, {
        description: `超市出售过期食品 ${i}`,
        categoryId,
        areaId,
        callerPhone: `1370000100${i}`,
      });
      await d.ok(t.agent, created.id, 'submit');
      ids.push(created.id);
    }
    for (const id of ids) expect(await d.status(id)).toBe('pending_dispatch');
    const [{ n: pending }] = (await db.query(
      `SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL AND ticket_id IN (${ids.join(',')})`,
    )) as {
      n: string;
    }[];
    expect(Number(pending)).toBeGreaterThanOrEqual(ids.length);

    redis.start();
    await waitFor(
      async () => {
        const statuses = await Promise.all(ids.map((id) => d.status(id)));
        return statuses.every((s) => s === 'assigned');
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'every ticket to be dispatched after Redis came back' },
    );
    const dispatches = (await db.query(
      `SELECT ticket_id AS id, COUNT(*) AS n FROM ticket_events WHERE action = 'dispatch' AND ticket_id IN (${ids.join(',')}) GROUP BY ticket_id`,
    )) as { id: number; n: string }[];
    expect(dispatches.map((r) => Number(r.n))).toEqual(ids.map(() => 1));
  });
});
