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
import { escapeLike } from './areas.service';
import { CreateUnitDto, ListUnitsQuery, UpdateUnitDto } from './dto/unit.dto';
import { childPath, UNIT_AREA_LEVEL, UNIT_PARENT_KINDS, wouldCycle } from './org-rules';
import { Unit, UnitKind } from './unit.entity';

const notFound = (id: number): DomainError => DomainError.notFound('UNIT_NOT_FOUND', `No unit with id ${id}`);

@Injectable()
export class UnitsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly invalidation: CacheInvalidationService,
  ) {}

  async list(query: ListUnitsQuery): Promise<Page<Unit>> {
    const limit = query.limit ?? 50;
    const after = decodeIdCursor(query.cursor);
    const qb = this.dataSource
      .getRepository(Unit)
      .createQueryBuilder('u')
      .orderBy('u.id', 'ASC')
      .take(limit + 1);
    if (after) qb.andWhere('u.id > :after', { after });
    if (query.kind) qb.andWhere('u.kind = :kind', { kind: query.kind });
    if (query.parentId) qb.andWhere('u.parent_id = :parentId', { parentId: query.parentId });
    if (query.q) qb.andWhere('(u.name LIKE :q OR u.code LIKE :q)', { q: `%${escapeLike(query.q)}%` });
    return pageOf(await qb.getMany(), limit);
  }

  async get(id: number): Promise<Unit> {
    const unit = await this.dataSource.getRepository(Unit).findOneBy({ id });
    if (!unit) throw notFound(id);
    return unit;
  }

  async create(dto: CreateUnitDto, actor: Actor): Promise<Unit> {
    return this.changed(
      await this.dataSource.transaction(async (manager) => {
        const parent = await this.checkedParent(manager, dto.kind, dto.parentId ?? null);
        await this.checkArea(manager, dto.kind, dto.areaId ?? null);
        try {
          const inserted = await manager.insert(Unit, {
            code: dto.code,
            name: dto.name,
            kind: dto.kind,
            parentId: parent?.id ?? null,
            areaId: dto.areaId ?? null,
            path: '/',
            active: true,
          });
          const id = Number(inserted.identifiers[0]?.id);
          await manager.update(Unit, { id }, { path: childPath(parent?.path ?? null, id) });
          const unit = await manager.findOneByOrFail(Unit, { id });
          await this.audit.record(manager, {
            actorUserId: actor.userId,
            requestId: actor.requestId,
            action: 'create',
            entityType: 'unit',
            entityId: id,
            after: unit,
          });
          return unit;
        } catch (error) {
          if (isDuplicateKeyError(error))
            throw DomainError.conflict('UNIT_CODE_TAKEN', `The unit code ${dto.code} is taken`);
          throw error;
        }
      }),
    );
  }

  async update(id: number, dto: UpdateUnitDto, actor: Actor): Promise<Unit> {
    return this.changed(
      await this.dataSource.transaction(async (manager) => {
        const before = await manager.findOne(Unit, { where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!before) throw notFound(id);
        const changes: Partial<Unit> = {};
        if (dto.name !== undefined) changes.name = dto.name;
        if (dto.active !== undefined) changes.active = dto.active;
        if (dto.areaId !== undefined) {
          await this.checkArea(manager, before.kind, dto.areaId);
          changes.areaId = dto.areaId;
        }
        if (dto.parentId !== undefined && dto.parentId !== before.parentId) {
          const parent = await this.checkedParent(manager, before.kind, dto.parentId, before);
          await moveSubtree(manager, 'units', before.path, childPath(parent?.path ?? null, id));
          changes.parentId = parent?.id ?? null;
        }
        if (Object.keys(changes).length > 0) await manager.update(Unit, { id }, changes);
        const after = await manager.findOneByOrFail(Unit, { id });
        await this.audit.record(manager, {
          actorUserId: actor.userId,
          requestId: actor.requestId,
          action: 'update',
          entityType: 'unit',
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
    kind: UnitKind,
    parentId: number | null,
    self?: Unit,
  ): Promise<Unit | null> {
    const allowed = UNIT_PARENT_KINDS[kind];
    if (parentId === null) {
      if (!allowed.includes(null))
        throw DomainError.invalidInput(
          'UNIT_PARENT_REQUIRED',
          `A ${kind} needs a parent unit (${allowed.join(' or ')})`,
        );
      return null;
    }
    const parent = await manager.findOneBy(Unit, { id: parentId });
    if (!parent) throw DomainError.invalidInput('UNIT_PARENT_NOT_FOUND', `No unit with id ${parentId}`);
    if (self && wouldCycle(self.path, parent.path)) {
      throw DomainError.invalidInput(
        'UNIT_PARENT_CYCLE',
        'A unit cannot be moved under itself or one of its descendants',
      );
    }
    if (!allowed.includes(parent.kind)) {
      throw DomainError.invalidInput('UNIT_PARENT_KIND_INVALID', `A ${kind} cannot sit under a ${parent.kind}`);
    }
    return parent;
  }

  private async checkArea(manager: EntityManager, kind: UnitKind, areaId: number | null): Promise<void> {
    const level = UNIT_AREA_LEVEL[kind];
    if (level === null) {
      if (areaId !== null) throw DomainError.invalidInput('UNIT_AREA_INVALID', `A ${kind} does not serve one area`);
      return;
    }
    if (areaId === null)
      throw DomainError.invalidInput('UNIT_AREA_REQUIRED', `A ${kind} must name the ${level} it serves`);
    const area = await manager.findOneBy(Area, { id: areaId });
    if (!area) throw DomainError.invalidInput('UNIT_AREA_NOT_FOUND', `No area with id ${areaId}`);
    if (area.level !== level)
      throw DomainError.invalidInput('UNIT_AREA_INVALID', `A ${kind} serves a ${level}, not a ${area.level}`);
  }
}
