/**
 * "我的工单": the tickets this agent registered. The list API has no creator filter yet, so the
 * console remembers the ids it created (per user, in this browser) and filters the recent list.
 */
import type { Ticket } from '../types.js';
import { listAllTickets } from '../tickets-api.js';

const key = (userId: number): string => `console.mine.${userId}`;
const KEEP = 500;

export function mineIds(userId: number): Set<number> {
  try {
    const raw = JSON.parse(localStorage.getItem(key(userId)) ?? '[]') as unknown;
    return new Set(Array.isArray(raw) ? raw.filter((x): x is number => typeof x === 'number') : []);
  } catch {
    return new Set();
  }
}

export function rememberMine(userId: number, ticketId: number): void {
  const ids = [ticketId, ...[...mineIds(userId)].filter((id) => id !== ticketId)].slice(0, KEEP);
  localStorage.setItem(key(userId), JSON.stringify(ids));
}

export async function loadMine(userId: number, onlyMine: boolean): Promise<Ticket[]> {
  const recent = await listAllTickets({}, 400);
  if (!onlyMine) return recent;
  const ids = mineIds(userId);
  return recent.filter((t) => ids.has(t.id));
}
