/** Ticket calls of the REST API, typed for the consoles. */
import { get, post, query } from './api.js';
import type { Page, Ticket, TicketDetail, TicketStatus } from './types.js';

/** A caller's number without the spaces and dashes it was typed with: the form the server stores. */
export const phoneDigits = (typed: string): string => typed.replace(/[\s-]/g, '');

/** The server's rule for a typed number: 3–20 digits with an optional leading +, spaces and dashes aside. */
export const isTypedPhone = (typed: string): boolean => /^\+?\d{3,20}$/.test(phoneDigits(typed));

export interface TicketFilter {
  status?: readonly TicketStatus[];
  unitId?: number;
  areaId?: number;
  urgency?: string;
  overdue?: boolean;
  q?: string;
  number?: string;
  /** The caller's number as recorded (the centre's roles only). */
  callerPhone?: string;
  /** Only the tickets the signed-in user created. */
  mine?: boolean;
  pendingRequest?: 'return' | 'extension' | 'suspension';
  limit?: number;
}

export function listTickets(filter: TicketFilter = {}, cursor?: string): Promise<Page<Ticket>> {
  return get<Page<Ticket>>(`/api/tickets${query({ ...filter, cursor, limit: filter.limit ?? 100 })}`);
}

/** Follows the keyset pages up to `max` rows (newest first): enough for a working list on one screen. */
export async function listAllTickets(filter: TicketFilter = {}, max = 400): Promise<Ticket[]> {
  const rows: Ticket[] = [];
  let cursor: string | undefined;
  do {
    const page = await listTickets({ ...filter, limit: Math.min(200, max - rows.length) }, cursor);
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length < max);
  return rows;
}

export function getTicket(id: number): Promise<TicketDetail> {
  return get<TicketDetail>(`/api/tickets/${id}`);
}

export type ActionFields = Record<string, string | number | boolean | number[] | string[]>;

export function actOn(
  ticket: Pick<Ticket, 'id' | 'version'>,
  action: string,
  fields: ActionFields = {},
): Promise<TicketDetail> {
  return post<TicketDetail>(`/api/tickets/${ticket.id}/actions/${action}`, { version: ticket.version, ...fields });
}

export interface NewTicket {
  channel: string;
  sourceLine: string;
  callerName?: string;
  callerPhone?: string;
  callerConfidential: boolean;
  description: string;
  address?: string;
  areaId?: number;
  categoryId?: number;
  appealType?: string;
  urgency: string;
  callId?: number;
}

export function createTicket(body: NewTicket): Promise<TicketDetail> {
  return post<TicketDetail>('/api/tickets', body);
}
