import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { deferStatement, defersStatements } from '../database/transaction';
import type { TicketEvent } from './ticket-event.entity';

export const TICKET_EVENT_TOPIC = 'ticket.event';

export type TimelineEntry = Pick<TicketEvent, 'action' | 'fromStatus' | 'toStatus' | 'reason' | 'payload'>;

/**
 * Appends one event to a ticket's timeline and, in the same transaction, the outbox row that
 * carries it to the queues and the consoles. The system actor (id 0) records no user. `at` stamps
 * the event (intake builds its answer from what it wrote); without it MySQL's clock does.
 *
 * `outbox` adds fields to the outbox message for its handlers (not to the timeline).
 *
 * Plain statements: every ticket action runs this, and it is the pipeline's hottest write. In
 * runTransaction (TicketsService.commit) the outbox row goes with the transaction's next statement.
 */
export async function appendTicketEvent(
  manager: EntityManager,
  ticketId: number,
  user: Pick<AuthUser, 'id' | 'unitId'> | null,
  event: TimelineEntry,
  at?: Date,
  outbox?: Record<string, unknown>,
): Promise<number> {
  const inserted = (await manager.query(...eventInsert(ticketId, user, event, at))) as { insertId: number | string };
  const eventId = Number(inserted.insertId);
  await queueOutboxRows(manager, [outboxRow(ticketId, eventId, event, outbox)]);
  return eventId;
}

/**
 * appendTicketEvent for a caller that needs no id back. In runTransaction the event and its outbox
 * row go with the transaction's next statement (deferStatement), the row taking the event's id from
 * LAST_INSERT_ID(), which the same query's INSERT just before it set. Deferred statements keep their
 * order, so a ticket's messages keep the order of its events.
 */
export async function appendTicketEventLater(
  manager: EntityManager,
  ticketId: number,
  user: Pick<AuthUser, 'id' | 'unitId'> | null,
  event: TimelineEntry,
  at?: Date,
  outbox?: Record<string, unknown>,
): Promise<void> {
  if (!defersStatements(manager)) {
    await appendTicketEvent(manager, ticketId, user, event, at, outbox);
    return;
  }
  await deferStatement(manager, ...eventInsert(ticketId, user, event, at));
  const [topic, , , payload] = outboxRow(ticketId, 0, event, outbox);
  await deferStatement(
    manager,
    'INSERT INTO outbox (topic, ticket_id, event_id, payload) VALUES (?, ?, LAST_INSERT_ID(), ?)',
    [topic, ticketId, payload],
  );
}

export type NewTicketEvent = {
  ticketId: number;
  user: Pick<AuthUser, 'id' | 'unitId'> | null;
  event: TimelineEntry;
  at: Date;
};

/**
 * The first events of tickets inserted in the caller's transaction (a batch of intakes), in one
 * INSERT, with their outbox rows as appendTicketEvent writes them. Returns the events' ids in the order
 * given. Several rows' ids are read back by ticket: InnoDB numbers one statement's rows in the order
 * of its VALUES, but not always consecutively (auto_increment_increment on a multi-primary set-up),
 * and nothing else can write events for tickets that are not committed yet.
 */
export async function appendEventsOfNewTickets(manager: EntityManager, entries: NewTicketEvent[]): Promise<number[]> {
  if (entries.length === 0) return [];
  const inserted = (await manager.query(
    `${EVENT_INSERT} VALUES ${entries.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    entries.flatMap(({ ticketId, user, event, at }) => [...eventValues(ticketId, user, event), at]),
  )) as { insertId: number | string };
  const ids = entries.length === 1 ? [Number(inserted.insertId)] : await readBackEventIds(manager, entries);
  await queueOutboxRows(
    manager,
    entries.map(({ ticketId, event }, i) => outboxRow(ticketId, ids[i], event)),
  );
  return ids;
}

async function readBackEventIds(manager: EntityManager, entries: NewTicketEvent[]): Promise<number[]> {
  const ticketIds = [...new Set(entries.map((e) => e.ticketId))];
  const rows = (await manager.query(
    `SELECT id, ticket_id AS ticketId FROM ticket_events WHERE ticket_id IN (${ticketIds.map(() => '?').join(', ')}) ORDER BY ticket_id, id`,
    ticketIds,
  )) as { id: number | string; ticketId: number | string }[];
  const byTicket = new Map<number, number[]>();
  for (const row of rows) {
    const list = byTicket.get(Number(row.ticketId)) ?? [];
    list.push(Number(row.id));
    byTicket.set(Number(row.ticketId), list);
  }
  const taken = new Map<number, number>();
  const ids = entries.map(({ ticketId }) => {
    const k = taken.get(ticketId) ?? 0;
    taken.set(ticketId, k + 1);
    return byTicket.get(ticketId)?.[k];
  });
  // rolls the transaction back: a ticket had other events than these, so it was not new
  if (rows.length !== entries.length || ids.some((id) => id === undefined)) {
    throw new Error(`The tickets ${ticketIds.join(', ')} have other events than the ones just written`);
  }
  return ids as number[];
}

function outboxRow(
  ticketId: number,
  eventId: number,
  event: TimelineEntry,
  outbox?: Record<string, unknown>,
): unknown[] {
  return [
    TICKET_EVENT_TOPIC,
    ticketId,
    eventId,
    JSON.stringify({
      ...outbox,
      action: event.action,
      fromStatus: event.fromStatus ?? null,
      toStatus: event.toStatus ?? null,
    }),
  ];
}

const EVENT_INSERT =
  'INSERT INTO ticket_events (ticket_id, action, actor_user_id, actor_unit_id, from_status, to_status, reason, payload, created_at)';

/** One event's INSERT; without `at`, MySQL's clock stamps it. */
function eventInsert(
  ticketId: number,
  user: Pick<AuthUser, 'id' | 'unitId'> | null,
  event: TimelineEntry,
  at?: Date,
): [string, unknown[]] {
  return [
    `${EVENT_INSERT} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ${at ? '?' : 'CURRENT_TIMESTAMP(3)'})`,
    [...eventValues(ticketId, user, event), ...(at ? [at] : [])],
  ];
}

/** An event's values in EVENT_INSERT's order, but for its time. The system actor (id 0) records no user. */
function eventValues(ticketId: number, user: Pick<AuthUser, 'id' | 'unitId'> | null, event: TimelineEntry): unknown[] {
  return [
    ticketId,
    event.action,
    user && user.id > 0 ? user.id : null,
    user?.unitId ?? null,
    event.fromStatus ?? null,
    event.toStatus ?? null,
    event.reason ?? null,
    event.payload == null ? null : JSON.stringify(event.payload),
  ];
}

/** The outbox rows of events just appended, in one INSERT that nothing waits on (deferStatement). */
function queueOutboxRows(manager: EntityManager, rows: unknown[][]): Promise<void> {
  return deferStatement(
    manager,
    `INSERT INTO outbox (topic, ticket_id, event_id, payload) VALUES ${rows.map(() => '(?, ?, ?, ?)').join(', ')}`,
    rows.flat(),
  );
}
