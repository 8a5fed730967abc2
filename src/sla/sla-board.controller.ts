import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { SlaExportQuery, SlaMetricsQuery, SlaPeriodQuery, SlaTicketsQuery } from './dto/sla-query.dto';
import { SlaBoard, SlaBoardService } from './sla-board.service';
import { Table, ticketsTable, toCsv, toXlsx, unitsTable } from './sla-export';
import { Period, SlaMetricsService, SlaTicketRow, UnitFigures } from './sla-metrics.service';
import { periodOf } from './sla-period';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** The SLA board, unit metrics, drill-down lists and exports (definitions in sla-metrics.ts and the README). */
@ApiTags('sla')
@ApiBearerAuth()
@Controller('sla')
export class SlaBoardController {
  constructor(
    private readonly board: SlaBoardService,
    private readonly metrics: SlaMetricsService,
  ) {}

  /** Every unit's figures (subtree totals) for the period, and the overdue and near-due tickets now. */
  @Roles('supervisor', 'admin')
  @Get('board')
  getBoard(@Query() query: SlaPeriodQuery): Promise<SlaBoard> {
    return this.board.board(query);
  }

  /** One unit's figures (own, or `subtree=true`), or every unit's; a clerk: their unit or one below it. */
  @Roles('supervisor', 'admin', 'clerk')
  @Get('metrics')
  getMetrics(
    @Query() query: SlaMetricsQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<{ period: Period; now: Date; figures?: UnitFigures; units?: UnitFigures[] }> {
    return this.board.metricsFor(query, user);
  }

  /** The tickets behind a figure: overdue, near_due (now), late_accepts, late_replies … (in the period). */
  @Roles('supervisor', 'admin', 'clerk')
  @Get('tickets')
  getTickets(
    @Query() query: SlaTicketsQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<{ items: SlaTicketRow[]; nextCursor: string | null }> {
    return this.board.ticketsFor(query, user);
  }

  @Roles('supervisor', 'admin')
  @Get('export')
  async export(@Query() query: SlaExportQuery, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const now = this.metrics.now();
    const period = periodOf(query.from, query.to, now);
    const all = { kind: 'all' } as const;
    let table: Table;
    if (query.report === 'units') {
      table = unitsTable(await this.metrics.unitFigures(period, all, now));
    } else {
      const kind = query.report;
      const rows = await this.metrics.tickets(kind, period, all, { limit: query.limit ?? 10_000 }, now);
      table = ticketsTable(kind === 'overdue' ? '超时工单' : '临期工单', rows.items);
    }
    const body = query.format === 'csv' ? toCsv(table) : await toXlsx(table);
    const day = period.from.toISOString().slice(0, 10);
    res.setHeader('Content-Type', CONTENT_TYPES[query.format]);
    res.setHeader('Content-Disposition', `attachment; filename="sla-${query.report}-${day}.${query.format}"`);
    return new StreamableFile(body);
  }
}
