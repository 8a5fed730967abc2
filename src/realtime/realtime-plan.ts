/**
 * Who receives what, as pure functions: the live fan-out (RealtimePublisher), the replay after a
 * reconnect (ReplayService) and the replay buffer (LiveHub) all ask these, so a replayed console ends
 * with exactly what a connected one received.
 */
import { AuthUser, hasRole, unitScopeOf } from '../auth/auth-user';
import {
  CallIncomingData,
  Delivery,
  LiveEvent,
  liveKey,
  Rooms,
  TicketEventType,
  TicketSnapshot,
} from './realtime-events';

const POOL_STATUS = 'pending_dispatch';
/** Agents follow new tickets and the callback queue (回访). */
const AGENT_STATUS = 'pending_callback';

export interface TicketEventFacts {
  seq: number;
  ticketId: number;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  at: string;
}

export interface TicketEventAudience {
  /** Paths of the units the ticket is with now: they and their ancestors see it. */
  unitPaths: string[];
  /** Paths of units the event names (the unit a ticket was returned from or forwarded by). */
  namedUnitPaths: string[];
}

export interface TicketEventViews {
  centre: TicketSnapshot;
  /** Caller masked, or withheld when confidential (toTicketView with a unit scope). */
  unit: TicketSnapshot;
}

export function eventTypeOf(action: string, fromStatus: string | null, toStatus: string | null): TicketEventType {
  switch (action) {
    case 'created':
      return 'ticket.created';
    case 'dispatch':
    case 'forward':
      return 'ticket.assigned';
    case 'sla-warning':
      return 'sla.warning';
    case 'sla-breached':
      return 'sla.breached';
    default:
      return fromStatus !== null && toStatus !== null && fromStatus !== toStatus
        ? 'ticket.status-changed'
        : 'ticket.updated';
  }
}

export function poolChangeOf(fromStatus: string | null, toStatus: string | null): 'entered' | 'left' | null {
  if (toStatus === POOL_STATUS && fromStatus !== POOL_STATUS) return 'entered';
  if (fromStatus === POOL_STATUS && toStatus !== null && toStatus !== POOL_STATUS) return 'left';
  return null;
}

export function concernsAgents(action: string, fromStatus: string | null, toStatus: string | null): boolean {
  return action === 'created' || fromStatus === AGENT_STATUS || toStatus === AGENT_STATUS;
}

/** `unit:` rooms of the units on these materialised paths and of all their ancestors (`/1/7/93/` → 1, 7, 93). */
export function unitRoomsOf(paths: readonly string[]): string[] {
  const rooms = new Set<string>();
  for (const path of paths) for (const id of path.split('/')) if (id !== '') rooms.add(Rooms.unit(id));
  return [...rooms];
}

/** The rooms a console joins on connect (besides `user:{id}`, joined at once); subscriptions add a ticket room. */
export function roomsFor(user: AuthUser): string[] {
  const scope = unitScopeOf(user);
  if (scope.kind !== 'all')
    return scope.kind === 'unit' ? [Rooms.unit(scope.unitId), Rooms.restricted] : [Rooms.restricted];
  const rooms: string[] = [];
  if (hasRole(user, 'agent')) rooms.push(Rooms.agents);
  if (hasRole(user, 'dispatcher')) rooms.push(Rooms.dispatchers);
  if (hasRole(user, 'supervisor')) rooms.push(Rooms.supervisors);
  return rooms;
}

/**
 * The emissions of one ticket event. Centre-view deliveries exclude the restricted (clerk) sockets,
 * unit rooms hold only clerk sockets, and the rooms of units the ticket left exclude the rooms where
 * it still is: so no socket is reached twice by one (seq, type).
 */
export function planTicketEvent(
  facts: TicketEventFacts,
  audience: TicketEventAudience,
  views: TicketEventViews,
): Delivery[] {
  const { seq, ticketId, action, fromStatus, toStatus, at } = facts;
  const type = eventTypeOf(action, fromStatus, toStatus);
  const event = (ticket: TicketSnapshot, inScope: boolean): LiveEvent => ({
    seq,
    type,
    ticketId,
    at,
    data: { action, fromStatus, toStatus, inScope, ticket },
  });
  const centreRooms = [Rooms.ticket(ticketId), Rooms.supervisors];
  if (concernsAgents(action, fromStatus, toStatus)) centreRooms.push(Rooms.agents);
  const deliveries: Delivery[] = [{ rooms: centreRooms, except: [Rooms.restricted], event: event(views.centre, true) }];

  const unitRooms = unitRoomsOf(audience.unitPaths);
  if (unitRooms.length > 0) deliveries.push({ rooms: unitRooms, except: [], event: event(views.unit, true) });
  const current = new Set(unitRooms);
  const leftRooms = unitRoomsOf(audience.namedUnitPaths).filter((room) => !current.has(room));
  if (leftRooms.length > 0) {
    deliveries.push({ rooms: leftRooms, except: [], event: event({ ...views.unit, caller: null }, false) });
  }

  const change = poolChangeOf(fromStatus, toStatus);
  if (change) {
    deliveries.push({
      rooms: [Rooms.dispatchers, Rooms.supervisors],
      except: [Rooms.restricted],
      event: {
        seq,
        type: 'pool.changed',
        ticketId,
        at,
        data: { change, action, fromStatus, toStatus, ticket: views.centre },
      },
    });
  }
  return deliveries;
}

/** The incoming-call pop-up goes to the answering agent's own consoles only. */
export function planCallIncoming(call: CallIncomingData, at: string): Delivery[] {
  return [
    {
      rooms: [Rooms.user(call.agentUserId)],
      except: [],
      event: { seq: null, type: 'call.incoming', ticketId: null, at, data: call },
    },
  ];
}

/** Whether a socket in these rooms receives the delivery, by socket.io's rule (any room, no except room). */
export function reaches(delivery: Delivery, rooms: ReadonlySet<string>): boolean {
  return delivery.rooms.some((r) => rooms.has(r)) && !delivery.except.some((r) => rooms.has(r));
}

/** The events a socket in these rooms receives from these deliveries, each (seq, type) once, in order. */
export function eventsReaching(deliveries: readonly Delivery[], rooms: ReadonlySet<string>): LiveEvent[] {
  const seen = new Set<string>();
  const events: LiveEvent[] = [];
  for (const delivery of deliveries) {
    if (!reaches(delivery, rooms) || seen.has(liveKey(delivery.event))) continue;
    seen.add(liveKey(delivery.event));
    events.push(delivery.event);
  }
  return events;
}

/** How the replay query narrows the timeline before eventsReaching() decides exactly (same rules as above). */
export type ReplayFilter =
  | { kind: 'everything' }
  | { kind: 'centre'; created: boolean; statuses: string[] }
  | { kind: 'unit'; unitPath: string }
  | { kind: 'nothing' };

export function replayFilterOf(user: AuthUser, rooms: ReadonlySet<string>): ReplayFilter {
  const scope = unitScopeOf(user);
  if (scope.kind === 'unit') return { kind: 'unit', unitPath: scope.unitPath };
  if (scope.kind === 'none') return { kind: 'nothing' };
  if (rooms.has(Rooms.supervisors)) return { kind: 'everything' };
  const agents = rooms.has(Rooms.agents);
  const pool = rooms.has(Rooms.dispatchers);
  if (!agents && !pool) return { kind: 'nothing' };
  const statuses = [...(agents ? [AGENT_STATUS] : []), ...(pool ? [POOL_STATUS] : [])];
  return { kind: 'centre', created: agents, statuses };
}
