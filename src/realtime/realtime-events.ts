/**
 * The realtime contract: every event the server pushes on the `/live` namespace, the messages a
 * console may send, and the room names. Consoles and tests import these types; nothing else is emitted.
 *
 * Every pushed event is `{ seq, type, ticketId, at, data }`. For ticket events `seq` is the
 * `ticket_events` id, so a console that reconnects with `auth.lastSeq` gets what it missed.
 * `pool.changed` carries the seq of the ticket event that moved the ticket into or out of the
 * dispatch pool (so one seq may arrive once as `ticket.*` and once as `pool.changed`, never twice
 * with the same type). `call.incoming` is not a ticket event: its `seq` and `ticketId` are null and it
 * is never replayed (a call that rang while the console was away is over).
 */
import type { Namespace, Socket } from 'socket.io';
import type { AuthUser } from '../auth/auth-user';

export const TICKET_EVENT_TYPES = [
  'ticket.created',
  'ticket.status-changed',
  'ticket.assigned',
  'ticket.updated',
  'sla.warning',
  'sla.breached',
] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];

/** What a console needs to refresh one row; the caller is shown as the receiving room may see it. */
export interface TicketSnapshot {
  number: string;
  status: string;
  pendingRequest: string | null;
  primaryUnitId: number | null;
  urgency: string;
  /** The ticket's optimistic-lock version: a console keeps the newest snapshot it has seen. */
  version: number;
  deadlines: {
    acceptDueAt: string | null;
    firstContactDueAt: string | null;
    resolutionDueAt: string | null;
    callbackDueAt: string | null;
    nextDeadlineAt: string | null;
  };
  /** Null for a unit the ticket has left; `withheld` (name and phone null) for a confidential caller. */
  caller: {
    name: string | null;
    phone: string | null;
    phoneMasked: boolean;
    confidential: boolean;
    withheld: boolean;
  } | null;
}

export interface TicketEventData {
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  /** False when the receiving unit no longer has the ticket (returned, forwarded away): drop the row. */
  inScope: boolean;
  /** The ticket as it is when the event is delivered or replayed (it may be newer than the event). */
  ticket: TicketSnapshot;
}

export interface PoolChangedData {
  change: 'entered' | 'left';
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  ticket: TicketSnapshot;
}

export interface CallIncomingData {
  callId: number;
  ctiCallId: string;
  sourceLine: string;
  callerPhone: string;
  agentUserId: number;
  event: 'ringing' | 'answered';
}

export interface TicketLiveEvent<T extends TicketEventType = TicketEventType> {
  seq: number;
  type: T;
  ticketId: number;
  /** ISO instant the ticket event was recorded (its row's created_at). */
  at: string;
  data: TicketEventData;
}

export interface PoolLiveEvent {
  seq: number;
  type: 'pool.changed';
  ticketId: number;
  at: string;
  data: PoolChangedData;
}

export interface CallLiveEvent {
  seq: null;
  type: 'call.incoming';
  ticketId: null;
  at: string;
  data: CallIncomingData;
}

/** THE typed map of pushed events: type → payload. */
export type LiveEventMap = { [K in TicketEventType]: TicketLiveEvent<K> } & {
  'pool.changed': PoolLiveEvent;
  'call.incoming': CallLiveEvent;
};
export type LiveEventType = keyof LiveEventMap;
export type LiveEvent = LiveEventMap[LiveEventType];

export interface ReplayTruncated {
  /** More events were missed than the replay sends: reload the lists, then continue after this seq. */
  lastSeq: number;
  limit: number;
}

export interface ReplayDone {
  /** The highest seq replayed (the handshake's lastSeq when nothing was missed). */
  lastSeq: number;
  count: number;
}

export type ServerToClientEvents = { [K in LiveEventType]: (event: LiveEventMap[K]) => void } & {
  'replay.truncated': (info: ReplayTruncated) => void;
  'replay.done': (info: ReplayDone) => void;
};

export type Ack =
  { ok: true; ticketId: number } | { ok: false; code: 'INVALID_MESSAGE' | 'TICKET_NOT_FOUND' | 'UNAVAILABLE' };

export interface ClientToServerEvents {
  /** Watch one ticket (the detail a console has open); a new subscribe replaces the previous one. */
  subscribe: (message: { ticketId: number }, ack: (result: Ack) => void) => void;
  unsubscribe: (message: { ticketId: number }, ack: (result: Ack) => void) => void;
}

export interface SocketData {
  user: AuthUser;
  lastSeq: number | null;
  /** When the handshake token expires (epoch ms): the socket is closed then, as a request would be refused. */
  expiresAt: number | null;
  ticketRoom: string | null;
}

export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const Rooms = {
  user: (id: number): string => `user:${id}`,
  unit: (id: number | string): string => `unit:${id}`,
  ticket: (id: number): string => `ticket:${id}`,
  agents: 'agents',
  dispatchers: 'dispatchers',
  supervisors: 'supervisors',
  /**
   * Every socket without the centre view (clerks). Centre-view deliveries exclude it, so a clerk who
   * subscribed to a ticket room still gets that ticket's events only through its unit room, masked.
   */
  restricted: 'restricted',
} as const;

/** One emission: an event to the sockets in any of `rooms` and in none of `except`. */
export interface Delivery {
  rooms: string[];
  except: string[];
  event: LiveEvent;
}

/** (seq, type): what a console receives at most once. */
export function liveKey(event: LiveEvent): string {
  return `${event.seq ?? 'call'}:${event.type}`;
}

type LiveEmitter = { emit: LiveSocket['emit'] } | { emit: ReturnType<LiveNamespace['to']>['emit'] };

/** Emits an event under its own type name. */
export function emitLive(target: LiveEmitter, event: LiveEvent): void {
  // LiveEventMap pairs each type with its payload, but TS cannot correlate `event.type` with `event`
  const emit = target.emit.bind(target) as (type: LiveEventType, payload: LiveEvent) => boolean;
  emit(event.type, event);
}
