import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import { transaction } from '../database/transaction';
import { CalendarYearRow } from './calendar-year.entity';
import { CalendarService } from './calendar.service';
import { PutCalendarYearDto } from './dto/calendar-year.dto';
import { statutoryYearOfNotice } from './holiday-notice';

/**
 * The State Council notices an admin entered (holiday-notice.ts): a year chinese-days does not have
 * yet, or a correction of one it has. Every change is audited and reloads every process's calendar.
 */
@Injectable()
export class CalendarYearsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly calendar: CalendarService,
  ) {}

  list(): Promise<CalendarYearRow[]> {
    return this.dataSource.getRepository(CalendarYearRow).find({ order: { year: 'ASC' } });
  }

  /** Enters the year's notice, or replaces the one entered before; refused whole when any part is wrong. */
  async put(year: number, dto: PutCalendarYearDto, actor: Actor): Promise<CalendarYearRow> {
    const notice = {
      holidays: dto.holidays.map(({ from, to, name }) => ({ from, to, name })),
      makeUpWorkdays: dto.makeUpWorkdays,
      source: dto.source,
    };
    statutoryYearOfNotice(year, notice);
    // two admins entering the same new year at once: InnoDB makes one the deadlock victim, and the
    // helper runs it again, when it finds the other's row and updates it
    const row = await transaction(this.dataSource, async (manager) => {
      const before = await manager.findOne(CalendarYearRow, { where: { year }, lock: { mode: 'pessimistic_write' } });
      if (before) {
        await manager.update(CalendarYearRow, { year }, notice);
      } else {
        await manager.insert(CalendarYearRow, { year, ...notice, createdBy: actor.userId });
      }
      const after = await manager.findOneByOrFail(CalendarYearRow, { year });
      await this.audit.record(manager, {
        ...this.auditOf(actor, year),
        action: before ? 'update' : 'create',
        before: before ?? undefined,
        after,
      });
      return after;
    });
    await this.calendar.reloadEverywhere();
    return row;
  }

  async remove(year: number, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const before = await manager.findOne(CalendarYearRow, { where: { year }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw DomainError.notFound('CALENDAR_YEAR_NOT_FOUND', `No holiday notice was entered for ${year}`);
      await manager.delete(CalendarYearRow, { year });
      await this.audit.record(manager, { ...this.auditOf(actor, year), action: 'delete', before });
    });
    await this.calendar.reloadEverywhere();
  }

  private auditOf(actor: Actor, year: number) {
    return {
      actorUserId: actor.userId,
      requestId: actor.requestId,
      entityType: 'calendar_year' as const,
      entityId: year,
    };
  }
}
