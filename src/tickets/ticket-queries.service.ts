import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser, UnitScope } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { decodeIdCursor, encodeIdCursor, Page } from '../common/pagination';
import { escapeLike } from '../org/areas.service';
import { EntityRows } from '../database/entity-rows';
import { subtreeIds } from '../database/materialized-path';
import { ListTicketsQuery } from './dto/list-tickets.query';
import type { TicketStatus } from './ticket-state-machine';
import { unitScopeOf } from './ticket-access';
import { OPEN_STATUSES } from './ticket-status-sets';
import { TicketUnit } from './ticket-unit.entity';
import { toTicketView, TicketView } from './ticket-view';
import { Ticket } from './ticket.entity';

/** One SQL condition on `tickets t` with its `?` parameters. */
interface Condition {
  sql: string;
  params: unknown[];
}

/** A clerk's filter on statuses with at most this many tickets is read along the status index. */
const PROBE_MAX = 5000;

/** Past this many unit paths in a clerk's scope the page is read with one EXISTS probe per ticket instead. */
const MAX_SCOPE_PATHS = 64;

/**
 * The ticket list: filters, the viewer's unit scope, keyset pages newest first.
 *
 * A page is read in two steps so that it stays cheap over millions of tickets: the ids of the page
 * first, each read newest first along an index that is already in id order, then the rows and their
 * units by primary key. The id order comes from
 * - a status filter: `IDX_tickets_status (status, id)`, one range per status merged (a filter on
 *   several statuses would otherwise sort every ticket in them);
 * - a clerk's scope: `IDX_ticket_units_path (unit_path, ticket_id)`, one range per unit path in scope
 *   merged (the optimizer materialises an EXISTS over the scope: every ticket the unit ever had, for
 *   each page), unless another filter holds fewer tickets (see narrowerThanScope);
 * - overdue: `IDX_tickets_status_deadline (status, next_deadline_at)`, per open status;
 * - a pending-request filter: `IDX_tickets_pending_request (pending_request, id)`, "mine":
 *   `IDX_tickets_created_by (created_by, id)`;
 * - a caller's number (the centre only): `IDX_tickets_caller_phone (caller_phone, created_at)`, the
 *   caller's few tickets read and sorted;
 * - otherwise the primary key, with the area and category filters resolved to their subtrees first.
 */
@Injectable()
export class TicketQueriesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListTicketsQuery, user: AuthUser): Promise<Page<TicketView>> {
    const limit = query.limit ?? 50;
    const before = decodeIdCursor(query.cursor);
    const scope = unitScopeOf(user);
    if (scope.kind === 'none') return { items: [], nextCursor: null };
    // a unit sees a caller's number masked or not at all: searching by it would tell whose tickets they are
    if (query.callerPhone && scope.kind !== 'all')
      throw DomainError.forbidden(
        'CALLER_SEARCH_NOT_ALLOWED',
        "Only the centre searches tickets by the caller's number",
      );

