import type { AuthUser } from '../auth/auth-user';
import type { Role } from '../org/user.entity';
import { Delivery, liveKey, Rooms, TicketSnapshot } from './realtime-events';
import { ticketSnapshot } from './realtime.fixtures';
import { parseHandshake, parseTicketMessage, tokenExpiresAt } from './realtime-messages';
import {
  eventsReaching,
  eventTypeOf,
  planCallIncoming,
  planTicketEvent,
  poolChangeOf,
  reaches,
  replayFilterOf,
  roomsFor,
  TicketEventFacts,
  unitRoomsOf,
} from './realtime-plan';

const snapshot = (caller: TicketSnapshot['caller']): TicketSnapshot => ticketSnapshot({ caller });
const centre = snapshot({
  name: '王先生',
  phone: '13812345678',
  phoneMasked: false,
  confidential: false,
  withheld: false,
});
const unit = snapshot({
  name: '王先生',
  phone: '138****5678',
  phoneMasked: true,
  confidential: false,
  withheld: false,
});
const views = { centre, unit };

const facts = (action: string, fromStatus: string | null, toStatus: string | null): TicketEventFacts => ({
  seq: 500,
  ticketId: 42,
  action,
  fromStatus,
  toStatus,
  at: '2026-11-26T08:00:00.000Z',
});

const user = (roles: Role[], unitId: number | null = null, unitPath: string | null = null): AuthUser => ({
  id: 7,
  username: 'u',
  displayName: 'u',
  roles,
  unitId,
  unitPath,
});

/** What one socket of this user receives of these deliveries. */
const received = (deliveries: Delivery[], who: AuthUser, extraRooms: string[] = []) =>
  eventsReaching(deliveries, new Set([Rooms.user(who.id), ...roomsFor(who), ...extraRooms]));

describe('realtime plan', () => {
  it('should map ticket actions to the event types of the contract', () => {
    expect(eventTypeOf('created', null, 'new')).toBe('ticket.created');
    expect(eventTypeOf('dispatch', 'pending_dispatch', 'assigned')).toBe('ticket.assigned');
    expect(eventTypeOf('dispatch', 'assigned', 'assigned')).toBe('ticket.assigned');
    expect(eventTypeOf('forward', 'accepted', 'assigned')).toBe('ticket.assigned');
    expect(eventTypeOf('accept', 'assigned', 'accepted')).toBe('ticket.status-changed');
    expect(eventTypeOf('sla-warning', null, null)).toBe('sla.warning');
    expect(eventTypeOf('sla-breached', null, null)).toBe('sla.breached');
    expect(eventTypeOf('urge', 'assigned', 'assigned')).toBe('ticket.updated');
    expect(eventTypeOf('classified', null, null)).toBe('ticket.updated');
  });

  it('should see a ticket enter and leave the dispatch pool', () => {
    expect(poolChangeOf('new', 'pending_dispatch')).toBe('entered');
    expect(poolChangeOf('assigned', 'pending_dispatch')).toBe('entered');
    expect(poolChangeOf('pending_dispatch', 'assigned')).toBe('left');
    expect(poolChangeOf('pending_dispatch', 'merged')).toBe('left');
    expect(poolChangeOf('pending_dispatch', 'pending_dispatch')).toBeNull();
    expect(poolChangeOf(null, null)).toBeNull();
  });

  it('should reach a unit and every unit above it', () => {
    expect(unitRoomsOf(['/1/7/93/', '/1/7/94/'])).toEqual(['unit:1', 'unit:7', 'unit:93', 'unit:94']);
  });

  it('should give the clerks of the unit and of the township above it the masked view, and no other unit', () => {
    const deliveries = planTicketEvent(
      facts('dispatch', 'pending_dispatch', 'assigned'),
      { unitPaths: ['/1/7/93/'], namedUnitPaths: ['/1/7/93/'] },
      views,
    );
    for (const clerk of [user(['clerk'], 93, '/1/7/93/'), user(['clerk'], 7, '/1/7/')]) {
      const events = received(deliveries, clerk);
      expect(events.map((e) => e.type)).toEqual(['ticket.assigned']);
      expect(JSON.stringify(events)).not.toContain('13812345678');
    }
    expect(received(deliveries, user(['clerk'], 8, '/1/8/'))).toEqual([]);
  });

  it('should keep the centre view from a clerk who subscribed to the ticket room', () => {
    const deliveries = planTicketEvent(
      facts('urge', 'assigned', 'assigned'),
      { unitPaths: ['/1/7/93/'], namedUnitPaths: [] },
      views,
    );
    const events = received(deliveries, user(['clerk'], 93, '/1/7/93/'), [Rooms.ticket(42)]);
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain('13812345678');
    // once the ticket has left the unit, the ticket room gives it nothing either
    const gone = planTicketEvent(
      facts('urge', 'assigned', 'assigned'),
      { unitPaths: ['/1/8/'], namedUnitPaths: [] },
      views,
    );
    expect(received(gone, user(['clerk'], 93, '/1/7/93/'), [Rooms.ticket(42)])).toEqual([]);
  });

  it('should tell a unit that a ticket left it, without the caller', () => {
    const deliveries = planTicketEvent(
      facts('decide-return', 'assigned', 'pending_dispatch'),
      { unitPaths: [], namedUnitPaths: ['/1/7/93/'] },
      views,
    );
    const [event] = received(deliveries, user(['clerk'], 93, '/1/7/93/'));
    expect(event).toMatchObject({ type: 'ticket.status-changed', data: { inScope: false, ticket: { caller: null } } });
  });

  it('should send pool.changed with the same seq to dispatchers and supervisors only, each (seq, type) once', () => {
    const deliveries = planTicketEvent(
      facts('dispatch', 'pending_dispatch', 'assigned'),
      { unitPaths: ['/1/7/93/'], namedUnitPaths: [] },
      views,
    );
    const both = received(deliveries, user(['dispatcher', 'supervisor']));
    expect(both.map(liveKey)).toEqual(['500:ticket.assigned', '500:pool.changed']);
    expect(received(deliveries, user(['dispatcher'])).map(liveKey)).toEqual(['500:pool.changed']);
    expect(received(deliveries, user(['agent']))).toEqual([]);
    expect(received(deliveries, user(['supervisor']), [Rooms.ticket(42)]).map(liveKey)).toEqual([
      '500:ticket.assigned',
      '500:pool.changed',
    ]);
  });

  it('should send agents new tickets and the callback queue', () => {
    const agent = user(['agent']);
    const plan = (action: string, from: string | null, to: string | null) =>
      planTicketEvent(facts(action, from, to), { unitPaths: [], namedUnitPaths: [] }, views);
    expect(received(plan('created', null, 'new'), agent)).toHaveLength(1);
    expect(received(plan('review', 'replied', 'pending_callback'), agent)).toHaveLength(1);
    expect(received(plan('callback', 'pending_callback', 'closed'), agent)).toHaveLength(1);
    expect(received(plan('accept', 'assigned', 'accepted'), agent)).toEqual([]);
  });

  it("should pop an incoming call up on the answering agent's consoles only", () => {
    const call = {
      callId: 1,
      ctiCallId: 'c1',
      sourceLine: '12345',
      callerPhone: '1380000',
      agentUserId: 7,
      event: 'ringing' as const,
    };
    const [delivery] = planCallIncoming(call, '2026-11-26T08:00:00.000Z');
    expect(delivery!.event).toMatchObject({ seq: null, ticketId: null, type: 'call.incoming' });
    expect(reaches(delivery!, new Set([Rooms.user(7)]))).toBe(true);
    expect(reaches(delivery!, new Set([Rooms.user(8), Rooms.agents]))).toBe(false);
  });

  it('should put each role in its rooms', () => {
    expect(roomsFor(user(['clerk'], 93, '/1/7/93/'))).toEqual(['unit:93', 'restricted']);
    expect(roomsFor(user(['clerk']))).toEqual(['restricted']);
    expect(roomsFor(user(['agent', 'dispatcher', 'supervisor']))).toEqual(['agents', 'dispatchers', 'supervisors']);
    // a clerk who also holds a centre role sees as the centre does
    expect(roomsFor(user(['clerk', 'supervisor'], 93, '/1/7/93/'))).toEqual(['supervisors']);
    expect(roomsFor(user(['admin']))).toEqual([]);
  });

  it('should narrow the replay query by scope and rooms', () => {
    const filter = (who: AuthUser) => replayFilterOf(who, new Set(roomsFor(who)));
    expect(filter(user(['supervisor']))).toEqual({ kind: 'everything' });
    expect(filter(user(['clerk'], 93, '/1/7/93/'))).toEqual({ kind: 'unit', unitPath: '/1/7/93/' });
    expect(filter(user(['admin']))).toEqual({ kind: 'nothing' });
    expect(filter(user(['agent', 'dispatcher']))).toEqual({
      kind: 'centre',
      created: true,
      statuses: ['pending_callback', 'pending_dispatch'],
    });
  });
});

