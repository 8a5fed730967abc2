import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { moveSubtree } from '../database/materialized-path';
import { CacheInvalidationService } from '../redis/cache-invalidation.service';
import type { Actor } from '../common/actor';
import { DomainError, isDuplicateKeyError } from '../common/domain-error';
import { decodeIdCursor, Page, pageOf } from '../common/pagination';
import { Area } from './area.entity';
import { CreateAreaDto, ListAreasQuery, UpdateAreaDto } from './dto/area.dto';
import { AREA_PARENT_LEVEL, childPath, wouldCycle } from './org-rules';

const notFound = (id: number): DomainError => DomainError.notFound('AREA_NOT_FOUND', `No area with id ${id}`);

@Injectable()
export class AreasService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly invalidation: CacheInvalidationService,
  ) {}

  async list(query: ListAreasQuery): Promise<Page<Area>> {
    const limit = query.limit ?? 50;
    const after = decodeIdCursor(query.cursor);
    const qb = this.dataSource
      .getRepository(Area)
      .createQueryBuilder('a')
      .orderBy('a.id', 'ASC')
      .take(limit + 1);
    if (after) qb.andWhere('a.id > :after', { after });
    if (query.parentId) qb.andWhere('a.parent_id = :parentId', { parentId: query.parentId });
    if (query.level) qb.andWhere('a.level = :level', { level: query.level });
    if (query.q) qb.andWhere('(a.name LIKE :q OR a.code LIKE :q)', { q: `%${escapeLike(query.q)}%` });
    return pageOf(await qb.getMany(), limit);
  }

  async get(id: number): Promise<Area> {
    const area = await this.dataSource.getRepository(Area).findOneBy({ id });
    if (!area) throw notFound(id);
    return area;
  }

  async create(dto: CreateAreaDto, actor: Actor): Promise<Area> {
    return this.changed(
      await this.dataSource.transaction(async (manager) => {
        const parent = await this.checkedParent(manager, dto.level, dto.parentId ?? null);
        try {
          const inserted = await manager.insert(Area, {
            code: dto.code,
            name: dto.name,
            level: dto.level,
            parentId: parent?.id ?? null,
            aliases: dto.aliases ?? [],
            path: '/',
          });
          const id = Number(inserted.identifiers[0]?.id);
          await manager.update(Area, { id }, { path: childPath(parent?.path ?? null, id) });
          const area = await manager.findOneByOrFail(Area, { id });
          await this.audit.record(manager, {
            actorUserId: actor.userId,
            requestId: actor.requestId,
            action: 'create',
            entityType: 'area',
            entityId: id,
            after: area,
          });
          return area;
        } catch (error) {
          if (isDuplicateKeyError(error))
            throw DomainError.conflict('AREA_CODE_TAKEN', `The area code ${dto.code} is taken`);
          throw error;
        }
      }),
    );
  }

  async update(id: number, dto: UpdateAreaDto, actor: Actor): Promise<Area> {
    return this.changed(
      await this.dataSource.transaction(async (manager) => {
        const before = await manager.findOne(Area, { where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!before) throw notFound(id);
        const changes: Partial<Area> = {};
        if (dto.name !== undefined) changes.name = dto.name;
        if (dto.aliases !== undefined) changes.aliases = dto.aliases;
        if (dto.parentId !== undefined && dto.parentId !== before.parentId) {
          const parent = await this.checkedParent(manager, before.level, dto.parentId, before);
          const newPath = childPath(parent?.path ?? null, id);
          await moveSubtree(manager, 'areas', before.path, newPath);
          changes.parentId = parent?.id ?? null;
        }
        if (Object.keys(changes).length > 0) await manager.update(Area, { id }, changes);
        const after = await manager.findOneByOrFail(Area, { id });
        await this.audit.record(manager, {
          actorUserId: actor.userId,
          requestId: actor.requestId,
          action: 'update',
          entityType: 'area',
          entityId: id,
          before,
          after,
        });
        return after;
      }),
    );
  }

  /** Tells every process (the responsibility index, the classifier's place index) that the org changed. */
  private changed<T>(value: T): T {
    this.invalidation.publish('org').catch(() => undefined);
    return value;
  }

  private async checkedParent(
    manager: EntityManager,
    level: Area['level'],
    parentId: number | null,
    self?: Area,
  ): Promise<Area | null> {
    const expected = AREA_PARENT_LEVEL[level];
    if (parentId === null) {
      if (expected !== null)
        throw DomainError.invalidInput('AREA_PARENT_REQUIRED', `A ${level} needs a parent ${expected}`);
      return null;
    }
    const parent = await manager.findOneBy(Area, { id: parentId });
    if (!parent) throw DomainError.invalidInput('AREA_PARENT_NOT_FOUND', `No area with id ${parentId}`);
    if (self && wouldCycle(self.path, parent.path)) {
      throw DomainError.invalidInput(
        'AREA_PARENT_CYCLE',
        'An area cannot be moved under itself or one of its descendants',
      );
    }
    if (parent.level !== expected) {
      throw DomainError.invalidInput(
        'AREA_PARENT_LEVEL_INVALID',
        `A ${level} must sit under a ${expected ?? 'nothing'}, not a ${parent.level}`,
      );
    }
    return parent;
  }
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
