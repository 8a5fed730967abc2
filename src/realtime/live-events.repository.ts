import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { UnitScope } from '../auth/auth-user';
import { escapeLike } from '../org/areas.service';
import { Unit } from '../org/unit.entity';
import { TicketEvent } from '../tickets/ticket-event.entity';
import { TicketUnit } from '../tickets/ticket-unit.entity';
import { toTicketView, TicketView } from '../tickets/ticket-view';
import { Ticket } from '../tickets/ticket.entity';
import type { Delivery, TicketSnapshot } from './realtime-events';
import { planTicketEvent, ReplayFilter } from './realtime-plan';

/**
 * Reads what the realtime events are made of: the ticket event, the ticket and its units as they are
 * now, and the paths of the units the event names. Read-only: the tickets module still owns the writes.
 */
@Injectable()
export class LiveEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The deliveries of each event, in the order given; an event whose ticket is gone gets none. */
  async deliveriesOf(eventIds: readonly number[]): Promise<Delivery[][]> {
    if (eventIds.length === 0) return [];
    const events = await this.dataSource.getRepository(TicketEvent).findBy({ id: In([...eventIds]) });
    const byId = new Map(events.map((e) => [Number(e.id), e]));
    const ticketIds = [...new Set(events.map((e) => Number(e.ticketId)))];
    const [tickets, units] = await Promise.all([
      this.dataSource.getRepository(Ticket).findBy({ id: In(ticketIds) }),
      this.dataSource.getRepository(TicketUnit).findBy({ ticketId: In(ticketIds) }),
    ]);
    const namedPaths = await this.unitPaths(events.flatMap((e) => namedUnitIds(e.payload)));
    const ticketById = new Map(tickets.map((t) => [Number(t.id), t]));
    const unitsByTicket = new Map<number, TicketUnit[]>();
    for (const unit of units) {
      const list = unitsByTicket.get(Number(unit.ticketId)) ?? [];
      list.push(unit);
      unitsByTicket.set(Number(unit.ticketId), list);
    }
    return eventIds.map((id) => {
      const event = byId.get(id);
      const ticket = event && ticketById.get(Number(event.ticketId));
      if (!event || !ticket) return [];
      const ticketUnits = unitsByTicket.get(Number(ticket.id)) ?? [];
      return planTicketEvent(
        {
          seq: Number(event.id),
          ticketId: Number(ticket.id),
          action: event.action,
          fromStatus: event.fromStatus,
          toStatus: event.toStatus,
          at: event.createdAt.toISOString(),
        },
        {
          unitPaths: ticketUnits.map((u) => u.unitPath),
          namedUnitPaths: namedUnitIds(event.payload).flatMap((unitId) => namedPaths.get(unitId) ?? []),
        },
        {
          centre: snapshotOf(toTicketView(ticket, ticketUnits, { kind: 'all' })),
          unit: snapshotOf(toTicketView(ticket, ticketUnits, unitViewerOf(ticketUnits))),
        },
      );
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

  private async unitPaths(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const units = await this.dataSource
      .getRepository(Unit)
      .find({ where: { id: In([...new Set(ids)]) }, select: { id: true, path: true } });
    return new Map(units.map((u) => [Number(u.id), u.path]));
  }
}

/** Units an event's payload names besides the ticket's current ones: `decide-return` and `forward` record them. */
export function namedUnitIds(payload: unknown): number[] {
  if (typeof payload !== 'object' || payload === null) return [];
  const record = payload as Record<string, unknown>;
  return [record.unitId, record.fromUnitId].filter(
    (v): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0,
  );
}

/** toTicketView only tells the centre from units; any unit scope yields the masked caller every unit room gets. */
function unitViewerOf(units: readonly TicketUnit[]): UnitScope {
  const first = units[0];
  return first ? { kind: 'unit', unitId: first.unitId, unitPath: first.unitPath } : { kind: 'none' };
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function snapshotOf(view: TicketView): TicketSnapshot {
  return {
    number: view.number,
    status: view.status,
    pendingRequest: view.pendingRequest,
    primaryUnitId: view.primaryUnitId,
    urgency: view.urgency,
    version: view.version,
    deadlines: {
      acceptDueAt: iso(view.deadlines.acceptDueAt),
      firstContactDueAt: iso(view.deadlines.firstContactDueAt),
      resolutionDueAt: iso(view.deadlines.resolutionDueAt),
      callbackDueAt: iso(view.deadlines.callbackDueAt),
      nextDeadlineAt: iso(view.deadlines.nextDeadlineAt),
    },
    caller: view.caller,
  };
}