    const ids = await this.pageIds(query, user, scope, before, limit + 1);
    const pageIds = ids.slice(0, limit);
    if (pageIds.length === 0) return { items: [], nextCursor: null };
    // plain statements, not the query builder: building and transforming a page of 200 rows through it
    // was a fifth of the api's CPU for a list request
    const manager = this.dataSource.manager;
    const [tickets, units] = await Promise.all([
      EntityRows.of(this.dataSource, Ticket).select(manager, `id IN (${marks(pageIds)})`, pageIds),
      EntityRows.of(this.dataSource, TicketUnit).select(manager, `ticket_id IN (${marks(pageIds)})`, pageIds),
    ]);
    const ticketById = new Map(tickets.map((t) => [Number(t.id), t]));
    const unitsById = new Map<number, TicketUnit[]>();
    for (const u of units) {
      const list = unitsById.get(Number(u.ticketId));
      if (list) list.push(u);
      else unitsById.set(Number(u.ticketId), [u]);
    }
    const items: TicketView[] = [];
    for (const id of pageIds) {
      const ticket = ticketById.get(id);
      if (ticket) items.push(toTicketView(ticket, unitsById.get(id) ?? [], scope));
    }
    return {
      items,
      nextCursor: ids.length > limit ? encodeIdCursor(pageIds[pageIds.length - 1]!) : null,
    };
  }

  /** The ids of the page (and one more when there is a next page), newest first. */
  private async pageIds(
    query: ListTicketsQuery,
    user: AuthUser,
    scope: Exclude<UnitScope, { kind: 'none' }>,
    before: number | null,
    take: number,
  ): Promise<number[]> {
    let statuses: TicketStatus[] | undefined = query.status?.length ? [...new Set(query.status)] : undefined;
    // overdue is only ever an open ticket's: read it like a filter on the open statuses
    if (query.overdue) statuses = (statuses ?? OPEN_STATUSES).filter((s) => OPEN_STATUSES.includes(s));
    if (statuses?.length === 0) return [];
    const filters = await this.filters(query, user);
    if (!filters) return [];

    const scopePath = scope.kind === 'unit' ? `${escapeLike(scope.unitPath)}%` : null;
    if (scopePath && !(await this.narrowerThanScope(query, statuses))) {
      const paths = (
        (await this.dataSource.query('SELECT DISTINCT unit_path AS path FROM ticket_units WHERE unit_path LIKE ?', [
          scopePath,
        ])) as { path: string }[]
      ).map((r) => r.path);
      if (paths.length === 0) return [];
      if (paths.length <= MAX_SCOPE_PATHS) {
        const where = [...filters];
        if (statuses) where.push({ sql: `t.status IN (${marks(statuses)})`, params: statuses });
        if (before) where.push({ sql: 'su.ticket_id < ?', params: [before] });
        const branches = paths.map((path) =>
          select(
            'SELECT STRAIGHT_JOIN su.ticket_id AS id FROM ticket_units su JOIN tickets t ON t.id = su.ticket_id',
            [{ sql: 'su.unit_path = ?', params: [path] }, ...where],
            `ORDER BY su.ticket_id DESC LIMIT ${take}`,
          ),
        );
        // a ticket may be in scope through two of its units: GROUP BY keeps it once
        return this.ids(merge(branches, take, paths.length > 1 ? 'GROUP BY u.id' : ''));
      }
    }

    const where = [...filters];
    if (scopePath)
      where.push({
        // a correlated probe, not a semi-join: the optimizer would materialise the whole scope
        sql: '(SELECT 1 FROM ticket_units su WHERE su.ticket_id = t.id AND su.unit_path LIKE ? LIMIT 1) IS NOT NULL',
        params: [scopePath],
      });
    if (before) where.push({ sql: 't.id < ?', params: [before] });
    const hint = indexHint(query, statuses, before);
    const branch = (status: TicketStatus | null) =>
      select(
        `SELECT t.id AS id FROM tickets t${hint}`,
        status ? [{ sql: 't.status = ?', params: [status] }, ...where] : where,
        `ORDER BY t.id DESC LIMIT ${take}`,
      );
    if (!statuses || statuses.length === 1) return this.ids(branch(statuses?.[0] ?? null));
    return this.ids(merge(statuses.map(branch), take));
  }

  /**
   * Whether a clerk's page is cheaper read along a filter's index, each ticket probed for the scope,
   * than along the scope's unit paths, each ticket looked up for the filter: when the filter holds few
   * tickets whatever the unit (a number, a pending request, the clerk's own tickets, statuses with at
   * most PROBE_MAX tickets), a busy unit's paths would be read through for nothing.
   */
  private async narrowerThanScope(query: ListTicketsQuery, statuses: TicketStatus[] | undefined): Promise<boolean> {
    if (query.number || query.pendingRequest || query.mine) return true;
    if (!statuses) return false;
    const [row] = (await this.dataSource.query(
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM tickets WHERE status IN (${marks(statuses)}) LIMIT ${PROBE_MAX + 1}) x`,
      statuses,
    )) as { n: number | string }[];
    return Number(row?.n ?? 0) <= PROBE_MAX;
  }

  /** The filters of the query other than status, scope and cursor; null when they cannot match anything. */
  private async filters(query: ListTicketsQuery, user: AuthUser): Promise<Condition[] | null> {
    const where: Condition[] = [];
    if (query.unitId)
      where.push({
        sql: 'EXISTS (SELECT 1 FROM ticket_units fu WHERE fu.ticket_id = t.id AND fu.unit_id = ?)',
        params: [query.unitId],
      });
    if (query.areaId) {
      const ids = await subtreeIds(this.dataSource, 'areas', query.areaId);
      if (ids.length === 0) return null;
      where.push({ sql: `t.area_id IN (${marks(ids)})`, params: ids });
    }
    if (query.categoryId) {
      const ids = await subtreeIds(this.dataSource, 'categories', query.categoryId);
      if (ids.length === 0) return null;
      where.push({ sql: `t.category_id IN (${marks(ids)})`, params: ids });
    }
    if (query.urgency) where.push({ sql: 't.urgency = ?', params: [query.urgency] });
    if (query.mine) where.push({ sql: 't.created_by = ?', params: [user.id] });
    if (query.pendingRequest) where.push({ sql: 't.pending_request = ?', params: [query.pendingRequest] });
    if (query.overdue) where.push({ sql: 't.next_deadline_at < ?', params: [new Date()] });
    if (query.createdFrom) where.push({ sql: 't.created_at >= ?', params: [new Date(query.createdFrom)] });
    if (query.createdTo) where.push({ sql: 't.created_at < ?', params: [new Date(query.createdTo)] });
    if (query.number) where.push({ sql: 't.number = ?', params: [query.number] });
    if (query.callerPhone) where.push({ sql: 't.caller_phone = ?', params: [query.callerPhone] });
    if (query.q) {
      const q = `%${escapeLike(query.q)}%`;
      where.push({ sql: '(t.description LIKE ? OR t.title LIKE ?)', params: [q, q] });
    }
    return where;
  }

  /** The ids the statement selects, in its order. */
  private async ids(statement: Condition): Promise<number[]> {
    const rows = (await this.dataSource.query(statement.sql, statement.params)) as { id: number | string }[];
    return rows.map((r) => Number(r.id));
  }
}

/**
 * The index to read a page along, where the optimizer would pick a worse one: below a cursor it takes
 * `status = ?` (or `created_by = ?`) as a ref and walks it down from the newest ticket to the cursor
 * instead of seeking to the cursor; for overdue tickets it prefers reading every open ticket in id order
 * (each row looked up for its deadline) to sorting the overdue ones, which the (status, deadline) index
 * holds with their ids.
 */
function indexHint(query: ListTicketsQuery, statuses: TicketStatus[] | undefined, before: number | null): string {
  if (query.number) return '';
  // a caller's tickets are few whatever the other filters: read them all and sort them
  if (query.callerPhone) return ' FORCE INDEX (IDX_tickets_caller_phone)';
  if (query.overdue) return ' FORCE INDEX (IDX_tickets_status_deadline)';
  if (!before) return '';
  if (statuses) return ' FORCE INDEX (IDX_tickets_status)';
  if (query.pendingRequest) return ' FORCE INDEX (IDX_tickets_pending_request)';
  if (query.mine) return ' FORCE INDEX (IDX_tickets_created_by)';
  return '';
}

function marks(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

function select(head: string, where: Condition[], tail: string): Condition {
  return {
    sql: `${head}${where.length ? ` WHERE ${where.map((c) => c.sql).join(' AND ')}` : ''} ${tail}`,
    params: where.flatMap((c) => c.params),
  };
}

/** Newest `take` of the union of several newest-first reads. */
function merge(branches: Condition[], take: number, group = ''): Condition {
  if (branches.length === 1 && !group) return branches[0]!;
  return {
    sql: `SELECT u.id FROM (${branches.map((b) => `(${b.sql})`).join(' UNION ALL ')}) u ${group} ORDER BY u.id DESC LIMIT ${take}`,
    params: branches.flatMap((b) => b.params),
  };
}
