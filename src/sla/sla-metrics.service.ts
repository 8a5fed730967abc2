import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeIdCursor, encodeIdCursor } from '../common/pagination';
import { Clock } from './clock';
import { formatLocalDate, shanghaiDayIndex } from './shanghai-time';
import { addCounts, countsOf, emptyCounts, MetricCounts, MetricRates, ratesOf, rollUp } from './sla-metrics';

export interface Period {
  from: Date;
  to: Date;
}

/** Which units: all of them, or one unit alone, or one unit and every unit below it. */
export type UnitFilter = { kind: 'all' } | { kind: 'unit'; unitId: number; subtree: boolean };

export interface UnitInfo {
  id: number;
  code: string;
  name: string;
  kind: string;
  path: string;
}

export interface UnitFigures extends MetricCounts, MetricRates {
  unit: UnitInfo;
  /** Own figures, or the unit and everything below it. */
  scope: 'unit' | 'subtree';
}

export const DRILL_KINDS = [
  'overdue',
  'near_due',
  'late_accepts',
  'late_contacts',
  'late_replies',
  'returned',
  'reopened',
  'unsatisfied',
] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];

export interface SlaTicketRow {
  assignmentId: number;
  ticketId: number;
  number: string;
  title: string | null;
  status: string;
  urgency: string;
  unitId: number;
  unitName: string;
  dispatchedAt: Date;
  clock: string | null;
  dueAt: Date | null;
  acceptDueAt: Date;
  firstContactDueAt: Date;
  resolutionDueAt: Date;
  calendarFallback: boolean;
}

// The settled outcomes of the records dispatched in the period: ~31 rows a unit (sla_unit_days).
const SETTLED_SQL = `
SELECT d.unit_id AS unitId,
  SUM(d.dispatched) AS dispatched, SUM(d.returned) AS returned,
  SUM(d.accepted) AS acceptDecided, SUM(d.accept_on_time) AS acceptOnTime,
  SUM(d.contact_settled) AS contactDecided, SUM(d.contact_on_time) AS contactOnTime,
  SUM(d.replied) AS resolutionDecided, SUM(d.resolution_on_time) AS resolutionOnTime, SUM(d.replied) AS replied,
  SUM(d.callbacks) AS callbacks, SUM(d.solved) AS solved, SUM(d.satisfied) AS satisfied, SUM(d.reopens) AS reopens,
  SUM(d.accepted) AS accepted, SUM(d.accept_seconds) AS acceptSeconds,
  SUM(d.first_replied) AS firstReplied, SUM(d.reply_seconds) AS replySeconds
FROM sla_unit_days d
WHERE d.day >= ? AND d.day < ? /*units*/
GROUP BY d.unit_id`;

// The clocks of the period's open records that "now" has made late: IDX_sla_assignments_open.
const LATE_OPEN_SQL = `
SELECT a.unit_id AS unitId,
  SUM(a.accepted_at IS NULL AND a.accept_due_at < ?) AS acceptDecided,
  SUM(a.first_contact_at IS NULL AND a.first_replied_at IS NULL AND a.first_contact_due_at < ?) AS contactDecided,
  SUM(a.replied_at IS NULL AND a.suspended_at IS NULL AND a.resolution_due_at < ?) AS resolutionDecided
FROM sla_assignments a
WHERE a.ended_at IS NULL AND a.dispatched_at >= ? AND a.dispatched_at < ? /*units*/
GROUP BY a.unit_id`;

// Open records with a warning passed: overdue (deadline passed) or near-due. IDX_sla_assignments_watch.
const WATCH_SQL = `
SELECT a.unit_id AS unitId, SUM(a.next_deadline_at < ?) AS overdueNow, SUM(a.next_deadline_at >= ?) AS nearDueNow
FROM sla_assignments a
WHERE a.ended_at IS NULL AND a.next_warning_at <= ? /*units*/
GROUP BY a.unit_id`;

