/**
 * What one SLA record adds to its unit's day (sla_unit_days): the outcomes already settled, which no
 * later "now" can change. A record's contribution is recomputed after every change and the
 * difference applied, so the table always equals the sum over the records (rebuildUnitDaysSql
 * recomputes it from scratch, for repairs and the benchmark).
 *
 * Settled: accepted (on time or not); first contact recorded, or the unit replied first (the clock
 * stopped without contact: late); replied under the current resolution clock (a reopen unsettles it);
 * callbacks and their outcomes; an approved return. Unsettled clocks of open records that are past
 * their deadline count as late too, but only "now": sla-metrics.service adds them at query time.
 */
import { formatLocalDate, shanghaiDayIndex } from './shanghai-time';
import type { SlaRecord } from './ticket-deadlines';

export const ROLLUP_COLUMNS = {
  dispatched: 'dispatched',
  returned: 'returned',
  accepted: 'accepted',
  acceptOnTime: 'accept_on_time',
  contactSettled: 'contact_settled',
  contactOnTime: 'contact_on_time',
  replied: 'replied',
  resolutionOnTime: 'resolution_on_time',
  callbacks: 'callbacks',
  solved: 'solved',
  satisfied: 'satisfied',
  reopens: 'reopens',
  firstReplied: 'first_replied',
  acceptSeconds: 'accept_seconds',
  replySeconds: 'reply_seconds',
} as const;
export type RollupCounts = Record<keyof typeof ROLLUP_COLUMNS, number>;
const KEYS = Object.keys(ROLLUP_COLUMNS) as (keyof RollupCounts)[];

const onTime = (at: Date | null, due: Date): number => (at !== null && at <= due ? 1 : 0);
/** Whole seconds, truncated like MySQL's TIMESTAMPDIFF(SECOND, …), so a rebuild gives the same sums. */
const secondsBetween = (from: Date, to: Date | null): number =>
  to === null ? 0 : Math.trunc((to.getTime() - from.getTime()) / 1000);

export function settledCounts(r: SlaRecord): RollupCounts {
  const counts = Object.fromEntries(KEYS.map((k) => [k, 0])) as RollupCounts;
  counts.dispatched = 1;
  if (r.returned) {
    counts.returned = 1;
    return counts;
  }
  counts.accepted = r.acceptedAt !== null ? 1 : 0;
  counts.acceptOnTime = onTime(r.acceptedAt, r.acceptDueAt);
  counts.contactSettled = r.firstContactAt !== null || r.firstRepliedAt !== null ? 1 : 0;
  counts.contactOnTime = onTime(r.firstContactAt, r.firstContactDueAt);
  counts.replied = r.repliedAt !== null ? 1 : 0;
  counts.resolutionOnTime = onTime(r.repliedAt, r.resolutionDueAt);
  counts.callbacks = r.callbacks;
  counts.solved = r.callbacksSolved;
  counts.satisfied = r.callbacksSatisfied;
  counts.reopens = r.reopens;
  counts.firstReplied = r.firstRepliedAt !== null ? 1 : 0;
  counts.acceptSeconds = secondsBetween(r.acceptStartedAt, r.acceptedAt);
  counts.replySeconds = secondsBetween(r.dispatchedAt, r.firstRepliedAt);
  return counts;
}

/**
 * Each (day, unit) total is kept as ROLLUP_SLOTS rows, a record adding to the slot of its ticket
 * (ticket id modulo ROLLUP_SLOTS): the dispatches of a busy unit do not all queue on one row lock.
 * Readers sum over the slots.
 */
export const ROLLUP_SLOTS = 16;

export function rollupSlot(ticketId: number): number {
  return ticketId % ROLLUP_SLOTS;
}

export interface RollupDelta {
  day: string;
  unitId: number;
  counts: RollupCounts;
}

/** The Shanghai day a record is counted on: the day it was dispatched. */
export function rollupDay(record: SlaRecord): string {
  return formatLocalDate(shanghaiDayIndex(record.dispatchedAt.getTime()));
}

/**
 * The changes to apply when a record goes from `before` to `after` (either may be absent), one per
 * (day, unit) touched and none that change nothing, ordered by key so that concurrent transactions
 * lock the rows in the same order.
 */
