import { Delivery, Rooms } from './realtime-events';
import { FanoutMessage, fanoutEventsOf, runsWithin, socketsReached } from './realtime-fanout';
import { ticketSnapshot } from './realtime.fixtures';
import { planCallIncoming, planTicketEvent, reaches } from './realtime-plan';

const call = (callId: number): Delivery[] =>
  planCallIncoming(
    {
      callId,
      ctiCallId: `cti-${callId}`,
      sourceLine: '12345',
      callerPhone: '13812345678',
      agentUserId: 7,
      event: 'ringing',
    },
    '2026-11-26T08:00:00.000Z',
  );

describe('fanoutEventsOf', () => {
  it('should read the events of a batch message in publish order', () => {
    const events = [call(1), call(2), [...call(3), ...call(4)]];
    expect(fanoutEventsOf(JSON.stringify({ events } satisfies FanoutMessage))).toEqual(events);
  });

  it('should read the message the script assembles from the JSON of each event', () => {
    const events = [call(1), call(2)];
    const assembled = `{"events":[${events.map((e) => JSON.stringify(e)).join(',')}]}`;
    expect(fanoutEventsOf(assembled)).toEqual(events);
  });

  it('should read a one-event message of a publisher from before batches as a batch of one', () => {
    expect(fanoutEventsOf(JSON.stringify({ deliveries: call(5) }))).toEqual([call(5)]);
  });

  it('should refuse what is not a fan-out message', () => {
    for (const raw of ['', 'not json', 'null', '42', '[]', '{}', '{"events":{}}', '{"events":[{}]}', '{"events":[1]}'])
      expect(fanoutEventsOf(raw)).toBeNull();
  });
});

describe('runsWithin', () => {
  it('should keep everything in one run when it fits', () => {
    expect(runsWithin([10, 20, 30], 60)).toEqual([[0, 3]]);
  });

  it('should start a new run before the item that would exceed the bound, in order', () => {
    expect(runsWithin([10, 20, 30, 40, 5], 60)).toEqual([
      [0, 3],
      [3, 5],
    ]);
  });

  it('should give an item larger than the bound a run of its own', () => {
    expect(runsWithin([10, 100, 10], 60)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });

  it('should make no run of nothing', () => {
    expect(runsWithin([], 60)).toEqual([]);
  });
});

describe('socketsReached', () => {
  // the sockets of one api process and their rooms (each is also in a room of its own id, as in socket.io)
  const sockets: Record<string, string[]> = {
    supervisor: [Rooms.supervisors, Rooms.ticket(42)],
    agent: [Rooms.agents],
    dispatcher: [Rooms.dispatchers],
    marketClerk: [Rooms.unit(93), Rooms.restricted, Rooms.ticket(42)],
    townshipClerk: [Rooms.unit(7), Rooms.restricted],
    otherClerk: [Rooms.unit(12), Rooms.restricted, Rooms.ticket(42)],
  };
  const adapterRooms = new Map<string, Set<string>>();
  for (const [id, rooms] of Object.entries(sockets)) {
    for (const room of [id, ...rooms]) adapterRooms.set(room, (adapterRooms.get(room) ?? new Set()).add(id));
  }
  const snapshot = ticketSnapshot({ status: 'pending_dispatch', primaryUnitId: null, version: 4 });
  const deliveries = [
    ...planTicketEvent(
      {
        seq: 500,
        ticketId: 42,
        action: 'decide-return',
        fromStatus: 'returning',
        toStatus: 'pending_dispatch',
        at: '',
      },
      { unitPaths: ['/1/7/'], namedUnitPaths: ['/1/7/93/'] },
      { centre: snapshot, unit: snapshot },
    ),
    ...planTicketEvent(
      { seq: 501, ticketId: 42, action: 'created', fromStatus: null, toStatus: 'draft', at: '' },
      { unitPaths: [], namedUnitPaths: [] },
      { centre: snapshot, unit: snapshot },
    ),
  ];

  it('should reach the sockets that socket.io would, each once', () => {
    for (const delivery of deliveries) {
      const expected = Object.keys(sockets).filter((id) => reaches(delivery, new Set(sockets[id])));
      expect(socketsReached(delivery, adapterRooms).sort()).toEqual(expected.sort());
    }
    // the clerks subscribed to the ticket get its centre view from none of them
    const centre = deliveries.filter((d) => d.except.includes(Rooms.restricted));
    expect(centre.flatMap((d) => socketsReached(d, adapterRooms))).not.toContain('marketClerk');
  });

  it('should reach nobody through rooms without sockets', () => {
    expect(socketsReached({ rooms: [Rooms.ticket(99), Rooms.unit(5)], except: [] }, adapterRooms)).toEqual([]);
    expect(
      socketsReached({ rooms: [Rooms.ticket(42)], except: [Rooms.restricted, Rooms.supervisors] }, adapterRooms),
    ).toEqual([]);
  });
});
