import type { Delivery } from './realtime-events';
import { FanoutMessage, fanoutEventsOf, runsWithin } from './realtime-fanout';
import { planCallIncoming } from './realtime-plan';

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
