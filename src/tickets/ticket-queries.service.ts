import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { decodeIdCursor, encodeIdCursor, Page } from '../common/pagination';
import { escapeLike } from '../org/areas.service';
import { ListTicketsQuery } from './dto/list-tickets.query';
import { unitScopeOf } from './ticket-access';
import { OPEN_STATUSES } from './ticket-status-sets';
import { TicketUnit } from './ticket-unit.entity';
import { toTicketView, TicketView } from './ticket-view';
import { Ticket } from './ticket.entity';

/** The ticket list: filters, the viewer's unit scope, keyset pages newest first. */
@Injectable()
export class TicketQueriesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListTicketsQuery, user: AuthUser): Promise<Page<TicketView>> {
    const limit = query.limit ?? 50;
    const before = decodeIdCursor(query.cursor);
    const scope = unitScopeOf(user);
    const qb = this.dataSource
      .getRepository(Ticket)
      .createQueryBuilder('t')
      .orderBy('t.id', 'DESC')
      .take(limit + 1);
    if (scope.kind === 'none') return { items: [], nextCursor: null };
    if (scope.kind === 'unit') {
      qb.andWhere('EXISTS (SELECT 1 FROM ticket_units su WHERE su.ticket_id = t.id AND su.unit_path LIKE :scopePath)', {
        scopePath: `${escapeLike(scope.unitPath)}%`,
      });
    }
    if (before) qb.andWhere('t.id < :before', { before });
    if (query.status?.length) qb.andWhere('t.status IN (:...status)', { status: query.status });
    if (query.unitId)
      qb.andWhere('EXISTS (SELECT 1 FROM ticket_units fu WHERE fu.ticket_id = t.id AND fu.unit_id = :unitId)', {
        unitId: query.unitId,
      });
    if (query.areaId) {
      qb.andWhere(
        "t.area_id IN (SELECT d.id FROM areas a JOIN areas d ON d.path LIKE CONCAT(a.path, '%') WHERE a.id = :areaId)",
        {
          areaId: query.areaId,
        },
      );
    }
    if (query.categoryId) {
      qb.andWhere(
        "t.category_id IN (SELECT d.id FROM categories c JOIN categories d ON d.path LIKE CONCAT(c.path, '%') WHERE c.id = :categoryId)",
        { categoryId: query.categoryId },
      );
    }
    if (query.urgency) qb.andWhere('t.urgency = :urgency', { urgency: query.urgency });
    if (query.mine) qb.andWhere('t.created_by = :me', { me: user.id });
    if (query.pendingRequest) qb.andWhere('t.pending_request = :pending', { pending: query.pendingRequest });
    if (query.overdue) {
      qb.andWhere('t.status IN (:...open) AND t.next_deadline_at < :now', { open: OPEN_STATUSES, now: new Date() });
    }
    if (query.createdFrom) qb.andWhere('t.created_at >= :from', { from: new Date(query.createdFrom) });
    if (query.createdTo) qb.andWhere('t.created_at < :to', { to: new Date(query.createdTo) });
    if (query.number) qb.andWhere('t.number = :number', { number: query.number });
    if (query.q) {
      const q = `%${escapeLike(query.q)}%`;
      qb.andWhere(new Brackets((w) => w.where('t.description LIKE :q', { q }).orWhere('t.title LIKE :q', { q })));
    }
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    const units = items.length
      ? await this.dataSource.getRepository(TicketUnit).findBy({ ticketId: In(items.map((t) => t.id)) })
      : [];
    const last = items[items.length - 1];
    return {
      items: items.map((t) =>
        toTicketView(
          t,
          units.filter((u) => Number(u.ticketId) === Number(t.id)),
          scope,
        ),
      ),
      nextCursor: rows.length > limit && last ? encodeIdCursor(last.id) : null,
    };
  }
}
