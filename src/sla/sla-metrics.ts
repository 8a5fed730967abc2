/**
 * The supervisor's unit metrics, defined on the SLA records (sla_assignments: one per dispatch of a
 * ticket to a unit; a forward moves it to the unit below, a return ends it). For a unit (or a unit
 * and every unit below it) and a period [from, to), the cohort is the records dispatched within the
 * period; records ended by an approved return count only in the return rate. "Now" is the instant
 * the figures are computed at: an open clock already past its deadline counts as late, one still
 * running counts nowhere yet.
 *
 * - on-time accept rate: accepted by the accept deadline / accept clocks decided (accepted, or
 *   unaccepted past the deadline). A forward starts a new accept clock for the unit below.
 * - response rate (响应率): first contact recorded by its deadline / first-contact clocks decided.
 * - on-time resolution rate: replied by the resolution deadline in force (extensions and suspensions
 *   included; after a reopen, the new clock) / (replied + unreplied past the deadline, not suspended).
 * - resolution rate (解决率): callbacks "solved" / callbacks made.
 * - satisfaction rate (满意率): callbacks satisfied or basically satisfied / callbacks made.
 * - return rate: records ended by an approved return / records dispatched.
 * - reopen rate: reopens (a callback not solved or not satisfied) / callbacks made.
 * - overdue now: open records whose earliest running unit clock (accept, first contact, resolution)
 *   is past its deadline; near-due now: none past, but one past its 75 % warning point (the last
 *   25 % of the clock, on working time for working clocks). Not bound to the period.
 * - mean time to accept: accept clock start (dispatch or forward) → acceptance, wall-clock minutes;
 *   mean time to reply: dispatch → the unit's first reply, wall-clock minutes.
 * The callback clock is the centre's, not the unit's: it is on the ticket and its timers, not here.
 * Counts add up, so a unit's subtree figures are sums over its units, and rates are taken last.
 */

export interface MetricCounts {
  dispatched: number;
  returned: number;
  acceptDecided: number;
  acceptOnTime: number;
  contactDecided: number;
  contactOnTime: number;
  resolutionDecided: number;
  resolutionOnTime: number;
  replied: number;
  callbacks: number;
  solved: number;
  satisfied: number;
  reopens: number;
  accepted: number;
  acceptSeconds: number;
  firstReplied: number;
  replySeconds: number;
  overdueNow: number;
  nearDueNow: number;
}

export const COUNT_KEYS = [
  'dispatched',
  'returned',
  'acceptDecided',
  'acceptOnTime',
  'contactDecided',
  'contactOnTime',
  'resolutionDecided',
  'resolutionOnTime',
  'replied',
  'callbacks',
  'solved',
  'satisfied',
  'reopens',
  'accepted',
  'acceptSeconds',
  'firstReplied',
  'replySeconds',
  'overdueNow',
  'nearDueNow',
] as const satisfies readonly (keyof MetricCounts)[];

export interface MetricRates {
  onTimeAcceptRate: number | null;
  responseRate: number | null;
  onTimeResolutionRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  returnRate: number | null;
  reopenRate: number | null;
  meanMinutesToAccept: number | null;
  meanMinutesToReply: number | null;
}

export function emptyCounts(): MetricCounts {
  return Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as unknown as MetricCounts;
}

/** Reads a SQL row (numbers may arrive as strings, SUM of nothing as null). */
export function countsOf(row: Partial<Record<keyof MetricCounts, unknown>>): MetricCounts {
  const counts = emptyCounts();
  for (const key of COUNT_KEYS) counts[key] = Number(row[key] ?? 0) || 0;
  return counts;
}

export function addCounts(into: MetricCounts, more: MetricCounts): MetricCounts {
  for (const key of COUNT_KEYS) into[key] += more[key];
  return into;
}

/** A share rounded to 4 decimals, or null with nothing to divide by (not 0 %: no data is not a bad score). */
function ratio(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

function meanMinutes(seconds: number, n: number): number | null {
  return n > 0 ? Math.round((seconds / n / 60) * 10) / 10 : null;
}

export function ratesOf(c: MetricCounts): MetricRates {
  return {
    onTimeAcceptRate: ratio(c.acceptOnTime, c.acceptDecided),
    responseRate: ratio(c.contactOnTime, c.contactDecided),
    onTimeResolutionRate: ratio(c.resolutionOnTime, c.resolutionDecided),
    resolutionRate: ratio(c.solved, c.callbacks),
    satisfactionRate: ratio(c.satisfied, c.callbacks),
    returnRate: ratio(c.returned, c.dispatched),
    reopenRate: ratio(c.reopens, c.callbacks),
    meanMinutesToAccept: meanMinutes(c.acceptSeconds, c.accepted),
    meanMinutesToReply: meanMinutes(c.replySeconds, c.firstReplied),
  };
}

export interface UnitNode {
  id: number;
  path: string;
}

/**
 * Subtree totals: each unit's own counts added to itself and every ancestor on its materialised
 * path (`/1/7/93/`). Units without counts of their own appear only when something below them has some.
 */
export function rollUp(own: ReadonlyMap<number, MetricCounts>, units: readonly UnitNode[]): Map<number, MetricCounts> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const totals = new Map<number, MetricCounts>();
  for (const [unitId, counts] of own) {
    const path = byId.get(unitId)?.path ?? `/${unitId}/`;
    for (const ancestor of path.split('/').filter(Boolean).map(Number)) {
      addCounts(totals.get(ancestor) ?? totals.set(ancestor, emptyCounts()).get(ancestor)!, counts);
    }
  }
  return totals;
}