describe('realtime messages', () => {
  it('should accept a token with an optional lastSeq and refuse anything else', () => {
    expect(parseHandshake({ token: 'a.b.c' })).toEqual({ ok: true, handshake: { token: 'a.b.c', lastSeq: null } });
    expect(parseHandshake({ token: 'a.b.c', lastSeq: 12 })).toEqual({
      ok: true,
      handshake: { token: 'a.b.c', lastSeq: 12 },
    });
    expect(parseHandshake(undefined)).toEqual({ ok: false, code: 'AUTH_REQUIRED' });
    expect(parseHandshake({ token: '' })).toEqual({ ok: false, code: 'AUTH_REQUIRED' });
    expect(parseHandshake({ token: 'a', lastSeq: -1 })).toEqual({ ok: false, code: 'INVALID_MESSAGE' });
    expect(parseHandshake({ token: 'a', lastSeq: '5' })).toEqual({ ok: false, code: 'INVALID_MESSAGE' });
    expect(parseHandshake({ token: 'a', admin: true })).toEqual({ ok: false, code: 'INVALID_MESSAGE' });
  });

  it('should accept exactly { ticketId } with a positive integer', () => {
    expect(parseTicketMessage({ ticketId: 3 })).toEqual({ ticketId: 3 });
    for (const bad of [{ ticketId: 0 }, { ticketId: 1.5 }, { ticketId: '3' }, { ticketId: 3, x: 1 }, [3], null, 3]) {
      expect(parseTicketMessage(bad)).toBeNull();
    }
  });

  it("should read a token's expiry", () => {
    const claims = Buffer.from(JSON.stringify({ sub: 1, exp: 1_800_000_000 })).toString('base64url');
    expect(tokenExpiresAt(`h.${claims}.s`)).toBe(1_800_000_000_000);
    expect(tokenExpiresAt('garbage')).toBeNull();
  });
});