const DRILL_WHERE: Readonly<Record<DrillKind, string>> = {
  overdue: 'a.ended_at IS NULL AND a.next_warning_at <= :now AND a.next_deadline_at < :now',
  near_due: 'a.ended_at IS NULL AND a.next_warning_at <= :now AND a.next_deadline_at >= :now',
  late_accepts:
    'a.returned = 0 AND (a.accepted_at > a.accept_due_at OR (a.accepted_at IS NULL AND a.accept_due_at < :now))',
  // replying without having recorded the first contact settles that clock as missed
  late_contacts:
    'a.returned = 0 AND (a.first_contact_at > a.first_contact_due_at OR (a.first_contact_at IS NULL AND (a.first_replied_at IS NOT NULL OR a.first_contact_due_at < :now)))',
  late_replies:
    'a.returned = 0 AND (a.replied_at > a.resolution_due_at OR (a.replied_at IS NULL AND a.suspended_at IS NULL AND a.resolution_due_at < :now))',
  returned: 'a.returned = 1',
  reopened: 'a.reopens > 0',
  unsatisfied: 'a.callbacks > a.callbacks_satisfied',
};

/** The unit metrics and their drill-down lists, as SQL aggregates over sla_assignments (see sla-metrics.ts). */
@Injectable()
export class SlaMetricsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  /** Every unit (of the filter) with something to show, with its subtree's figures: the unit and all below it. */
  async unitFigures(period: Period, filter: UnitFilter, now = this.now()): Promise<UnitFigures[]> {
    const units = await this.units();
    const root = filter.kind === 'unit' ? units.find((u) => u.id === filter.unitId) : undefined;
    if (filter.kind === 'unit' && !root) return [];
    const totals = rollUp(await this.ownCounts(period, root ? { path: root.path } : null, now), units);
    return units
      .filter((u) => totals.has(u.id) && (!root || u.path.startsWith(root.path)))
      .sort((a, b) => a.path.localeCompare(b.path))
      .map((unit) => figures(unit, 'subtree', totals.get(unit.id)!));
  }

  /** One unit's figures, its own or its subtree's (zeros when it has nothing in the period); null: no such unit. */
  async figuresOf(period: Period, unitId: number, subtree: boolean, now = this.now()): Promise<UnitFigures | null> {
    const units = await this.units();
    const unit = units.find((u) => u.id === unitId);
    if (!unit) return null;
    const own = await this.ownCounts(period, subtree ? { path: unit.path } : { unitId }, now);
    const counts = subtree ? rollUp(own, units).get(unitId) : own.get(unitId);
    return figures(unit, subtree ? 'subtree' : 'unit', counts ?? emptyCounts());
  }

  async tickets(
    kind: DrillKind,
    period: Period,
    filter: UnitFilter,
    page: { limit: number; cursor?: string },
    now = this.now(),
  ): Promise<{ items: SlaTicketRow[]; nextCursor: string | null }> {
    const after = decodeIdCursor(page.cursor);
    const qb = this.dataSource
      .createQueryBuilder()
      .select([
        'a.id AS assignmentId',
        'a.ticket_id AS ticketId',
        't.number AS number',
        't.title AS title',
        't.status AS status',
        't.urgency AS urgency',
        'a.unit_id AS unitId',
        'u.name AS unitName',
        'a.dispatched_at AS dispatchedAt',
        `CASE WHEN a.next_deadline_at IS NULL THEN NULL WHEN a.next_deadline_at = a.accept_due_at AND a.accepted_at IS NULL THEN 'accept' WHEN a.next_deadline_at = a.first_contact_due_at AND a.first_contact_at IS NULL THEN 'firstContact' ELSE 'resolution' END AS clock`,
        'a.next_deadline_at AS dueAt',
        'a.accept_due_at AS acceptDueAt',
        'a.first_contact_due_at AS firstContactDueAt',
        'a.resolution_due_at AS resolutionDueAt',
        'a.calendar_fallback AS calendarFallback',
      ])
      .from('sla_assignments', 'a')
      .innerJoin('tickets', 't', 't.id = a.ticket_id')
      .innerJoin('units', 'u', 'u.id = a.unit_id')
      .where(DRILL_WHERE[kind], { now })
      .orderBy('a.id', 'ASC')
      .limit(page.limit + 1);
    if (kind !== 'overdue' && kind !== 'near_due') {
      qb.andWhere('a.dispatched_at >= :from AND a.dispatched_at < :to', period);
    }
    if (after) qb.andWhere('a.id > :after', { after });
    if (filter.kind === 'unit') {
      const unit = (await this.units()).find((u) => u.id === filter.unitId);
      if (filter.subtree) qb.andWhere('u.path LIKE :path', { path: `${unit?.path ?? '/-/'}%` });
      else qb.andWhere('a.unit_id = :unitId', { unitId: filter.unitId });
    }
    const rows = (await qb.getRawMany<Record<string, unknown>>()).map(toTicketRow);
    const items = rows.slice(0, page.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > page.limit && last ? encodeIdCursor(last.assignmentId) : null };
  }

  async units(): Promise<UnitInfo[]> {
    const rows = (await this.dataSource.query('SELECT id, code, name, kind, path FROM units')) as UnitInfo[];
    return rows.map((u) => ({ ...u, id: Number(u.id) }));
  }

  private async ownCounts(
    period: Period,
    scope: { path: string } | { unitId: number } | null,
    now: Date,
  ): Promise<Map<number, MetricCounts>> {
    const units = (sql: string, alias: string): string =>
      sql.replace(
        '/*units*/',
        scope === null
          ? ''
          : 'path' in scope
            ? `AND ${alias}.unit_id IN (SELECT s.id FROM units s WHERE s.path LIKE ?)`
            : `AND ${alias}.unit_id = ?`,
      );
    const unitArgs = scope === null ? [] : ['path' in scope ? `${scope.path}%` : scope.unitId];
    const day = (instant: Date): string => formatLocalDate(shanghaiDayIndex(instant.getTime()));
    const results = (await Promise.all([
      this.dataSource.query(units(SETTLED_SQL, 'd'), [day(period.from), day(period.to), ...unitArgs]),
      this.dataSource.query(units(LATE_OPEN_SQL, 'a'), [now, now, now, period.from, period.to, ...unitArgs]),
      this.dataSource.query(units(WATCH_SQL, 'a'), [now, now, now, ...unitArgs]),
    ])) as Record<string, unknown>[][];
    const own = new Map<number, MetricCounts>();
    for (const row of results.flat()) {
      const unitId = Number(row.unitId);
      own.set(unitId, addCounts(own.get(unitId) ?? emptyCounts(), countsOf(row)));
    }
    return own;
  }
}

function figures(unit: UnitInfo, scope: UnitFigures['scope'], counts: MetricCounts): UnitFigures {
  return { unit, scope, ...counts, ...ratesOf(counts) };
}

function toTicketRow(raw: Record<string, unknown>): SlaTicketRow {
  const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string | Date));
  return {
    assignmentId: Number(raw.assignmentId),
    ticketId: Number(raw.ticketId),
    number: String(raw.number),
    title: (raw.title as string | null) ?? null,
    status: String(raw.status),
    urgency: String(raw.urgency),
    unitId: Number(raw.unitId),
    unitName: String(raw.unitName),
    dispatchedAt: date(raw.dispatchedAt) as Date,
    clock: (raw.clock as string | null) ?? null,
    dueAt: date(raw.dueAt),
    acceptDueAt: date(raw.acceptDueAt) as Date,
    firstContactDueAt: date(raw.firstContactDueAt) as Date,
    resolutionDueAt: date(raw.resolutionDueAt) as Date,
    calendarFallback: Boolean(Number(raw.calendarFallback)),
  };
}
