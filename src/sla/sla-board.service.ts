import { Injectable } from '@nestjs/common';
import { AuthUser, hasRole } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { CalendarService } from './calendar.service';
import type { CalendarHealth } from './calendar-health';
import { SlaMetricsQuery, SlaPeriodQuery, SlaTicketsQuery } from './dto/sla-query.dto';
import { Period, SlaMetricsService, SlaTicketRow, UnitFigures, UnitFilter } from './sla-metrics.service';
import { periodOf } from './sla-period';

export interface SlaBoard {
  period: Period;
  now: Date;
  units: UnitFigures[];
  overdue: SlaTicketRow[];
  nearDue: SlaTicketRow[];
  calendar: CalendarHealth;
}

const BOARD_LIST = 50;

/**
 * The supervisor's SLA board and the metrics API around SlaMetricsService: periods, and who sees
 * what. Supervisors and admins see every unit. A clerk sees the figures and lists of their own unit
 * and of the units below it (where they forward tickets), never another unit's, and not the
 * county-wide board or exports.
 */
@Injectable()
export class SlaBoardService {
  constructor(
    private readonly metrics: SlaMetricsService,
    private readonly calendar: CalendarService,
  ) {}

  async board(query: SlaPeriodQuery): Promise<SlaBoard> {
    const now = this.metrics.now();
    const period = periodOf(query.from, query.to, now);
    const all: UnitFilter = { kind: 'all' };
    const [units, overdue, nearDue] = await Promise.all([
      this.metrics.unitFigures(period, all, now),
      this.metrics.tickets('overdue', period, all, { limit: BOARD_LIST }, now),
      this.metrics.tickets('near_due', period, all, { limit: BOARD_LIST }, now),
    ]);
    return { period, now, units, overdue: overdue.items, nearDue: nearDue.items, calendar: this.calendar.health() };
  }

  async metricsFor(
    query: SlaMetricsQuery,
    user: AuthUser,
  ): Promise<{ period: Period; now: Date; figures?: UnitFigures; units?: UnitFigures[] }> {
    const now = this.metrics.now();
    const period = periodOf(query.from, query.to, now);
    const filter = await this.filterFor(user, query.unitId, query.subtree ?? false);
    if (filter.kind === 'all') return { period, now, units: await this.metrics.unitFigures(period, filter, now) };
    const figures = await this.metrics.figuresOf(period, filter.unitId, filter.subtree, now);
    if (!figures) throw DomainError.notFound('UNIT_NOT_FOUND', `No unit with id ${filter.unitId}`);
    return { period, now, figures };
  }

  async ticketsFor(
    query: SlaTicketsQuery,
    user: AuthUser,
  ): Promise<{ items: SlaTicketRow[]; nextCursor: string | null }> {
    const now = this.metrics.now();
    const period = periodOf(query.from, query.to, now);
    const filter = await this.filterFor(user, query.unitId, query.subtree ?? false);
    return this.metrics.tickets(query.kind, period, filter, { limit: query.limit ?? 50, cursor: query.cursor }, now);
  }

  /** Which units this user may ask about; the centre sees all, a clerk their own unit and those below. */
  private async filterFor(user: AuthUser, unitId: number | undefined, subtree: boolean): Promise<UnitFilter> {
    if (hasRole(user, 'supervisor', 'admin')) return unitId ? { kind: 'unit', unitId, subtree } : { kind: 'all' };
    if (user.unitId === null || !user.unitPath) {
      throw DomainError.forbidden('OUT_OF_SCOPE', 'Only a clerk of a unit sees unit figures');
    }
    const wanted = unitId ?? user.unitId;
    const unit = (await this.metrics.units()).find((u) => u.id === wanted);
    if (!unit || !unit.path.startsWith(user.unitPath)) {
      throw DomainError.forbidden('OUT_OF_SCOPE', 'A clerk sees the figures of their own unit and the units below it');
    }
    return { kind: 'unit', unitId: wanted, subtree };
  }
}
