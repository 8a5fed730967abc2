import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Like } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { DomainError, isDuplicateKeyError } from '../common/domain-error';
import { CalendarOverrideRow } from './calendar-override.entity';
import { CalendarService } from './calendar.service';
import { CreateCalendarOverrideDto, UpdateCalendarOverrideDto } from './dto/calendar-override.dto';
import { parseLocalDate } from './shanghai-time';

const notFound = (id: number): DomainError =>
  DomainError.notFound('CALENDAR_OVERRIDE_NOT_FOUND', `No calendar override with id ${id}`);

/** The admin's local calendar changes; every change is audited and reloads every process's calendar. */
@Injectable()
export class CalendarOverridesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly calendar: CalendarService,
  ) {}

  list(year?: string): Promise<CalendarOverrideRow[]> {
    return this.dataSource
      .getRepository(CalendarOverrideRow)
      .find({ where: year ? { date: Like(`${year}-%`) } : {}, order: { date: 'ASC' } });
  }

  async create(dto: CreateCalendarOverrideDto, actor: Actor): Promise<CalendarOverrideRow> {
    parseLocalDate(dto.date); // 2026-02-30 is refused with sla.invalid_date
    const row = await this.dataSource.transaction(async (manager) => {
      try {
        const inserted = await manager.insert(CalendarOverrideRow, {
          date: dto.date,
          kind: dto.kind,
          note: dto.note ?? null,
          createdBy: actor.userId,
        });
        const created = await manager.findOneByOrFail(CalendarOverrideRow, { id: Number(inserted.identifiers[0]?.id) });
        await this.audit.record(manager, { ...this.auditOf(actor, created.id), action: 'create', after: created });
        return created;
      } catch (error) {
        if (isDuplicateKeyError(error)) {
          throw DomainError.conflict('CALENDAR_OVERRIDE_EXISTS', `${dto.date} already has an override: edit it`);
        }
        throw error;
      }
    });
    await this.calendar.reloadEverywhere();
    return row;
  }

  async update(id: number, dto: UpdateCalendarOverrideDto, actor: Actor): Promise<CalendarOverrideRow> {
    const row = await this.dataSource.transaction(async (manager) => {
      const before = await manager.findOne(CalendarOverrideRow, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw notFound(id);
      await manager.update(
        CalendarOverrideRow,
        { id },
        { kind: dto.kind ?? before.kind, note: dto.note === undefined ? before.note : dto.note || null },
      );
      const after = await manager.findOneByOrFail(CalendarOverrideRow, { id });
      await this.audit.record(manager, { ...this.auditOf(actor, id), action: 'update', before, after });
      return after;
    });
    await this.calendar.reloadEverywhere();
    return row;
  }

  async remove(id: number, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const before = await manager.findOne(CalendarOverrideRow, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw notFound(id);
      await manager.delete(CalendarOverrideRow, { id });
      await this.audit.record(manager, { ...this.auditOf(actor, id), action: 'delete', before });
    });
    await this.calendar.reloadEverywhere();
  }

  private auditOf(actor: Actor, id: number) {
    return {
      actorUserId: actor.userId,
      requestId: actor.requestId,
      entityType: 'calendar_override' as const,
      entityId: id,
    };
  }
}
