import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import type { UnitScope } from '../auth/auth-user';
import { escapeLike } from '../org/areas.service';
import { TicketUnit } from '../tickets/ticket-unit.entity';
import { toTicketView, TicketView } from '../tickets/ticket-view';
import { Ticket } from '../tickets/ticket.entity';
import type { Delivery, TicketSnapshot } from './realtime-events';
import { planTicketEvent, ReplayFilter } from './realtime-plan';

/**
 * Ticket events with what their deliveries need, in one round trip (the relay runs this for every
 * batch). The units an event names (a forward's new and former unit) are looked up one by one on the
 * primary key: an IN list of JSON values would read the whole units table for every event.
 */
const EVENTS_SQL = `
SELECT e.id AS seq, e.ticket_id AS ticketId, e.action, e.from_status AS fromStatus, e.to_status AS toStatus,
       e.created_at AS at, t.number, t.status, t.pending_request AS pendingRequest,
       t.primary_unit_id AS primaryUnitId, t.urgency, t.version, t.caller_name AS callerName,
       t.caller_phone AS callerPhone, t.caller_confidential AS callerConfidential, t.accept_due_at AS acceptDueAt,
       t.first_contact_due_at AS firstContactDueAt, t.resolution_due_at AS resolutionDueAt,
       t.callback_due_at AS callbackDueAt, t.next_deadline_at AS nextDeadlineAt,
       (SELECT GROUP_CONCAT(tu.unit_path SEPARATOR ' ') FROM ticket_units tu WHERE tu.ticket_id = e.ticket_id) AS unitPaths,
       CONCAT_WS(' ',
         (SELECT u.path FROM units u WHERE u.id = CAST(JSON_VALUE(e.payload, '$.unitId') AS UNSIGNED)),
         (SELECT u.path FROM units u WHERE u.id = CAST(JSON_VALUE(e.payload, '$.fromUnitId') AS UNSIGNED))) AS namedPaths
  FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
 WHERE e.id IN (?)`;

type EventRow = Pick<
  Ticket,
  | 'number'
  | 'status'
  | 'pendingRequest'
  | 'primaryUnitId'
  | 'urgency'
  | 'version'
  | 'callerName'
  | 'callerPhone'
  | 'acceptDueAt'
  | 'firstContactDueAt'
  | 'resolutionDueAt'
  | 'callbackDueAt'
  | 'nextDeadlineAt'
> & {
  seq: number | string;
  ticketId: number | string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  at: Date;
  callerConfidential: number | boolean;
  /** Space-separated materialised paths (paths hold no spaces; GROUP_CONCAT's 1 KB is ~60 units). */
  unitPaths: string | null;
  namedPaths: string | null;
};

/**
 * Reads what the realtime events are made of: the ticket event, the ticket and its units as they are
 * now, and the paths of the units the event names. Read-only: the tickets module still owns the writes.
 */
