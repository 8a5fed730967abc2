/**
 * The supervisor's SLA board data. Today it is computed in the browser from the ticket list; when the
 * SLA module lands `/api/sla/board` and `/api/sla/metrics`, `fromSlaApi` is the one place that maps
 * their answers in (whatever they provide wins over the client-side numbers).
 */
import { getIfAvailable } from '../api.js';
import { listAllTickets } from '../tickets-api.js';
import type { Ticket, TicketStatus } from '../types.js';

export const OPEN_STATUSES: readonly TicketStatus[] = [
  'new',
  'pending_dispatch',
  'assigned',
  'accepted',
  'suspended',
  'replied',
  'pending_callback',
];

export interface UnitMetrics {
  unitId: number;
  open: number;
  awaitingAccept: number;
  overdue: number;
  nearDue: number;
  /** The published rates (响应率, 解决率, 满意率): only the SLA API can compute them. */
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
}

export interface SlaBoard {
  source: 'sla-api' | 'tickets';
  counts: Partial<Record<TicketStatus, number>>;
  open: Ticket[];
  overdue: Ticket[];
  nearDue: Ticket[];
  units: UnitMetrics[];
}

/** Near due: inside the last quarter of the clock (as the clocks turn amber), or under two hours left. */
export function isNearDue(t: Ticket, now: number): boolean {
  const dueIso = t.deadlines.nextDeadlineAt;
  if (!dueIso) return false;
  const due = Date.parse(dueIso);
  const left = due - now;
  if (left <= 0) return false;
  const total = due - Date.parse(t.dispatchedAt ?? t.createdAt);
  return left < 2 * 3600_000 || (total > 0 && left < total * 0.25);
}

export function fromTickets(open: Ticket[], overdue: Ticket[], now = Date.now()): SlaBoard {
  const counts: Partial<Record<TicketStatus, number>> = {};
  for (const t of open) counts[t.status] = (counts[t.status] ?? 0) + 1;
  const nearDue = open.filter((t) => isNearDue(t, now));
  const overdueIds = new Set(overdue.map((t) => t.id));
  const nearIds = new Set(nearDue.map((t) => t.id));
  const units = new Map<number, UnitMetrics>();
  for (const t of open) {
    if (t.primaryUnitId === null) continue;
    const m = units.get(t.primaryUnitId) ?? {
      unitId: t.primaryUnitId,
      open: 0,
      awaitingAccept: 0,
      overdue: 0,
      nearDue: 0,
      responseRate: null,
      resolutionRate: null,
      satisfactionRate: null,
    };
    m.open += 1;
    if (t.status === 'assigned') m.awaitingAccept += 1;
    if (overdueIds.has(t.id)) m.overdue += 1;
    if (nearIds.has(t.id)) m.nearDue += 1;
    units.set(t.primaryUnitId, m);
  }
  const byDue = (a: Ticket, b: Ticket): number =>
    Date.parse(a.deadlines.nextDeadlineAt ?? '9999-12-31') - Date.parse(b.deadlines.nextDeadlineAt ?? '9999-12-31');
  return {
    source: 'tickets',
    counts,
    open: [...open].sort(byDue),
    overdue: [...overdue].sort(byDue),
    nearDue: nearDue.sort(byDue),
    units: [...units.values()].sort((a, b) => b.overdue - a.overdue || b.open - a.open),
  };
}

/**
 * THE plug for the SLA API. Expected (documented for the SLA engineer): `/api/sla/board` →
 * `{ overdue?: Ticket[], nearDue?: Ticket[], counts?: {status: n} }`, `/api/sla/metrics` →
 * `{ items: UnitMetrics[] }` (or a bare array). Anything missing keeps the client-side value.
 */
export function fromSlaApi(base: SlaBoard, board: Partial<SlaBoard> | null, metrics: unknown): SlaBoard {
  const units = Array.isArray(metrics) ? metrics : (metrics as { items?: unknown } | null)?.items;
  return {
    ...base,
    source: board || units ? 'sla-api' : base.source,
    counts: board?.counts ?? base.counts,
    overdue: board?.overdue ?? base.overdue,
    nearDue: board?.nearDue ?? base.nearDue,
    units: Array.isArray(units) ? (units as UnitMetrics[]) : base.units,
  };
}

let slaApiCheckedAt = 0;
let slaApiPresent = true;

export async function loadSlaBoard(): Promise<SlaBoard> {
  const [open, overdue] = await Promise.all([
    listAllTickets({ status: OPEN_STATUSES }, 1000),
    listAllTickets({ overdue: true }, 400),
  ]);
  const base = fromTickets(open, overdue);
  // ask for the SLA API at most every five minutes while it is missing, not at every refresh
  if (!slaApiPresent && Date.now() - slaApiCheckedAt < 300_000) return base;
  slaApiCheckedAt = Date.now();
  const [board, metrics] = await Promise.all([
    getIfAvailable<Partial<SlaBoard>>('/api/sla/board').catch(() => null),
    getIfAvailable<unknown>('/api/sla/metrics').catch(() => null),
  ]);
  slaApiPresent = board !== null || metrics !== null;
  return slaApiPresent ? fromSlaApi(base, board, metrics) : base;
}
