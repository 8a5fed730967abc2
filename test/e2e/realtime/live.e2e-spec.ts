import type { INestApplication } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config/env.schema';
import { MetricsService } from '../../../src/metrics/metrics.service';
import { createRedis } from '../../../src/redis/redis.module';
import type { OutboxEnvelope } from '../../../src/outbox/outbox.dispatcher';
import type { CallLiveEvent, Delivery, TicketLiveEvent } from '../../../src/realtime/realtime-events';
import { fanoutEventsOf } from '../../../src/realtime/realtime-fanout';
import { RealtimePublisher } from '../../../src/realtime/realtime.publisher';
import { TICKET_EVENT_TOPIC } from '../../../src/tickets/ticket-event.writer';
import request from 'supertest';
import { bearer, createTestApp, listenOnFreePort, login } from '../../app';
import { loginAll, TicketDriver, Tokens, unitId } from '../../factories/tickets';
import { waitFor } from '../../wait-for';
import { ConnectError, dispatchedTicket, LiveConsole, openConsole, TicketSideEvent } from './live-console';

/** An HS256 token signed with the app's secret, with whatever claims a test needs (an `exp` in the past). */
function signToken(claims: Record<string, unknown>): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${body}.${createHmac('sha256', loadConfig().JWT_SECRET).update(body).digest('base64url')}`;
}

const refusalOf = async (live: LiveConsole): Promise<ConnectError> => {
  try {
    await live.connect();
  } catch (error) {
    return error as ConnectError;
  }
  throw new Error('the connection was accepted');
};

describe('Realtime /live (e2e)', () => {
  let app: INestApplication<App>;
  let baseUrl: string;
  let t: Tokens;
  let d: TicketDriver;
  let market: number;
  const consoles: LiveConsole[] = [];
  const open = async (token: string, lastSeq?: number): Promise<LiveConsole> => {
    const live = await openConsole(baseUrl, token, lastSeq);
    consoles.push(live);
    return live;
  };
  const typesOf = (events: TicketSideEvent[]): string[] => events.map((e) => `${e.type}:${e.data.action}`);
  const headSeq = async (): Promise<number> => {
    const [row] = await app.get(DataSource).query<{ head: number }[]>('SELECT MAX(id) AS head FROM ticket_events');
    return Number(row?.head ?? 0);
  };

  beforeAll(async () => {
    app = await createTestApp();
    baseUrl = await listenOnFreePort(app);
    t = await loginAll(app);
    d = new TicketDriver(app);
    market = await unitId(app, 'dept-market');
  });

  afterEach(() => {
    for (const live of consoles.splice(0)) live.close();
  });

  afterAll(async () => {
    await app.close();
  });

  it('should push ticket.assigned to the clerks of the unit and nothing to another unit', async () => {
    const [marketClerk, hrssClerk, supervisor, dispatcher] = await Promise.all(
      [t.market, t.hrss, t.supervisor, t.dispatcher].map((token) => open(token)),
    );
    const id = await dispatchedTicket(app, t, market, { callerPhone: '13812345678', callerName: '王先生' });

    const assigned = (await marketClerk.waitForEvent(
      (e) => e.ticketId === id && e.type === 'ticket.assigned',
      'ticket.assigned on the market live',
    )) as TicketLiveEvent;
    expect(assigned).toMatchObject({ seq: expect.any(Number), ticketId: id, at: expect.any(String) });
    expect(assigned.data).toMatchObject({ action: 'dispatch', toStatus: 'assigned', inScope: true });
    expect(assigned.data.ticket).toMatchObject({ status: 'assigned', primaryUnitId: market });
    expect(assigned.data.ticket.caller).toMatchObject({ name: '王先生', phone: '138****5678', phoneMasked: true });
    const centre = (await supervisor.waitForEvent(
      (e) => e.seq === assigned.seq && e.type === 'ticket.assigned',
      'the same event on the supervisor live',
    )) as TicketLiveEvent;
    expect(centre.data.ticket.caller?.phone).toBe('13812345678');
    // the dispatcher watches the pool: the ticket entered it on submit and left it on dispatch
    await dispatcher.waitForEvent(
      (e) => e.ticketId === id && e.type === 'pool.changed' && e.data.action === 'dispatch',
      'pool.changed on the dispatcher live',
    );
    expect(dispatcher.of(id).every((e) => e.type === 'pool.changed')).toBe(true);
    expect(hrssClerk.of(id)).toEqual([]);
    expect(JSON.stringify(marketClerk.events)).not.toContain('13812345678');
    // a live in several rooms gets each (seq, type) once: the supervisor is in the ticket's rooms twice over
    const keys = supervisor.of(id).map((e) => `${e.seq}:${e.type}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('should show a township what it forwarded down to a village', async () => {
    const gucheng = await unitId(app, 'tn-gucheng');
    const [village] = (await app
      .get(DataSource)
      .query(
        "SELECT u.id, u.code FROM units u JOIN users s ON s.username = CONCAT('clerk-', u.code) WHERE u.kind = 'village' AND u.parent_id = ? ORDER BY u.id LIMIT 1",
        [gucheng],
      )) as { id: number; code: string }[];
    const villageClerk = await login(app, `clerk-${village!.code}`);
    const [township, villageConsole] = await Promise.all([open(t.gucheng), open(villageClerk)]);
    const id = await dispatchedTicket(app, t, gucheng);
    expect(villageConsole.of(id)).toEqual([]);
    await d.ok(t.gucheng, id, 'accept');
    await d.ok(t.gucheng, id, 'forward', { unitId: Number(village!.id) });
    await villageConsole.waitForEvent((e) => e.ticketId === id && e.type === 'ticket.assigned', 'the forward');
    await d.ok(villageClerk, id, 'accept');
    await township.waitForEvent(
      (e) => e.ticketId === id && e.data.action === 'accept' && e.seq > 0,
      'the village accept',
    );
    expect(typesOf(township.of(id))).toEqual(
      expect.arrayContaining(['ticket.assigned:dispatch', 'ticket.assigned:forward', 'ticket.status-changed:accept']),
    );
  });

  it('should tell a unit that a ticket it returned has left it, without the caller, live and replayed', async () => {
    const head = await headSeq();
    const [marketClerk, dispatcher] = await Promise.all([open(t.market), open(t.dispatcher)]);
    const id = await dispatchedTicket(app, t, market, { callerPhone: '13711112222', callerName: '赵女士' });
    await d.ok(t.market, id, 'request-return', { reason: '不属于本单位职责' });
    await d.ok(t.dispatcher, id, 'decide-return', { decision: 'approve' });
    const left = (await marketClerk.waitForEvent(
      (e) => e.ticketId === id && e.data.action === 'decide-return',
      'the approved return on the market console',
    )) as TicketLiveEvent;
    expect(left).toMatchObject({
      type: 'ticket.status-changed',
      data: { toStatus: 'pending_dispatch', inScope: false },
    });
    expect(left.data.ticket.caller).toBeNull();
    await dispatcher.waitForEvent(
      (e) => e.ticketId === id && e.type === 'pool.changed' && e.data.action === 'decide-return',
      'the ticket back in the pool',
    );
    // a market console coming back later is told the same: only the events that name the unit, none with the caller
    const replayed = await open(t.market, head);
    expect(typesOf(replayed.of(id))).toEqual(['ticket.assigned:dispatch', 'ticket.status-changed:decide-return']);
    for (const e of replayed.of(id) as TicketLiveEvent[])
      expect(e.data).toMatchObject({ inScope: false, ticket: { caller: null } });
  });

  it("should refuse a clerk's subscription to another unit's ticket and validate every message", async () => {
    const id = await dispatchedTicket(app, t, market);
    const [hrss, marketClerk, agent] = await Promise.all([open(t.hrss), open(t.market), open(t.agent)]);
    expect(await hrss.emitWithAck('subscribe', { ticketId: id })).toEqual({ ok: false, code: 'TICKET_NOT_FOUND' });
    expect(await hrss.emitWithAck('subscribe', { ticketId: 999_999_999 })).toEqual({
      ok: false,
      code: 'TICKET_NOT_FOUND',
    });
    expect(await marketClerk.emitWithAck('subscribe', { ticketId: id })).toEqual({ ok: true, ticketId: id });
    for (const bad of [{ ticketId: '1' }, { ticketId: -1 }, { ticketId: id, extra: true }, 'x', null, [id]]) {
      expect(await agent.emitWithAck('subscribe', bad)).toEqual({ ok: false, code: 'INVALID_MESSAGE' });
    }
    agent.socket.emit('no-such-message', { ticketId: id });
    expect(await agent.emitWithAck('subscribe', { ticketId: id })).toEqual({ ok: true, ticketId: id });

    // an urge is for the ticket's watchers: the subscribed agent gets it, the refused clerk does not
    await d.ok(t.supervisor, id, 'urge');
    await agent.waitForEvent((e) => e.ticketId === id && e.data.action === 'urge', 'the urge in the ticket room');
    await marketClerk.waitForEvent((e) => e.ticketId === id && e.data.action === 'urge', 'the urge in the unit room');
    expect(hrss.of(id)).toEqual([]);
    expect(marketClerk.of(id).filter((e) => e.data.action === 'urge')).toHaveLength(1);
    expect(hrss.socket.connected).toBe(true);
  });

  it('should push each event of a redelivered relay batch once, the new ones of a batch in one message', async () => {
    const publisher = app.get(RealtimePublisher);
    const [supervisor, marketClerk] = await Promise.all([open(t.supervisor), open(t.market)]);
    const id = await dispatchedTicket(app, t, market, { callerPhone: '13812345678' });
    for (const content of ['第一次催办', '第二次催办', '第三次催办']) await d.ok(t.supervisor, id, 'urge', { content });
    const urgesOf = (live: LiveConsole): TicketSideEvent[] => live.of(id).filter((e) => e.data.action === 'urge');
    await waitFor(() => Promise.resolve(urgesOf(supervisor).length === 3 && urgesOf(marketClerk).length === 3), {
      what: 'the relay publishing the urges',
    });
    // the same events as outbox rows the relay has not published: a row is marked by its id and creation time
    const createdAt = new Date();
    const rows = (await app.get(DataSource).query(
      `SELECT o.id, o.event_id AS eventId, e.action FROM outbox o JOIN ticket_events e ON e.id = o.event_id
          WHERE o.topic = ? AND o.ticket_id = ? ORDER BY o.id`,
      [TICKET_EVENT_TOPIC, id],
    )) as { id: number; eventId: number; action: string }[];
    const envelopes = rows.map((r) => ({
      action: r.action,
      envelope: {
        id: Number(r.id),
        topic: TICKET_EVENT_TOPIC,
        ticketId: id,
        eventId: Number(r.eventId),
        payload: {},
        createdAt,
      },
    }));
    const urges = envelopes.filter((e) => e.action === 'urge').map((e) => e.envelope);
    const created = envelopes.find((e) => e.action === 'created')!.envelope;
    expect(urges).toHaveLength(3);
    const messages: Delivery[][][] = [];
    const listener = createRedis(loadConfig().REDIS_URL);
    listener.on('message', (_channel: string, raw: string) => {
      const events = fanoutEventsOf(raw) ?? [];
      if (events.some((deliveries) => deliveries[0]?.event.ticketId === id)) messages.push(events);
    });
    await listener.subscribe(publisher.channel);
    const emitted = async (): Promise<number> => {
      const metric = await app
        .get(MetricsService)
        .registry.getSingleMetric('hotline_realtime_events_emitted_total')!
        .get();
      return metric.values.find((v) => v.labels.type === 'ticket.updated')?.value ?? 0;
    };
    const emittedBefore = await emitted();
    const [seenBySupervisor, seenByClerk] = [supervisor.events.length, marketClerk.events.length];
    try {
      await publisher.publishTicketEvents(urges.slice(0, 2));
      // redelivered, whole or with a row the first attempt did not have
      await publisher.publishTicketEvents(urges.slice(0, 2));
      await publisher.publishTicketEvents(urges);
      await publisher.publishTicketEvents(urges);
      // what comes after the last redelivery: once it arrives, everything before it has
      await publisher.publishTicketEvents([created]);
      await supervisor.waitForEvent(
        (e) => e.ticketId === id && e.type === 'ticket.created' && supervisor.events.indexOf(e) >= seenBySupervisor,
        'the event after the redeliveries',
      );
      await marketClerk.waitForEvent(
        (e) => e.ticketId === id && e.type === 'ticket.created' && marketClerk.events.indexOf(e) >= seenByClerk,
        'the event after the redeliveries',
      );
      await waitFor(() => Promise.resolve(messages.length === 3), { what: 'the three messages on the channel' });
    } finally {
      await listener.quit();
    }
    const seqs = urges.map((u) => u.eventId);
    for (const [live, seen] of [
      [supervisor, seenBySupervisor],
      [marketClerk, seenByClerk],
    ] as const) {
      const pushed = live.events.slice(seen).filter((e): e is TicketSideEvent => e.ticketId === id);
      expect(pushed.map((e) => [e.seq, e.type])).toEqual([
        ...seqs.map((seq) => [seq, 'ticket.updated']),
        [created.eventId, 'ticket.created'],
      ]);
    }
    const clerkViews = marketClerk.events.slice(seenByClerk).filter((e) => e.ticketId === id) as TicketLiveEvent[];
    expect(clerkViews.map((e) => e.data.ticket.caller?.phone)).toEqual(Array(4).fill('138****5678'));
    // one message for the first two, one for the third alone, nothing for the redeliveries
    expect(messages.map((m) => m.map((deliveries) => deliveries[0]?.event.seq))).toEqual([
      seqs.slice(0, 2),
      seqs.slice(2),
      [created.eventId],
    ]);
    expect((await emitted()) - emittedBefore).toBe(3);
  });

  it("should pop an incoming call up once on its agent's consoles only, though its row is redelivered", async () => {
    const publisher = app.get(RealtimePublisher);
    const [{ id: agentUserId }] = (await app
      .get(DataSource)
      .query("SELECT id FROM users WHERE username = 'agent'")) as { id: number }[];
    const [agent, supervisor] = await Promise.all([open(t.agent), open(t.supervisor)]);
    const ctiCallId = `cti-redelivered-${Date.now()}`;
    const createdAt = new Date();
    const notice = (id: number, event: 'ringing' | 'answered'): OutboxEnvelope => ({
      id,
      topic: 'call.incoming',
      ticketId: null,
      eventId: null,
      payload: {
        callId: 1,
        ctiCallId,
        sourceLine: '12345',
        callerPhone: '13812345678',
        agentUserId: Number(agentUserId),
        event,
        at: createdAt.toISOString(),
      },
      createdAt,
    });
    await publisher.publishCall(notice(1, 'ringing'));
    await publisher.publishCall(notice(1, 'ringing'));
    await publisher.publishCall(notice(2, 'answered'));
    const calls = (live: LiveConsole): CallLiveEvent[] =>
      live.events.filter((e): e is CallLiveEvent => e.type === 'call.incoming' && e.data.ctiCallId === ctiCallId);
    await waitFor(() => Promise.resolve(calls(agent).some((e) => e.data.event === 'answered')), {
      what: 'the answered call on the agent console',
    });
    expect(calls(agent).map((e) => e.data.event)).toEqual(['ringing', 'answered']);
    expect(calls(agent)[0]).toMatchObject({ seq: null, ticketId: null, data: { callerPhone: '13812345678' } });
    expect(calls(supervisor)).toEqual([]);
  });

  it('should count the connected consoles and the events published, in the shared registry', async () => {
    const registry = app.get(MetricsService).registry;
    await open(t.supervisor);
    const sockets = await registry.getSingleMetricAsString('hotline_realtime_connected_sockets');
    expect(sockets).toMatch(/^hotline_realtime_connected_sockets [1-9]\d*$/m);
    const emitted = await registry.getSingleMetricAsString('hotline_realtime_events_emitted_total');
    expect(emitted).toMatch(/^hotline_realtime_events_emitted_total\{type="ticket.assigned"\} [1-9]\d*$/m);
  });

  it('should refuse a missing, bad or expired token and a malformed handshake', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'AUTH_REQUIRED'],
      [{ token: 'not-a-jwt' }, 'TOKEN_INVALID'],
      [{ token: signToken({ sub: 1, username: 'admin', iat: now - 7200, exp: now - 3600 }) }, 'TOKEN_EXPIRED'],
      [{ token: t.market, lastSeq: 'yesterday' }, 'INVALID_MESSAGE'],
    ];
    for (const [auth, code] of cases) {
      const live = new LiveConsole(baseUrl, auth as { token?: string });
      consoles.push(live);
      const refusal = await refusalOf(live);
      expect(refusal.message).toBe(code);
      expect(refusal.data?.code).toBe(code);
      expect(live.socket.connected).toBe(false);
    }
  });

  it('should close the live consoles of a user deactivated or moved to another unit, and let back in only who is still allowed', async () => {
    const server = app.getHttpServer();
    const admin = bearer(t.admin);
    const township = await unitId(app, 'tn-gucheng');
    const create = async (username: string): Promise<number> =>
      (
        await request(server)
          .post('/api/admin/users')
          .set(admin)
          .send({ username, displayName: username, password: 'Secret-pass-1', roles: ['clerk'], unitId: market })
          .expect(201)
      ).body.id as number;
    const leaving = await create('live-leaving-clerk');
    const moving = await create('live-moving-clerk');
    const leavingToken = await login(app, 'live-leaving-clerk', 'Secret-pass-1');
    const movingToken = await login(app, 'live-moving-clerk', 'Secret-pass-1');
    const leavingConsole = await open(leavingToken);
    const movingConsole = await open(movingToken);
    const bystander = await open(t.market);
    const closed = (live: LiveConsole): Promise<void> =>
      new Promise((resolve) => live.socket.once('disconnect', () => resolve()));

    // deactivated: the console is closed at once, and the same token is refused on the way back in
    const leavingClosed = closed(leavingConsole);
    await request(server).patch(`/api/admin/users/${leaving}`).set(admin).send({ active: false }).expect(200);
    await leavingClosed;
    const again = new LiveConsole(baseUrl, { token: leavingToken });
    consoles.push(again);
    expect((await refusalOf(again)).message).toBe('TOKEN_INVALID');

    // moved to a township: closed, and the console that comes back gets the township's tickets, not the bureau's
    const movingClosed = closed(movingConsole);
    await request(server).patch(`/api/admin/users/${moving}`).set(admin).send({ unitId: township }).expect(200);
    await movingClosed;
    const back = await open(movingToken);
    const id = await dispatchedTicket(app, t, market);
    await waitFor(
      () => Promise.resolve(bystander.events.some((e) => e.type === 'ticket.assigned' && e.ticketId === id)),
      {
        what: 'the bureau clerk to see the new ticket',
      },
    );
    expect(back.events.filter((e) => e.ticketId === id)).toEqual([]);
    // a change that ends no session (the display name) leaves the console open
    await request(server).patch(`/api/admin/users/${moving}`).set(admin).send({ displayName: '改名' }).expect(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(back.socket.connected).toBe(true);
    expect(bystander.socket.connected).toBe(true);
  });

  it("should never send a confidential caller's name or number to a unit room, live or replayed", async () => {
    const head = Number(
      ((await app.get(DataSource).query('SELECT MAX(id) AS m FROM ticket_events')) as { m: number }[])[0]!.m,
    );
    const [marketClerk, supervisor] = await Promise.all([open(t.market), open(t.supervisor)]);
    const id = await dispatchedTicket(app, t, market, {
      callerPhone: '13900001111',
      callerName: '匿名来电人',
      callerConfidential: true,
    });
    await d.ok(t.market, id, 'accept');
    await marketClerk.waitForEvent((e) => e.ticketId === id && e.data.action === 'accept', 'the accept');
    const replayed = await open(t.market, head);
    // the replay carries every event the live console got (and may carry the ticket's earlier ones too:
    // the audience of a replayed event is the ticket's units at replay time)
    const liveSeqs = marketClerk.of(id).map((e) => e.seq);
    await waitFor(() => Promise.resolve(liveSeqs.every((seq) => replayed.of(id).some((e) => e.seq === seq))), {
      what: 'the replay of the live events',
    });
    for (const events of [marketClerk.of(id), replayed.of(id)]) {
      expect(events.length).toBeGreaterThanOrEqual(2);
      expect(JSON.stringify(events)).not.toMatch(/13900001111|匿名来电人/);
      for (const e of events) expect((e as TicketLiveEvent).data.ticket.caller).toMatchObject({ withheld: true });
    }
    const centre = await supervisor.waitForEvent((e) => e.ticketId === id && e.data.action === 'accept', 'centre');
    expect((centre as TicketLiveEvent).data.ticket.caller).toMatchObject({ phone: '13900001111', name: '匿名来电人' });
  });

  it('should give a console that was away for 100 events all of them, once each and in order', async () => {
    const id = await dispatchedTicket(app, t, market);
    let live = await open(t.market);
    const seen: TicketSideEvent[] = [];
    let done = false;
    const produce = (async () => {
      for (let i = 0; i < 100; i++) await d.ok(t.supervisor, id, 'urge', { content: `第${i + 1}次催办` });
      done = true;
    })();
    // drop and come back several times while the urges flow, each time with the last seq seen
    let cycles = 0;
    while (!done || cycles === 0) {
      const start = seen.length + live.of(id).length;
      await waitFor(() => Promise.resolve(done || seen.length + live.of(id).length >= start + 12), {
        timeoutMs: 20_000,
        intervalMs: 10,
        what: 'more urges',
      });
      seen.push(...live.of(id));
      const lastSeq = Math.max(0, ...seen.map((e) => e.seq ?? 0));
      live.close();
      await new Promise((r) => setTimeout(r, 50));
      live = await open(t.market, lastSeq);
      cycles++;
    }
    await produce;
    const expected = (
      (await app
        .get(DataSource)
        .query("SELECT id FROM ticket_events WHERE ticket_id = ? AND action = 'urge' ORDER BY id", [id])) as {
        id: number;
      }[]
    ).map((r) => Number(r.id));
    expect(expected).toHaveLength(100);
    await waitFor(
      () => Promise.resolve(seen.length + live.of(id).filter((e) => e.data.action === 'urge').length >= 100),
      {
        timeoutMs: 20_000,
        what: 'all 100 urges',
      },
    );
    seen.push(...live.of(id));
    const urges = seen.filter((e) => e.data.action === 'urge');
    expect(urges.map((e) => e.seq)).toEqual(expected);
    expect(urges.every((e) => e.type === 'ticket.updated')).toBe(true);
    expect(cycles).toBeGreaterThanOrEqual(2);
  }, 90_000);
});