@Injectable()
export class LiveEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The deliveries of each event, in the order given; an event whose ticket is gone gets none. */
  async deliveriesOf(eventIds: readonly number[], runner?: QueryRunner): Promise<Delivery[][]> {
    if (eventIds.length === 0) return [];
    const params = [[...eventIds]];
    const rows = runner
      ? ((await runner.query(EVENTS_SQL, params)) as EventRow[])
      : await this.dataSource.query<EventRow[]>(EVENTS_SQL, params);
    const bySeq = new Map(rows.map((row) => [Number(row.seq), row]));
    return eventIds.map((id) => {
      const row = bySeq.get(id);
      return row ? this.plan(row) : [];
    });
  }

  /** The newest ticket event id. */
  async headSeq(): Promise<number> {
    const [row] = await this.dataSource.query<{ head: number | string | null }[]>(
      'SELECT MAX(id) AS head FROM ticket_events',
    );
    return Number(row?.head ?? 0);
  }

  /** Ids of the events after `afterSeq` that may reach a socket with this filter, oldest first. */
  async replayCandidates(filter: ReplayFilter, afterSeq: number, limit: number): Promise<number[]> {
    const where: string[] = ['e.id > ?'];
    const params: unknown[] = [afterSeq];
    switch (filter.kind) {
      case 'nothing':
        return [];
      case 'everything':
        break;
      case 'centre': {
        const marks = filter.statuses.map(() => '?').join(',');
        const clauses = filter.statuses.length ? [`e.from_status IN (${marks})`, `e.to_status IN (${marks})`] : [];
        if (filter.created) clauses.push("e.action = 'created'");
        where.push(`(${clauses.join(' OR ')})`);
        params.push(...filter.statuses, ...filter.statuses);
        break;
      }
      case 'unit': {
        const prefix = `${escapeLike(filter.unitPath)}%`;
        // the ticket is with a unit in scope now, or the event names one (the unit it was returned from)
        where.push(
          `(EXISTS (SELECT 1 FROM ticket_units tu WHERE tu.ticket_id = e.ticket_id AND tu.unit_path LIKE ?)
            OR EXISTS (SELECT 1 FROM units u WHERE u.path LIKE ?
                       AND u.id IN (JSON_VALUE(e.payload, '$.unitId'), JSON_VALUE(e.payload, '$.fromUnitId'))))`,
        );
        params.push(prefix, prefix);
        break;
      }
    }
    const rows = await this.dataSource.query<{ id: number | string }[]>(
      `SELECT e.id FROM ticket_events e WHERE ${where.join(' AND ')} ORDER BY e.id LIMIT ${Math.floor(limit)}`,
      params,
    );
    return rows.map((r) => Number(r.id));
  }

  /** The units of a ticket (for the read check of a subscription), or null when there is no such ticket. */
  async ticketUnits(ticketId: number): Promise<Pick<TicketUnit, 'unitPath'>[] | null> {
    const exists = await this.dataSource.getRepository(Ticket).existsBy({ id: ticketId });
    if (!exists) return null;
    return this.dataSource.getRepository(TicketUnit).find({ where: { ticketId }, select: { unitPath: true } });
  }

  private plan(row: EventRow): Delivery[] {
    const unitPaths = row.unitPaths ? row.unitPaths.split(' ') : [];
    // the same masking rule as the REST API: toTicketView with the centre's scope or a unit's
    const ticket = Object.assign(new Ticket(), {
      id: Number(row.ticketId),
      number: row.number,
      status: row.status,
      pendingRequest: row.pendingRequest,
      primaryUnitId: row.primaryUnitId === null ? null : Number(row.primaryUnitId),
      urgency: row.urgency,
      version: Number(row.version),
      callerName: row.callerName,
      callerPhone: row.callerPhone,
      callerConfidential: Boolean(row.callerConfidential),
      acceptDueAt: row.acceptDueAt,
      firstContactDueAt: row.firstContactDueAt,
      resolutionDueAt: row.resolutionDueAt,
      callbackDueAt: row.callbackDueAt,
      nextDeadlineAt: row.nextDeadlineAt,
    });
    const units = unitPaths.map((unitPath) => Object.assign(new TicketUnit(), { unitPath }));
    const unitScope: UnitScope = unitPaths[0]
      ? { kind: 'unit', unitId: Number(unitPaths[0].split('/').at(-2)), unitPath: unitPaths[0] }
      : { kind: 'none' };
    return planTicketEvent(
      {
        seq: Number(row.seq),
        ticketId: Number(row.ticketId),
        action: row.action,
        fromStatus: row.fromStatus,
        toStatus: row.toStatus,
        at: row.at.toISOString(),
      },
      { unitPaths, namedUnitPaths: row.namedPaths ? row.namedPaths.split(' ') : [] },
      {
        centre: snapshotOf(toTicketView(ticket, units, { kind: 'all' })),
        unit: snapshotOf(toTicketView(ticket, units, unitScope)),
      },
    );
  }
}

export function snapshotOf(view: TicketView): TicketSnapshot {
  return {
    number: view.number,
    status: view.status,
    pendingRequest: view.pendingRequest,
    primaryUnitId: view.primaryUnitId,
    urgency: view.urgency,
    version: view.version,
    deadlines: view.deadlines,
    caller: view.caller,
  };
}