export function rollupDeltas(
  before: { unitId: number; record: SlaRecord } | null,
  after: { unitId: number; record: SlaRecord } | null,
): RollupDelta[] {
  const byKey = new Map<string, RollupDelta>();
  const add = (side: { unitId: number; record: SlaRecord } | null, sign: 1 | -1): void => {
    if (!side) return;
    const day = rollupDay(side.record);
    const key = `${day}|${String(side.unitId).padStart(10, '0')}`;
    const delta = byKey.get(key) ?? {
      day,
      unitId: side.unitId,
      counts: Object.fromEntries(KEYS.map((k) => [k, 0])) as RollupCounts,
    };
    const counts = settledCounts(side.record);
    for (const k of KEYS) delta.counts[k] += sign * counts[k];
    byKey.set(key, delta);
  };
  add(before, -1);
  add(after, 1);
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, delta]) => delta)
    .filter((delta) => KEYS.some((k) => delta.counts[k] !== 0));
}

/**
 * Upsert of a ticket's deltas in one statement, into the ticket's slot:
 * `INSERT … ON DUPLICATE KEY UPDATE c = c + VALUES(c)` (MySQL 8.4 and MariaDB).
 */
export function rollupUpsert(ticketId: number, deltas: RollupDelta[]): { sql: string; params: unknown[] } {
  const columns = KEYS.map((k) => ROLLUP_COLUMNS[k]);
  const row = `(?, ?, ?, ${columns.map(() => '?').join(', ')})`;
  const slot = rollupSlot(ticketId);
  return {
    sql:
      `INSERT INTO sla_unit_days (day, unit_id, slot, ${columns.join(', ')}) VALUES ${deltas.map(() => row).join(', ')} ` +
      `ON DUPLICATE KEY UPDATE ${columns.map((c) => `${c} = ${c} + VALUES(${c})`).join(', ')}`,
    params: deltas.flatMap((delta) => [delta.day, delta.unitId, slot, ...KEYS.map((k) => delta.counts[k])]),
  };
}

/** The same contributions computed in SQL from sla_assignments, for the records dispatched in [from, to). */
export const UNIT_DAYS_SELECT_SQL = `
SELECT DATE(a.dispatched_at + INTERVAL 8 HOUR) AS day, a.unit_id,
  COUNT(*) AS dispatched,
  SUM(a.returned) AS returned,
  SUM(a.returned = 0 AND a.accepted_at IS NOT NULL) AS accepted,
  SUM(a.returned = 0 AND a.accepted_at IS NOT NULL AND a.accepted_at <= a.accept_due_at) AS accept_on_time,
  SUM(a.returned = 0 AND (a.first_contact_at IS NOT NULL OR a.first_replied_at IS NOT NULL)) AS contact_settled,
  SUM(a.returned = 0 AND a.first_contact_at IS NOT NULL AND a.first_contact_at <= a.first_contact_due_at) AS contact_on_time,
  SUM(a.returned = 0 AND a.replied_at IS NOT NULL) AS replied,
  SUM(a.returned = 0 AND a.replied_at IS NOT NULL AND a.replied_at <= a.resolution_due_at) AS resolution_on_time,
  SUM(IF(a.returned = 0, a.callbacks, 0)) AS callbacks,
  SUM(IF(a.returned = 0, a.callbacks_solved, 0)) AS solved,
  SUM(IF(a.returned = 0, a.callbacks_satisfied, 0)) AS satisfied,
  SUM(IF(a.returned = 0, a.reopens, 0)) AS reopens,
  SUM(a.returned = 0 AND a.first_replied_at IS NOT NULL) AS first_replied,
  COALESCE(SUM(IF(a.returned = 0, TIMESTAMPDIFF(SECOND, a.accept_started_at, a.accepted_at), 0)), 0) AS accept_seconds,
  COALESCE(SUM(IF(a.returned = 0, TIMESTAMPDIFF(SECOND, a.dispatched_at, a.first_replied_at), 0)), 0) AS reply_seconds
FROM sla_assignments a
WHERE a.dispatched_at >= ? AND a.dispatched_at < ?
GROUP BY DATE(a.dispatched_at + INTERVAL 8 HOUR), a.unit_id`;

/**
 * Recomputes sla_unit_days for the Shanghai days [from, to) from the records (a repair after a
 * manual data fix, and how the benchmark fills it): one statement each, in the caller's transaction.
 * The recount lands in slot 0; later deltas go to their tickets' slots, and the sums stay right.
 */
export async function rebuildUnitDays(
  db: { query(sql: string, params?: unknown[]): Promise<unknown> },
  from: Date,
  to: Date,
): Promise<void> {
  const day = (instant: Date): string => formatLocalDate(shanghaiDayIndex(instant.getTime()));
  await db.query('DELETE FROM sla_unit_days WHERE day >= ? AND day < ?', [day(from), day(to)]);
  await db.query(
    `INSERT INTO sla_unit_days (day, unit_id, ${KEYS.map((k) => ROLLUP_COLUMNS[k]).join(', ')}) ${UNIT_DAYS_SELECT_SQL}`,
    [from, to],
  );
}
