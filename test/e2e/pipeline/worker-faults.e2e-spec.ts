import type { INestApplication } from '@nestjs/common';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { loginAll, TicketDriver, Tokens } from '../../factories/tickets';
import { AppProcess, buildOnce } from '../../processes';
import { waitFor } from '../../wait-for';

/**
 * The api runs in this test process (without workers); the workers are separate processes of the
 * compiled app, which the tests kill and restart. No ticket may be lost or dispatched twice.
 */
describe('Pipeline with workers dying and restarting (e2e)', () => {
  const savedRole = process.env.APP_ROLE;
  let app: INestApplication<App>;
  let t: Tokens;
  let d: TicketDriver;
  let db: DataSource;
  let categoryId: number;
  let areaId: number;
  const workers: AppProcess[] = [];

  const worker = (env: Record<string, string> = {}): AppProcess => {
    const w = new AppProcess('worker', { PIPELINE_ENABLED: 'true', ...env });
    workers.push(w);
    return w;
  };

  const submitMany = async (n: number, tag: string): Promise<number[]> => {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const created = await d.create(t.agent, {
        description: `${tag} 超市出售过期变质食品 ${i}`,
        categoryId,
        areaId,
        callerPhone: `1360${tag}${String(i).padStart(4, '0')}`,
      });
      await d.ok(t.agent, created.id, 'submit');
      ids.push(created.id);
    }
    return ids;
  };

  const dispatchCounts = async (ids: number[]): Promise<number[]> => {
    const rows = (await db.query(
      `SELECT t.id, (SELECT COUNT(*) FROM ticket_events e WHERE e.ticket_id = t.id AND e.action = 'dispatch') AS n FROM tickets t WHERE t.id IN (${ids.join(',')}) ORDER BY t.id`,
    )) as { id: number; n: string }[];
    return rows.map((r) => Number(r.n));
  };

  const allAssigned = (ids: number[], what: string) =>
    waitFor(async () => (await Promise.all(ids.map((id) => d.status(id)))).every((s) => s === 'assigned'), {
      timeoutMs: 90_000,
      intervalMs: 500,
      what,
    });

  beforeAll(async () => {
    buildOnce();
    process.env.APP_ROLE = 'api';
    const { createTestApp } = await import('../../app');
    app = await createTestApp();
    t = await loginAll(app);
    d = new TicketDriver(app);
    db = app.get(DataSource);
    [{ id: categoryId }] = (await db.query("SELECT id FROM categories WHERE code = 'food-drug.food-safety'")) as {
      id: number;
    }[];
    [{ id: areaId }] = (await db.query("SELECT id FROM areas WHERE name = '娜姑镇'")) as { id: number }[];
  }, 180_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await app?.close();
    process.env.APP_ROLE = savedRole;
  });

  it('should dispatch every ticket exactly once when a worker is killed in the middle of the work', async () => {
    // enough work that the kill lands in the middle even when this test process is starved of CPU for
    // a while: one job at a time, watched closely (a worker at full concurrency dispatched 40 between two
    // looks, and so did one at a time once, while another test run shared the machine)
    const ids = await submitMany(120, '11');
    const first = worker({ PIPELINE_CONCURRENCY: '1' });
    // let the first worker get into the stream, then kill it without warning
    await waitFor(async () => (await dispatchCounts(ids)).some((n) => n > 0), {
      timeoutMs: 60_000,
      intervalMs: 10,
      what: 'the first worker to start dispatching',
    });
    await first.kill();
    const doneWhenKilled = (await dispatchCounts(ids)).filter((n) => n > 0).length;
    expect(doneWhenKilled).toBeLessThan(ids.length);

    worker();
    await allAssigned(ids, 'the second worker to finish what the first left');
    expect(await dispatchCounts(ids)).toEqual(ids.map(() => 1));
    for (const id of ids.slice(0, 5)) await d.expectTimelineReplays(id);
  }, 180_000); // a worker process boots twice, and the waits above allow for a busy machine

  it('should let the sweeper re-enqueue tickets whose jobs were lost, after a restart', async () => {
    await Promise.all(workers.map((w) => w.stop()));
    const ids = await submitMany(5, '22');
    // the relay delivered these rows, then Redis lost the jobs: nothing in any queue will move them
    await db.query(
      `UPDATE outbox SET sent_at = CURRENT_TIMESTAMP(3) WHERE sent_at IS NULL AND ticket_id IN (${ids.join(',')})`,
    );
    worker({ PIPELINE_STUCK_AFTER_SECONDS: '1' });
    await allAssigned(ids, 'the sweeper of the restarted worker to recover the tickets');
    expect(await dispatchCounts(ids)).toEqual(ids.map(() => 1));
  }, 120_000);
});
