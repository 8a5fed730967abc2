/**
 * The Redis channel between the publisher (where the relay runs) and the LiveHub of every api process,
 * as plain functions: the script that publishes a batch of events, the message it sends, how a
 * LiveHub reads it and which of its sockets a delivery reaches.
 */
import type { Delivery } from './realtime-events';

/**
 * One message per publish: the deliveries of each newly published event, in publish order, as
 * `{"events":[[delivery, …], …]}`.
 */
export interface FanoutMessage {
  events: Delivery[][];
}

/**
 * Marks each event of a batch sent (KEYS: one mark each, kept ARGV[2] seconds) unless it already is,
 * and PUBLISHes the deliveries of the events it marked (ARGV[3…]: one JSON array each, in KEYS order)
 * as one message on the channel ARGV[1]. Returns the 1-based positions of the events it marked.
 * Marking and publishing in one script: either both happen or neither, so a retried batch neither
 * repeats an event nor loses one. The script assembles the message because only it knows which
 * events are new: a redelivered batch may hold some that were published and some that were not.
 */
export const PUBLISH_EVENTS_LUA = `
local parts, marked = {}, {}
for i, key in ipairs(KEYS) do
  if redis.call('SET', key, '1', 'NX', 'EX', ARGV[2]) then
    parts[#parts + 1] = ARGV[i + 2]
    marked[#marked + 1] = i
  end
end
if #parts > 0 then
  redis.call('PUBLISH', ARGV[1], '{"events":[' .. table.concat(parts, ',') .. ']}')
end
return marked`;

/**
 * Consecutive runs of items whose sizes add up to at most `max` each (an item larger than `max` is a
 * run of its own), as [start, end) pairs in order.
 */
export function runsWithin(sizes: readonly number[], max: number): [number, number][] {
  const runs: [number, number][] = [];
  let start = 0;
  let total = 0;
  sizes.forEach((size, i) => {
    if (i > start && total + size > max) {
      runs.push([start, i]);
      start = i;
      total = 0;
    }
    total += size;
  });
  if (sizes.length > start) runs.push([start, sizes.length]);
  return runs;
}

/**
 * The deliveries of each event of a fan-out message, or null when the text is not one. A one-event
 * `{"deliveries":[…]}`, what publishers sent before batches, is read as a batch of one, so a worker
 * not yet upgraded still reaches the consoles.
 */
export function fanoutEventsOf(raw: string): Delivery[][] | null {
  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof message !== 'object' || message === null) return null;
  const { events, deliveries } = message as { events?: unknown; deliveries?: unknown };
  if (Array.isArray(events)) return events.every(Array.isArray) ? (events as Delivery[][]) : null;
  if (Array.isArray(deliveries)) return [deliveries as Delivery[]];
  return null;
}

/**
 * The ids of the local sockets a delivery reaches, by socket.io's rule (in any of its rooms, in none of
 * its except rooms), from the adapter's map of room → socket ids. socket.io's own emit first copies
 * every socket of the except rooms; this looks up only the sockets of the delivery's rooms.
 */
export function socketsReached(
  delivery: Pick<Delivery, 'rooms' | 'except'>,
  rooms: ReadonlyMap<string, ReadonlySet<string>>,
): string[] {
  const excluded: ReadonlySet<string>[] = [];
  for (const room of delivery.except) {
    const ids = rooms.get(room);
    if (ids) excluded.push(ids);
  }
  const reached = new Set<string>();
  for (const room of delivery.rooms) {
    for (const id of rooms.get(room) ?? []) if (!excluded.some((ids) => ids.has(id))) reached.add(id);
  }
  return [...reached];
}
