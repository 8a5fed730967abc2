import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { decodeIdCursor, Page, pageOf } from '../common/pagination';
import { AuditLog } from './audit-log.entity';

// Dates become ISO strings and undefined fields vanish, as they will when read back from the JSON column.
function toJson(value: object | null | undefined): Record<string, unknown> | null {
  return value ? (JSON.parse(JSON.stringify(value)) as Record<string, unknown>) : null;
}

/** What the audit log records changes of; the list's filter takes exactly these. */
export const AUDIT_ENTITY_TYPES = [
  'area',
  'unit',
  'user',
  'category',
  'rule',
  'sla_policy',
  'calendar_override',
  'calendar_year',
  'classifier_model',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export interface AuditEntry {
  actorUserId: number | null;
  action: 'create' | 'update' | 'delete' | 'import' | 'login_locked';
  entityType: AuditEntityType;
  entityId: string | number;
  before?: object | null;
  after?: object | null;
  requestId?: string | null;
}

/** Append-only record of administrative changes, written in the caller's transaction. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    const row: QueryDeepPartialEntity<AuditLog> = {
      actorUserId: entry.actorUserId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: String(entry.entityId),
      before: toJson(entry.before),
      after: toJson(entry.after),
      requestId: entry.requestId ?? null,
    } as QueryDeepPartialEntity<AuditLog>;
    await manager.insert(AuditLog, row);
  }

  async list(filter: {
    entityType?: string;
    entityId?: string;
    limit: number;
    cursor?: string;
  }): Promise<Page<AuditLog>> {
    const after = decodeIdCursor(filter.cursor);
    const qb = this.dataSource
      .getRepository(AuditLog)
      .createQueryBuilder('a')
      .orderBy('a.id', 'DESC')
      .take(filter.limit + 1);
    if (after) qb.andWhere('a.id < :after', { after });
    if (filter.entityType) qb.andWhere('a.entity_type = :t', { t: filter.entityType });
    if (filter.entityId) qb.andWhere('a.entity_id = :i', { i: filter.entityId });
    return pageOf(await qb.getMany(), filter.limit);
  }
}
