import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { bearer, createTestApp } from '../../app';
import { loginAll, TicketDriver, Tokens, unitId } from '../../factories/tickets';

describe('Ticket scope, privacy and refusals (e2e)', () => {
  let app: INestApplication<App>;
  let t: Tokens;
  let d: TicketDriver;
  let market: number;

  const dispatchedToMarket = async (body: Record<string, unknown> = {}): Promise<number> => {
    const { id } = await d.create(t.agent, body);
    await d.ok(t.agent, id, 'submit');
    await d.ok(t.dispatcher, id, 'dispatch', { unitId: market });
    return id;
  };

  beforeAll(async () => {
    app = await createTestApp();
    t = await loginAll(app);
    d = new TicketDriver(app);
    market = await unitId(app, 'dept-market');
  });

  afterAll(async () => {
    await app.close();
  });

  it('should show a unit the caller number masked and the centre the full number', async () => {
    const id = await dispatchedToMarket({ callerPhone: '13812345678', callerName: '李女士' });
    const unitView = (await d.get(t.market, id).expect(200)).body;
    expect(unitView.caller).toMatchObject({ name: '李女士', phone: '138****5678', phoneMasked: true });
    expect(JSON.stringify(unitView)).not.toContain('13812345678');
    const centreView = (await d.get(t.dispatcher, id).expect(200)).body;
    expect(centreView.caller.phone).toBe('13812345678');
    const list = await request(app.getHttpServer())
      .get('/api/tickets')
      .query({ unitId: market })
      .set(bearer(t.market))
      .expect(200);
    expect(JSON.stringify(list.body)).not.toContain('13812345678');
  });

  it('should hide a confidential caller from the unit entirely and refuse to reveal the number', async () => {
    const id = await dispatchedToMarket({ callerPhone: '13900001111', callerName: '匿名', callerConfidential: true });
    const unitView = (await d.get(t.market, id).expect(200)).body;
    expect(unitView.caller).toMatchObject({ name: null, phone: null, withheld: true, confidential: true });
    expect(JSON.stringify(unitView)).not.toMatch(/13900001111|匿名/);
    await d.ok(t.market, id, 'accept');
    const before = await d.eventCount(id);
    const reveal = await d.act(t.market, id, 'reveal-phone', { reason: '需电话核实' });
    expect(reveal.status).toBe(403);
    expect(reveal.body.code).toBe('CONFIDENTIAL_CALLER');
    expect(await d.eventCount(id)).toBe(before);
  });

  it("should find a caller's tickets by their number for the centre, and refuse that search to a unit", async () => {
    const server = app.getHttpServer();
    const first = await dispatchedToMarket({ callerPhone: '13766660001', callerConfidential: true });
    const second = await dispatchedToMarket({ callerPhone: '13766660001' });
    await dispatchedToMarket({ callerPhone: '13766660002' });
    const search = (token: string, query: Record<string, unknown>) =>
      request(server).get('/api/tickets').query(query).set(bearer(token));
    const all = await search(t.supervisor, { callerPhone: '13766660001' }).expect(200);
    expect(all.body.items.map((x: { id: number }) => x.id)).toEqual([second, first]);
    const page1 = await search(t.agent, { callerPhone: '13766660001', limit: 1 }).expect(200);
    const page2 = await search(t.agent, { callerPhone: '13766660001', limit: 1, cursor: page1.body.nextCursor }).expect(
      200,
    );
    expect([...page1.body.items, ...page2.body.items].map((x: { id: number }) => x.id)).toEqual([second, first]);
    expect(page2.body.nextCursor).toBeNull();
    // the unit holds both tickets, one of them confidential: it may not learn which are this caller's
    const refused = await search(t.market, { callerPhone: '13766660001' }).expect(403);
    expect(refused.body.code).toBe('CALLER_SEARCH_NOT_ALLOWED');
    const bad = await search(t.supervisor, { callerPhone: '138-abc' }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('should store a number without the dashes and spaces it was typed with, and find it typed either way', async () => {
    const server = app.getHttpServer();
    const id = await dispatchedToMarket({ callerPhone: '0871-6601234' });
    expect((await d.get(t.dispatcher, id).expect(200)).body.caller.phone).toBe('08716601234');
    expect((await d.get(t.market, id).expect(200)).body.caller.phone).toMatch(/^0871-\*+1234$/);
    for (const typed of ['08716601234', '0871 660 1234', '0871-660-1234']) {
      const found = await request(server)
        .get('/api/tickets')
        .query({ callerPhone: typed })
        .set(bearer(t.supervisor))
        .expect(200);
      expect(found.body.items.map((x: { id: number }) => x.id)).toEqual([id]);
    }
    const tooShort = await request(server)
      .get('/api/tickets')
      .query({ callerPhone: '1-2' })
      .set(bearer(t.supervisor))
      .expect(400);
    expect(tooShort.body.code).toBe('VALIDATION_FAILED');
  });

  it('should reveal a non-confidential number to the unit once per request, and record it', async () => {
    const id = await dispatchedToMarket({ callerPhone: '13700002222' });
    await d.ok(t.market, id, 'accept');
    const revealed = await d.ok(t.market, id, 'reveal-phone', { reason: '需电话联系诉求人' });
    expect(revealed.body.revealedPhone).toBe('13700002222');
    expect(revealed.body.caller.phone).toBe('137****2222');
    const events = (await d.get(t.supervisor, id)).body.events as {
      action: string;
      reason: string;
      actorUserId: number;
    }[];
    expect(events.at(-1)).toMatchObject({
      action: 'reveal-phone',
      reason: '需电话联系诉求人',
      actorUserId: expect.any(Number),
    });
  });

  it("should answer 404 to a clerk for another unit's ticket, in the detail, the list and the actions", async () => {
    const id = await dispatchedToMarket();
    expect((await d.get(t.hrss, id).expect(404)).body.code).toBe('TICKET_NOT_FOUND');
    const accept = await d.act(t.hrss, id, 'accept');
    expect(accept.status).toBe(404);
    const list = await request(app.getHttpServer())
      .get('/api/tickets')
      .query({ limit: 200 })
      .set(bearer(t.hrss))
      .expect(200);
    expect(list.body.items.map((x: { id: number }) => x.id)).not.toContain(id);
    expect(await d.status(id)).toBe('assigned');
  });

  it('should refuse each bad action with its code and leave no trace', async () => {
    const id = await dispatchedToMarket();
    const before = await d.eventCount(id);
    const version = await d.version(id);
    const server = app.getHttpServer();
    const post = (token: string, action: string, body: Record<string, unknown>) =>
      request(server).post(`/api/tickets/${id}/actions/${action}`).set(bearer(token)).send(body);

    const cases: [string, Promise<request.Response>, number, string][] = [
      ['stale version', post(t.market, 'accept', { version: version - 1 }), 409, 'TICKET_VERSION_CONFLICT'],
      ['wrong state', post(t.market, 'reply', { version, content: '办结' }), 409, 'TRANSITION_NOT_ALLOWED'],
      ['wrong role', post(t.agent, 'accept', { version }), 403, 'ROLE_NOT_ALLOWED'],
      ['missing reason', post(t.market, 'request-return', { version }), 400, 'REASON_REQUIRED'],
      [
        'out of range',
        post(t.market, 'request-extension', { version, extensionDays: 11, reason: 'x' }),
        400,
        'VALIDATION_FAILED',
      ],
      ['unknown field', post(t.market, 'accept', { version, colour: 'red' }), 400, 'VALIDATION_FAILED'],
      ['no version', post(t.market, 'accept', {}), 400, 'VALIDATION_FAILED'],
      ['unknown action', post(t.market, 'teleport', { version }), 400, 'UNKNOWN_ACTION'],
      ['dispatch without unit', post(t.dispatcher, 'dispatch', { version }), 400, 'FIELD_REQUIRED'],
    ];
    for (const [name, pending, status, code] of cases) {
      const response = await pending;
      expect({ name, status: response.status, code: response.body.code }).toEqual({ name, status, code });
    }
    expect(await d.eventCount(id)).toBe(before);
    expect(await d.version(id)).toBe(version);
  });

  it('should refuse tickets that are too long or of unknown kinds at intake, writing nothing', async () => {
    const server = app.getHttpServer();
    const [{ n: before }] = (await app.get(DataSource).query('SELECT COUNT(*) AS n FROM tickets')) as { n: string }[];
    for (const body of [
      { description: 'x'.repeat(4001) },
      { description: '' },
      { description: 'ok', channel: 'fax' },
      { description: 'ok', sourceLine: '110' },
      { description: 'ok', callerPhone: 'call me' },
      { description: 'ok', urgency: 'whenever' },
    ]) {
      const response = await request(server).post('/api/tickets').set(bearer(t.agent)).send(body).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    expect(
      (await request(server).post('/api/tickets').set(bearer(t.market)).send({ description: 'ok' }).expect(403)).body
        .code,
    ).toBe('ROLE_NOT_ALLOWED');
    const [{ n: after }] = (await app.get(DataSource).query('SELECT COUNT(*) AS n FROM tickets')) as { n: string }[];
    expect(after).toBe(before);
  });

  it('should refuse any edit or delete of a ticket event, even straight in the database', async () => {
    const id = await dispatchedToMarket();
    const dataSource = app.get(DataSource);
    await expect(
      dataSource.query("UPDATE ticket_events SET reason = 'rewritten' WHERE ticket_id = ?", [id]),
    ).rejects.toThrow(/append-only/);
    await expect(dataSource.query('DELETE FROM ticket_events WHERE ticket_id = ?', [id])).rejects.toThrow(
      /append-only/,
    );
  });
});
