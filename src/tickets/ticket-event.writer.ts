import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { TicketEvent } from './ticket-event.entity';

export const TICKET_EVENT_TOPIC = 'ticket.event';

export type TimelineEntry = Pick<TicketEvent, 'action' | 'fromStatus' | 'toStatus' | 'reason' | 'payload'>;

/**
 * Appends one event to a ticket's timeline and, in the same transaction, the outbox row that
 * carries it to the queues and the consoles. The system actor (id 0) records no user.
 */
export async function appendTicketEvent(
  manager: EntityManager,
  ticketId: number,
  user: Pick<AuthUser, 'id' | 'unitId'> | null,
  event: TimelineEntry,
): Promise<number> {
  const inserted = await manager.insert(TicketEvent, {
    ticketId,
    action: event.action,
    actorUserId: user && user.id > 0 ? user.id : null,
    actorUnitId: user?.unitId ?? null,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    reason: event.reason,
    payload: event.payload as never,
  });
  const eventId = Number(inserted.identifiers[0]?.id);
  await manager.insert(OutboxMessage, {
    topic: TICKET_EVENT_TOPIC,
    ticketId,
    eventId,
    payload: { action: event.action, fromStatus: event.fromStatus, toStatus: event.toStatus } as never,
  });
  return eventId;
}
