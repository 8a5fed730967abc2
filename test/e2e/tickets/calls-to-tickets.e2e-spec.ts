import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { signCtiBody } from '../../../src/calls/cti-signature';
import { loadConfig } from '../../../src/config/env.schema';
import { DataSource } from 'typeorm';
import { bearer, createTestApp } from '../../app';
import { metricValue } from '../../metrics';
import { loginAll, TicketDriver, Tokens } from '../../factories/tickets';

describe('Calls to tickets (e2e)', () => {
  let app: INestApplication<App>;
  let t: Tokens;
  let d: TicketDriver;
  const secret = loadConfig().CTI_SECRET;

  /** Delivers a signed CTI call and returns our id of it. */
  const ring = async (callerPhone: string, sourceLine = '12345'): Promise<number> => {
    const body = {
      callId: `link-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      sourceLine,
      callerPhone,
      agentUsername: 'agent',
      event: 'answered',
      ringAt: new Date(Date.now() - 20_000).toISOString(),
      answerAt: new Date().toISOString(),
    };
    const raw = JSON.stringify(body);
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await request(app.getHttpServer())
      .post('/api/cti/calls')
      .set('Content-Type', 'application/json')
      .set('X-CTI-Timestamp', String(timestamp))
      .set('X-CTI-Signature', signCtiBody(secret, timestamp, raw))
      .send(raw)
      .expect(201);
    return response.body.id as number;
  };

  beforeAll(async () => {
    app = await createTestApp();
    t = await loginAll(app);
    d = new TicketDriver(app);
  });

  afterAll(async () => {
    await app.close();
  });

  const metric = (name: string, series?: string) => metricValue(app, name, series);

  const until = async (what: string, check: () => Promise<boolean>): Promise<void> => {
    for (const started = Date.now(); !(await check());) {
      if (Date.now() - started > 10_000) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('should write intakes that arrive together in one transaction, and fail alone the one whose call another took', async () => {
    const dataSource = app.get(DataSource);
    const callId = await ring('13655556666');
    const post = (body: Record<string, unknown>) =>
      request(app.getHttpServer())
        .post('/api/tickets')
        .set(bearer(t.agent))
        .send({ description: '路灯不亮，晚上出行不便', callerPhone: '13900001111', submit: true, ...body })
        .then((r) => r);
    const [{ n: before }] = (await dataSource.query('SELECT COUNT(*) AS n FROM tickets')) as { n: string }[];
    const splitBefore = await metric('hotline_intake_batches_split_total');
    const batchesBefore = await metric('hotline_intake_batch_size', 'hotline_intake_batch_size_count');
    // hold the first two transactions (the most in flight) so the rest gather behind them
    const lock = dataSource.createQueryRunner();
    await lock.connect();
    let answers: request.Response[];
    try {
      await lock.query('LOCK TABLES tickets WRITE');
      const plain = Array.from({ length: 10 }, (_, i) => post({ title: `路灯 ${i}` }));
      await until('8 intakes waiting', async () => (await metric('hotline_intake_waiting')) === 8);
      const withCall = [post({ callId, title: '来电一' }), post({ callId, title: '来电二' })];
      await until('10 intakes waiting', async () => (await metric('hotline_intake_waiting')) === 10);
      await lock.query('UNLOCK TABLES');
      answers = await Promise.all([...plain, ...withCall]);
    } finally {
      await lock.query('UNLOCK TABLES');
      await lock.release();
    }

    // two intakes alone, then ten together (the two calls last), which failed and were split in halves:
    // 10 ✗ → 5 ✓ + 5 ✗ → 3 ✓ + 2 ✗ (the two calls) → 1 ✓ + 1 ✗: nine batches, three of them split
    expect((await metric('hotline_intake_batch_size', 'hotline_intake_batch_size_count')) - batchesBefore).toBe(9);
    expect((await metric('hotline_intake_batches_split_total')) - splitBefore).toBe(3);
    const created = answers.filter((r) => r.status === 201);
    const refused = answers.filter((r) => r.status !== 201);
    expect(created).toHaveLength(11);
    expect(refused.map((r) => [r.status, r.body.code as string])).toEqual([[409, 'CALL_ALREADY_LINKED']]);
    const [{ n: after }] = (await dataSource.query('SELECT COUNT(*) AS n FROM tickets')) as { n: string }[];
    expect(Number(after) - Number(before)).toBe(11);

    // each answer is its own ticket, and its events and outbox rows are the ones stored
    const ids = created.map((r) => r.body.id as number);
    expect(new Set(ids).size).toBe(11);
    expect(new Set(created.map((r) => r.body.number as string)).size).toBe(11);
    for (const r of created) {
      const stored = (await dataSource.query('SELECT id, action FROM ticket_events WHERE ticket_id = ? ORDER BY id', [
        r.body.id,
      ])) as { id: string; action: string }[];
      expect(stored.map((e) => [Number(e.id), e.action])).toEqual(
        (r.body.events as { seq: number; action: string }[]).map((e) => [e.seq, e.action]),
      );
      expect(stored.map((e) => e.action)).toEqual(['created', 'submit']);
      const outbox = (await dataSource.query('SELECT event_id AS eventId FROM outbox WHERE ticket_id = ? ORDER BY id', [
        r.body.id,
      ])) as { eventId: string }[];
      expect(outbox.map((o) => Number(o.eventId)).slice(0, 2)).toEqual(stored.map((e) => Number(e.id)));
      const title = r.body.title as string;
      const detail = (await d.get(t.agent, r.body.id).expect(200)).body;
      expect(detail.title).toBe(title);
    }
    const linked = created.find((r) => (r.body.title as string).startsWith('来电'));
    const call = await request(app.getHttpServer()).get(`/api/calls/${callId}`).set(bearer(t.agent)).expect(200);
    expect(call.body.ticketId).toBe(linked?.body.id);
  });

  it('should create a ticket from a call, taking its line and number, and link the call', async () => {
    const callId = await ring('13611112222', '12315');
    const ticket = await d.create(t.agent, {
      callId,
      callerPhone: undefined,
      description: '买到假冒伪劣商品，商家拒绝退货',
    });
    const detail = (await d.get(t.agent, ticket.id).expect(200)).body;
    expect(detail.sourceLine).toBe('12315');
    expect(detail.caller.phone).toBe('13611112222');
    const call = await request(app.getHttpServer()).get(`/api/calls/${callId}`).set(bearer(t.agent)).expect(200);
    expect(call.body.ticketId).toBe(ticket.id);
    // the call that created the ticket is not also a repeat call about it
    const relinked = await request(app.getHttpServer())
      .post(`/api/tickets/${ticket.id}/calls`)
      .set(bearer(t.agent))
      .send({ callId })
      .expect(200);
    expect(relinked.body.version).toBe(detail.version);
    expect(relinked.body.events.map((e: { action: string }) => e.action)).not.toContain('call-linked');
  });

  it('should link a repeat call to the open ticket as the citizen urging, once only', async () => {
    const ticket = await d.create(t.agent);
    const repeat = await ring('13812345678');
    const linked = await request(app.getHttpServer())
      .post(`/api/tickets/${ticket.id}/calls`)
      .set(bearer(t.agent))
      .send({ callId: repeat })
      .expect(200);
    expect(linked.body.events.at(-1)).toMatchObject({
      action: 'call-linked',
      payload: { callId: repeat, urging: true },
    });
    // the same call again (a double click, a retried request) is one urging, not two
    const again = await request(app.getHttpServer())
      .post(`/api/tickets/${ticket.id}/calls`)
      .set(bearer(t.agent))
      .send({ callId: repeat })
      .expect(200);
    expect(again.body.version).toBe(linked.body.version);
    expect(again.body.events).toEqual(linked.body.events);
    const other = await d.create(t.agent);
    const twice = await request(app.getHttpServer())
      .post(`/api/tickets/${other.id}/calls`)
      .set(bearer(t.agent))
      .send({ callId: repeat })
      .expect(409);
    expect(twice.body.code).toBe('CALL_ALREADY_LINKED');
    await d.expectTimelineReplays(ticket.id);
  });

  it('should refuse a call link to a closed ticket, an unknown call, and from a clerk', async () => {
    const done = await d.create(t.agent);
    await d.ok(t.agent, done.id, 'resolve-on-call', { content: '已解答' });
    const call = await ring('13900000001');
    const server = app.getHttpServer();
    expect(
      (
        await request(server)
          .post(`/api/tickets/${done.id}/calls`)
          .set(bearer(t.agent))
          .send({ callId: call })
          .expect(409)
      ).body.code,
    ).toBe('TICKET_NOT_OPEN');
    const open = await d.create(t.agent);
    expect(
      (
        await request(server)
          .post(`/api/tickets/${open.id}/calls`)
          .set(bearer(t.agent))
          .send({ callId: 99999999 })
          .expect(404)
      ).body.code,
    ).toBe('CALL_NOT_FOUND');
    expect(
      (
        await request(server)
          .post(`/api/tickets/${open.id}/calls`)
          .set(bearer(t.market))
          .send({ callId: call })
          .expect(403)
      ).body.code,
    ).toBe('ROLE_NOT_ALLOWED');
    // a ticket whose call does not exist is not created at all
    const [{ n: before }] = (await app
      .get((await import('typeorm')).DataSource)
      .query('SELECT COUNT(*) AS n FROM tickets')) as { n: string }[];
    await request(server)
      .post('/api/tickets')
      .set(bearer(t.agent))
      .send({ description: 'x', callId: 99999999 })
      .expect(404);
    const [{ n: after }] = (await app
      .get((await import('typeorm')).DataSource)
      .query('SELECT COUNT(*) AS n FROM tickets')) as { n: string }[];
    expect(after).toBe(before);
  });
});
