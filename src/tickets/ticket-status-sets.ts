import { isOpen, TICKET_STATUSES, TicketStatus } from './ticket-state-machine';

export const OPEN_STATUSES: TicketStatus[] = TICKET_STATUSES.filter(isOpen);
