/** "我的工单": the tickets this agent registered (the list API's `mine` filter), or every recent one. */
import type { Ticket } from '../types.js';
import { listAllTickets } from '../tickets-api.js';

export async function loadMine(onlyMine: boolean): Promise<Ticket[]> {
  return listAllTickets(onlyMine ? { mine: true } : {}, 400);
}
