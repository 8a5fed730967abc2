import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { signCtiBody } from '../../../src/calls/cti-signature';
import { loadConfig } from '../../../src/config/env.schema';
import { bearer, createTestApp } from '../../app';
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
