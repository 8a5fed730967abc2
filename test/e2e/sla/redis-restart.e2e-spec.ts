import type { INestApplication } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import request from 'supertest';
import type { App } from 'supertest/types';
import { SlaSweeper } from '../../../src/sla/sla.sweeper';
import { bearer, createTestApp } from '../../app';
import { loginAll, TicketDriver, Tokens, unitId } from '../../factories/tickets';
import { countEvents, createDispatched, sql, waitFor } from './sla-test-kit';

/** A Redis of our own on a test port: the machine's shared Redis on 6379 is never stopped. */
const PORT = 6391;
const startRedis = (): void => {
  execFileSync('redis-server', ['--port', String(PORT), '--save', '', '--appendonly', 'no', '--daemonize', 'yes']);
};
const stopRedis = (): void => {
  try {
    execFileSync('redis-cli', ['-p', String(PORT), 'shutdown', 'nosave'], { stdio: 'ignore' });
  } catch {
    // already down
  }
};
const redisAnswers = (): boolean => {
  try {
    return (
      execFileSync('redis-cli', ['-p', String(PORT), 'ping'], { stdio: 'pipe' })
        .toString()
        .trim() === 'PONG'
    );
  } catch {
    return false;
  }
};
const until = async (ok: () => boolean, what: string): Promise<void> =>
  waitFor(() => Promise.resolve(ok()), 5000, what);

describe('SLA timers across a Redis restart (e2e)', () => {
  let app: INestApplication<App>;
  let t: Tokens;
  let d: TicketDriver;
  const previousUrl = process.env.REDIS_URL;

  beforeAll(async () => {
    stopRedis();
    startRedis();
    await until(redisAnswers, 'the test Redis to start');
    process.env.REDIS_URL = `redis://127.0.0.1:${PORT}`;
    app = await createTestApp();
    t = await loginAll(app);
    d = new TicketDriver(app);
    await request(app.getHttpServer())
      .post('/api/admin/sla-policies')
      .set(bearer(t.admin))
      .send({
        appealType: 'praise',
        urgency: 'urgent',
        accept: { amount: 0.05, unit: 'minutes' },
        firstContact: { amount: 0.05, unit: 'minutes' },
        resolution: { amount: 0.08, unit: 'minutes' },
      })
      .expect(201);
  });

  afterAll(async () => {
    if (!redisAnswers()) startRedis();
    await app?.close();
    stopRedis();
    process.env.REDIS_URL = previousUrl;
  });

  it('should record the breaches that fell due while Redis was down once, through the sweeper', async () => {
    const market = await unitId(app, 'dept-market');
    const id = await createDispatched(d, t, market, { appealType: 'praise', urgency: 'urgent' });
    // Redis goes away with every delayed job it held (no persistence) before any timer fires
    stopRedis();
    await until(() => !redisAnswers(), 'the test Redis to stop');
    const [due] = await sql<{ due: Date }>(app, 'SELECT resolution_due_at AS due FROM tickets WHERE id = ?', [id]);
    await waitFor(
      () => Promise.resolve(Date.now() > new Date(due!.due).getTime() + 500),
      10_000,
      'every deadline to pass',
    );
    expect(await countEvents(app, id, 'sla-breached')).toBe(0);

    // the sweeper does not wait for Redis: what fell due is recorded from MySQL alone
    const whileDown = await app.get(SlaSweeper).sweep();
    expect(whileDown.fired).toBe(3);
    expect(await countEvents(app, id, 'sla-breached')).toBe(3);

    startRedis();
    await until(redisAnswers, 'the test Redis to start again');
    // after the restart: the sweep again, the outbox rows delivered late, any job re-armed: still once
    const afterRestart = await app.get(SlaSweeper).sweep();
    expect(afterRestart).toMatchObject({ fired: 0, failed: 0 });
    await waitFor(
      async () => (await sql(app, 'SELECT id FROM outbox WHERE sent_at IS NULL')).length === 0,
      15_000,
      'the outbox to drain',
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await countEvents(app, id, 'sla-breached')).toBe(3);
    expect(await countEvents(app, id, 'sla-warning')).toBe(0); // moot once their deadline had passed
    expect(await countEvents(app, id, 'urge')).toBe(1);
  });

  it('should re-arm the timers of an open ticket from the sweeper after Redis lost them', async () => {
    const market = await unitId(app, 'dept-market');
    const id = await createDispatched(d, t, market, { appealType: 'praise', urgency: 'urgent' });
    await waitFor(
      async () => (await sql(app, 'SELECT id FROM outbox WHERE sent_at IS NULL')).length === 0,
      10_000,
      'arming',
    );
    // a Redis restart without persistence: the armed jobs are gone
    stopRedis();
    await until(() => !redisAnswers(), 'the test Redis to stop');
    startRedis();
    await until(redisAnswers, 'the test Redis to start again');
    const report = await app.get(SlaSweeper).sweep();
    expect(report.enqueued).toBeGreaterThan(0);
    await waitFor(async () => (await countEvents(app, id, 'urge')) === 1, 15_000, 'the breaches and the urge');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await countEvents(app, id, 'sla-breached')).toBe(3);
    expect(await countEvents(app, id, 'urge')).toBe(1);
  });
});
