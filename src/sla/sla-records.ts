import type { EntityManager } from 'typeorm';
import { EntityRows } from '../database/entity-rows';
import { SlaAssignment } from './sla-assignment.entity';
import type { SlaRecord, SlaTicketStatus } from './ticket-deadlines';

/** The columns of sla_assignments that are the pure SlaRecord (the rest: ids, unit, watch, timestamps). */
const RECORD_KEYS = [
  'clocks',
  'dispatchedAt',
  'acceptStartedAt',
  'acceptDueAt',
  'acceptedAt',
  'firstContactDueAt',
  'firstContactAt',
  'resolutionStartedAt',
  'resolutionDueAt',
  'repliedAt',
  'firstRepliedAt',
  'callbackStartedAt',
  'callbackDueAt',
  'extensionDays',
  'pendingExtensionDays',
  'suspendedAt',
  'callbacks',
  'callbacksSolved',
  'callbacksSatisfied',
  'reopens',
  'returned',
  'endedAt',
  'calendarFallback',
] as const satisfies readonly (keyof SlaRecord & keyof SlaAssignment)[];

export function toRecord(row: SlaAssignment): SlaRecord {
  const record = {} as Record<(typeof RECORD_KEYS)[number], unknown>;
  for (const key of RECORD_KEYS) record[key] = row[key];
  return record as SlaRecord;
}

/** The ticket's latest SLA record (its current dispatch, or the last one when returned). */
export function currentAssignment(manager: EntityManager, ticketId: number): Promise<SlaAssignment | null> {
  return EntityRows.of(manager.connection, SlaAssignment).one(manager, 'ticket_id = ? ORDER BY id DESC LIMIT 1', [
    ticketId,
  ]);
}

export interface SlaState {
  ticketId: number;
  status: SlaTicketStatus;
  row: SlaAssignment | null;
  record: SlaRecord | null;
}

/** Status and current SLA record of some tickets, in two queries (the timers and the sweeper). */
export async function loadSlaStates(manager: EntityManager, ticketIds: readonly number[]): Promise<SlaState[]> {
  if (ticketIds.length === 0) return [];
  const ids = [...ticketIds];
  const tickets = (await manager.query('SELECT id, status FROM tickets WHERE id IN (?)', [ids])) as {
    id: number | string;
    status: SlaTicketStatus;
  }[];
  const rows = await EntityRows.of(manager.connection, SlaAssignment).select(
    manager,
    'id IN (SELECT MAX(b.id) FROM sla_assignments b WHERE b.ticket_id IN (?) GROUP BY b.ticket_id)',
    [ids],
  );
  const byTicket = new Map(rows.map((row) => [Number(row.ticketId), row]));
  return tickets.map((t) => {
    const row = byTicket.get(Number(t.id)) ?? null;
    return { ticketId: Number(t.id), status: t.status, row, record: row ? toRecord(row) : null };
  });
}
