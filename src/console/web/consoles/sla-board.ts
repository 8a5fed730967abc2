/**
 * The supervisor's SLA board data. The ticket list gives the counts by status and the open tickets;
 * the SLA module's `/api/sla/board` (when the server has it) gives the overdue and near-due lists
 * and each unit's published rates. `fromSlaApi` is the one place where that API's answer is mapped
 * in; without it, the board computes its lists from the ticket list alone.
 */
import { getIfAvailable } from '../api.js';
import { listAllTickets } from '../tickets-api.js';
import type { Ticket, TicketStatus, Urgency } from '../types.js';

export const OPEN_STATUSES: readonly TicketStatus[] = [
  'new',
  'pending_dispatch',
  'assigned',
  'accepted',
  'suspended',
  'replied',
  'pending_callback',
];

/** One row of the board's ticket lists, whichever source it came from. */
export interface BoardTicket {
  ticketId: number;
  number: string;
  status: TicketStatus;
  urgency: Urgency;
  unitId: number | null;
  unitName: string | null;
  dueAt: string | null;
  startAt: string | null;
  /** Which SLA clock the due time belongs to (accept, first_contact, resolution, callback), when known. */
  clock: string | null;
}

export interface UnitRow {
  unitId: number;
  unitName: string | null;
  open: number;
  awaitingAccept: number;
  overdue: number;
  nearDue: number;
  /** The rates (按时签收率, 响应率, 解决率, 满意率) only the SLA API computes; null: no data. */
  dispatched: number | null;
  onTimeAcceptRate: number | null;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
}

export interface SlaBoard {
  source: 'sla-api' | 'tickets';
  /** More open tickets than the board reads: the counts by status cover the newest ones only. */
  capped: boolean;
  counts: Partial<Record<TicketStatus, number>>;
  open: BoardTicket[];
  overdue: BoardTicket[];
  nearDue: BoardTicket[];
  units: UnitRow[];
}

/** `GET /api/sla/board` as far as the console reads it (see src/sla/sla-board.service.ts). */
interface SlaBoardApi {
  units: ({ unit: { id: number; name: string } } & Partial<Record<string, number | null>>)[];
  overdue: SlaTicketApi[];
  nearDue: SlaTicketApi[];
}

interface SlaTicketApi {
  ticketId: number;
  number: string;
  status: TicketStatus;
  urgency: Urgency;
  unitId: number;
  unitName: string;
  dispatchedAt: string;
  clock: string | null;
  dueAt: string | null;
}

const boardTicket = (t: Ticket): BoardTicket => ({
  ticketId: t.id,
  number: t.number,
  status: t.status,
  urgency: t.urgency,
  unitId: t.primaryUnitId,
  unitName: null,
  dueAt: t.deadlines.nextDeadlineAt,
  startAt: t.dispatchedAt ?? t.createdAt,
  clock: null,
});

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

const byDue = (a: BoardTicket, b: BoardTicket): number =>
  Date.parse(a.dueAt ?? '9999-12-31') - Date.parse(b.dueAt ?? '9999-12-31');

export function fromTickets(open: Ticket[], overdue: Ticket[], now = Date.now()): SlaBoard {
  const counts: Partial<Record<TicketStatus, number>> = {};
  for (const t of open) counts[t.status] = (counts[t.status] ?? 0) + 1;
  const nearDue = open.filter((t) => isNearDue(t, now));
  const overdueIds = new Set(overdue.map((t) => t.id));
  const nearIds = new Set(nearDue.map((t) => t.id));
  const units = new Map<number, UnitRow>();
  for (const t of open) {
    if (t.primaryUnitId === null) continue;
    const row = units.get(t.primaryUnitId) ?? emptyUnitRow(t.primaryUnitId, null);
    row.open += 1;
    if (t.status === 'assigned') row.awaitingAccept += 1;
    if (overdueIds.has(t.id)) row.overdue += 1;
    if (nearIds.has(t.id)) row.nearDue += 1;
    units.set(t.primaryUnitId, row);
  }
  return {
    source: 'tickets',
    capped: open.length >= OPEN_MAX,
    counts,
    open: open.map(boardTicket).sort(byDue),
    overdue: overdue.map(boardTicket).sort(byDue),
    nearDue: nearDue.map(boardTicket).sort(byDue),
    units: sortUnits([...units.values()]),
  };
}

function emptyUnitRow(unitId: number, unitName: string | null): UnitRow {
  return {
    unitId,
    unitName,
    open: 0,
    awaitingAccept: 0,
    overdue: 0,
    nearDue: 0,
    dispatched: null,
    onTimeAcceptRate: null,
    responseRate: null,
    resolutionRate: null,
    satisfactionRate: null,
  };
}

function sortUnits(rows: UnitRow[]): UnitRow[] {
  return rows.sort(
    (a, b) =>
      b.overdue - a.overdue || b.nearDue - a.nearDue || b.open - a.open || (b.dispatched ?? 0) - (a.dispatched ?? 0),
  );
}

/**
 * THE plug for the SLA API: its lists replace the client-side ones, its per-unit figures (own unit,
 * period to date) join the open counts; units with nothing in the period and nothing open are left out.
 */
export function fromSlaApi(base: SlaBoard, api: SlaBoardApi): SlaBoard {
  const rows = new Map(base.units.map((u) => [u.unitId, { ...u }]));
  for (const f of api.units) {
    const num = (key: string): number | null => (typeof f[key] === 'number' ? (f[key] as number) : null);
    const row = rows.get(f.unit.id) ?? emptyUnitRow(f.unit.id, f.unit.name);
    row.unitName = f.unit.name;
    row.dispatched = num('dispatched');
    row.overdue = num('overdueNow') ?? row.overdue;
    row.nearDue = num('nearDueNow') ?? row.nearDue;
    row.onTimeAcceptRate = num('onTimeAcceptRate');
    row.responseRate = num('responseRate');
    row.resolutionRate = num('resolutionRate');
    row.satisfactionRate = num('satisfactionRate');
    if (row.open > 0 || (row.dispatched ?? 0) > 0 || row.overdue > 0 || row.nearDue > 0) rows.set(f.unit.id, row);
  }
  const row = (t: SlaTicketApi): BoardTicket => ({
    ticketId: t.ticketId,
    number: t.number,
    status: t.status,
    urgency: t.urgency,
    unitId: t.unitId,
    unitName: t.unitName,
    dueAt: t.dueAt,
    startAt: t.dispatchedAt,
    clock: t.clock,
  });
  return {
    ...base,
    source: 'sla-api',
    overdue: api.overdue.map(row),
    nearDue: api.nearDue.map(row),
    units: sortUnits([...rows.values()]),
  };
}

/** The list API has no counts: the board reads this many open tickets, newest first. */
const OPEN_MAX = 2000;

let slaApiCheckedAt = 0;
let slaApiPresent = true;

export async function loadSlaBoard(): Promise<SlaBoard> {
  const [open, overdue] = await Promise.all([
    listAllTickets({ status: OPEN_STATUSES }, OPEN_MAX),
    listAllTickets({ overdue: true }, 400),
  ]);
  const base = fromTickets(open, overdue);
  // while the SLA API is missing, ask again every five minutes, not at every refresh
  if (!slaApiPresent && Date.now() - slaApiCheckedAt < 300_000) return base;
  slaApiCheckedAt = Date.now();
  const api = await getIfAvailable<SlaBoardApi>('/api/sla/board').catch(() => null);
  slaApiPresent = api !== null;
  return api ? fromSlaApi(base, api) : base;
}
