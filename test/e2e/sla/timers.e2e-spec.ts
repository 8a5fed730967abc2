import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import request from 'supertest';
import type { App } from 'supertest/types';
import { bearer, createTestApp } from '../../app';
import { loginAll, TicketDriver, Tokens, unitId } from '../../factories/tickets';
import { SLA_QUEUE, SlaJobData } from '../../../src/sla/sla-timers';
import { SlaSweeper as SlaSweeperToken } from '../../../src/sla/sla.sweeper';
import { controlClock, countEvents, createDispatched, sql, waitFor } from './sla-test-kit';

/**
 * Timers on short wall clocks (a policy for critical praise, which nothing else uses): accept in
 * 3 s, first contact in 4.5 s, resolution in 6 s; warnings at 75 %.
 */
const SHORT = {
  appealType: 'praise',
  urgency: 'critical',
  accept: { amount: 0.05, unit: 'minutes' },
  firstContact: { amount: 0.075, unit: 'minutes' },
  resolution: { amount: 0.1, unit: 'minutes' },
};

describe('SLA timers (e2e)', () => {
  let app: INestApplication<App>;
  let t: Tokens;
  let d: TicketDriver;
  let market: number;

  const alerts = async (ticketId: number): Promise<string[]> =>
    (
      await sql<{ clock: string; kind: string }>(
        app,
        'SELECT clock, kind FROM sla_alerts WHERE ticket_id = ? ORDER BY clock, kind',
        [ticketId],
      )
    ).map((a) => `${a.clock}:${a.kind}`);

  beforeAll(async () => {
    app = await createTestApp();
    t = await loginAll(app);
    d = new TicketDriver(app);
    market = await unitId(app, 'dept-market');
    const policy = await request(app.getHttpServer()).post('/api/admin/sla-policies').set(bearer(t.admin)).send(SHORT);
    if (policy.status !== 201) throw new Error(JSON.stringify(policy.body));
  });

  afterAll(async () => {
    await app.close();
  });

  it('should record each warning and breach once, urge once on the resolution breach, and skip a met clock', async () => {
    const id = await createDispatched(d, t, market, { appealType: 'praise', urgency: 'critical' });
    // accept after its warning (2.25 s) and before its breach (3 s): the accept breach must not come
    await waitFor(async () => (await alerts(id)).includes('accept:warning'), 5000, 'the accept warning');
    await d.ok(t.market, id, 'accept');
    await waitFor(async () => (await countEvents(app, id, 'urge')) === 1, 12_000, 'the automatic urge');
    // give any duplicate a chance to show up: the first-contact and resolution jobs have all run by now
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await alerts(id)).toEqual([
      'accept:warning',
      'firstContact:breach',
      'firstContact:warning',
      'resolution:breach',
      'resolution:warning',
    ]);
    expect(await countEvents(app, id, 'sla-warning')).toBe(3);
    expect(await countEvents(app, id, 'sla-breached')).toBe(2);
    expect(await countEvents(app, id, 'urge')).toBe(1);
    const [urge] = await sql<{ payload: unknown; actor_user_id: number | null }>(
      app,
      "SELECT payload, actor_user_id FROM ticket_events WHERE ticket_id = ? AND action = 'urge'",
      [id],
    );
    expect(JSON.stringify(urge!.payload)).toContain('系统自动催办');
    await d.expectTimelineReplays(id);
  });

  it('should still record once with two worker processes running', async () => {
    const second = await createTestApp();
    try {
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) ids.push(await createDispatched(d, t, market, SHORT_TICKET));
      await waitFor(
        async () => (await Promise.all(ids.map((id) => countEvents(app, id, 'urge')))).every((n) => n === 1),
        15_000,
        'the urges of three tickets',
      );
      await new Promise((resolve) => setTimeout(resolve, 1500));
      for (const id of ids) {
        expect(await countEvents(app, id, 'sla-warning')).toBe(3);
        expect(await countEvents(app, id, 'sla-breached')).toBe(3);
        expect(await countEvents(app, id, 'urge')).toBe(1);
        expect(await alerts(id)).toHaveLength(6);
      }
      // both processes took part: each one's sweeper and processor see the same alerts
      expect(await second.get(SlaSweeperToken).sweep()).toMatchObject({ fired: 0 });
    } finally {
      await second.close();
    }
  });

  it('should keep only the next timer of a ticket waiting, and arm the following one when it has fired', async () => {
    // the default critical clocks (accept 15 min, first contact 30 min): after the accept warning comes the
    // accept breach. The SLA clock is held still, so nothing falls due but what the test promotes.
    const clock = controlClock(app);
    const queue = app.get<Queue<SlaJobData>>(getQueueToken(SLA_QUEUE));
    const waiting = async (ticketId: number): Promise<string[]> =>
      (await queue.getDelayed()).filter((j) => j.data.ticketId === ticketId).map((j) => `${j.data.clock}:${j.name}`);
    const armed = (): Promise<void> =>
      waitFor(
        async () => (await sql(app, 'SELECT id FROM outbox WHERE sent_at IS NULL')).length === 0,
        10_000,
        'the outbox to arm the timers',
      );
    try {
      clock.set(new Date());
      const id = await createDispatched(d, t, market, { appealType: 'help', urgency: 'critical' });
      await armed();
      expect(await waiting(id)).toEqual(['accept:sla.warn']);

      const [warning] = (await queue.getDelayed()).filter((j) => j.data.ticketId === id);
      clock.set(new Date(warning!.data.dueAt - 60_000)); // past the warning (75 %), before the breach
      await warning!.promote();
      await waitFor(async () => (await queue.getJobState(warning!.id!)) === 'completed', 10_000, 'the warning job');
      expect(await alerts(id)).toEqual(['accept:warning']);
      expect(await waiting(id)).toEqual(['accept:sla.breach']);

      // once every clock has stopped, nothing is left waiting for the ticket
      await d.ok(t.market, id, 'accept');
      await d.ok(t.market, id, 'reply', { content: '已电话答复来电人' });
      await armed();
      expect(await waiting(id)).toEqual([]);
    } finally {
      clock.set(null);
    }
  });

  it('should put a timer that runs early back to wait, and record it once it is due', async () => {
    // the arming process's clock ahead of the firing one's: here, the job is promoted long before its instant
    const clock = controlClock(app);
    const queue = app.get<Queue<SlaJobData>>(getQueueToken(SLA_QUEUE));
    try {
      clock.set(new Date());
      const id = await createDispatched(d, t, market, { appealType: 'help', urgency: 'critical' });
      await waitFor(
        async () => (await queue.getDelayed()).some((j) => j.data.ticketId === id),
        10_000,
        'the accept warning to be armed',
      );
      const [warning] = (await queue.getDelayed()).filter((j) => j.data.ticketId === id);
      await warning!.promote();
      await waitFor(async () => (await queue.getJobState(warning!.id!)) === 'delayed', 10_000, 'the early job to wait');
      expect(await alerts(id)).toEqual([]);

      clock.set(new Date(warning!.data.dueAt - 60_000)); // past the warning (75 %), before the breach
      await (await queue.getJob(warning!.id!))!.promote();
      await waitFor(async () => (await queue.getJobState(warning!.id!)) === 'completed', 10_000, 'the warning job');
      expect(await alerts(id)).toEqual(['accept:warning']);
    } finally {
      clock.set(null);
    }
  });
});

const SHORT_TICKET = { appealType: 'praise', urgency: 'critical' };
