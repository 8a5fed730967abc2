import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
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
 * Plain statements: every ticket action runs this, and it is the pipeline's hottest write. Inside
 * TicketsService.commit the outbox row waits to be written with the transaction's others, last.
 */
export async function appendTicketEvent(
  manager: EntityManager,
  ticketId: number,
  user: Pick<AuthUser, 'id' | 'unitId'> | null,
  event: TimelineEntry,
  at?: Date,
  outbox?: Record<string, unknown>,
): Promise<number> {
  const inserted = (await manager.query(
    `INSERT INTO ticket_events (ticket_id, action, actor_user_id, actor_unit_id, from_status, to_status, reason, payload, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ${at ? '?' : 'CURRENT_TIMESTAMP(3)'})`,
    [
      ticketId,
      event.action,
      user && user.id > 0 ? user.id : null,
      user?.unitId ?? null,
      event.fromStatus ?? null,
      event.toStatus ?? null,
      event.reason ?? null,
      event.payload == null ? null : JSON.stringify(event.payload),
      ...(at ? [at] : []),
    ],
  )) as { insertId: number | string };
  const eventId = Number(inserted.insertId);
  const row = [
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
  const buffered = bufferedOutbox.get(manager);
  if (buffered) buffered.push(row);
  else await manager.query('INSERT INTO outbox (topic, ticket_id, event_id, payload) VALUES (?, ?, ?, ?)', row);
  return eventId;
}

/** The outbox rows of the transactions run by withBufferedOutbox, not yet written. */
const bufferedOutbox = new WeakMap<EntityManager, unknown[][]>();

/**
 * Runs a transaction's work and then writes the outbox rows of its ticket events in one statement,
 * last, in the order they were appended: a transaction that records two events (intake's created and
 * submit, the pipeline's classified and dispatch) sends one outbox INSERT instead of two. The rows
 * are still part of the transaction, so they commit or roll back with the events.
 */
export async function withBufferedOutbox<T>(
  manager: EntityManager,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const rows: unknown[][] = [];
  bufferedOutbox.set(manager, rows);
  try {
    const result = await work(manager);
    if (rows.length > 0) {
      await manager.query(
        `INSERT INTO outbox (topic, ticket_id, event_id, payload) VALUES ${rows.map(() => '(?, ?, ?, ?)').join(', ')}`,
        rows.flat(),
      );
    }
    return result;
  } finally {
    bufferedOutbox.delete(manager);
  }
}
