import { Injectable } from '@nestjs/common';
import { childPath, moveSubtree } from '../database/materialized-path';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { DomainError, isDuplicateKeyError } from '../common/domain-error';
import { decodeIdCursor, Page, pageOf } from '../common/pagination';
import { Unit } from '../org/unit.entity';
import { CategoriesService, categoryNotFound } from './categories.service';
import { Category } from './category.entity';
import { CreateCategoryDto, ListCategoriesQuery, UpdateCategoryDto } from './dto/category.dto';

// Levels of the tree are few in practice (3); the bound keeps paths inside their column.
const MAX_DEPTH = 8;

/** Admin changes of the category tree: one transaction with its audit row each, then every process reloads. */
@Injectable()
export class CategoryAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly categories: CategoriesService,
  ) {}

  async list(query: ListCategoriesQuery): Promise<Page<Category>> {
    const limit = query.limit ?? 50;
    const after = decodeIdCursor(query.cursor);
    const qb = this.dataSource
      .getRepository(Category)
      .createQueryBuilder('c')
      .orderBy('c.id', 'ASC')
      .take(limit + 1);
    if (after) qb.andWhere('c.id > :after', { after });
    if (query.parentId === 0) qb.andWhere('c.parent_id IS NULL');
    else if (query.parentId) qb.andWhere('c.parent_id = :parentId', { parentId: query.parentId });
    if (query.q) {
      const q = `%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      qb.andWhere('(c.name LIKE :q OR c.code LIKE :q)', { q });
    }
    return pageOf(await qb.getMany(), limit);
  }

  async get(id: number): Promise<Category> {
    const category = await this.dataSource.getRepository(Category).findOneBy({ id });
    if (!category) throw categoryNotFound(id);
    return category;
  }

  async create(dto: CreateCategoryDto, actor: Actor): Promise<Category> {
    const category = await this.dataSource.transaction(async (manager) => {
      const parent = dto.parentId ? await this.checkedParent(manager, dto.parentId) : null;
      if (dto.defaultUnitId) await this.checkDefaultUnit(manager, dto.defaultUnitId);
      try {
        const inserted = await manager.insert(Category, {
          code: dto.code,
          name: dto.name,
          parentId: parent?.id ?? null,
          path: '/',
          depth: parent ? parent.depth + 1 : 0,
          territorial: dto.territorial ?? false,
          defaultUnitId: dto.defaultUnitId ?? null,
          keywords: dto.keywords ?? [],
          active: dto.active ?? true,
        });
        const id = Number(inserted.identifiers[0]?.id);
        await manager.update(Category, { id }, { path: `${parent?.path ?? '/'}${id}/` });
        const created = await manager.findOneByOrFail(Category, { id });
        await this.record(manager, actor, 'create', id, null, created);
        return created;
      } catch (error) {
        if (isDuplicateKeyError(error))
          throw DomainError.conflict('CATEGORY_CODE_TAKEN', `The category code ${dto.code} is taken`);
        throw error;
      }
    });
    await this.categories.changed();
    return category;
  }

  async update(id: number, dto: UpdateCategoryDto, actor: Actor): Promise<Category> {
    const category = await this.dataSource.transaction(async (manager) => {
      const before = await manager.findOne(Category, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw categoryNotFound(id);
      const changes: Partial<Category> = {};
      if (dto.name !== undefined) changes.name = dto.name;
      if (dto.keywords !== undefined) changes.keywords = dto.keywords;
      if (dto.active !== undefined) changes.active = dto.active;
      if (dto.defaultUnitId !== undefined) {
        if (dto.defaultUnitId !== null) await this.checkDefaultUnit(manager, dto.defaultUnitId);
        changes.defaultUnitId = dto.defaultUnitId;
      }
      if (dto.territorial !== undefined) {
        if (before.territorial && !dto.territorial) await this.checkNoVillageRules(manager, id);
        changes.territorial = dto.territorial;
      }
      if (dto.parentId !== undefined && dto.parentId !== before.parentId) {
        const parent = dto.parentId === null ? null : await this.checkedParent(manager, dto.parentId, before);
        const depthShift = (parent ? parent.depth + 1 : 0) - before.depth;
        await moveSubtree(manager, 'categories', before.path, childPath(parent?.path ?? null, id), depthShift);
        changes.parentId = parent?.id ?? null;
      }
      if (Object.keys(changes).length > 0) await manager.update(Category, { id }, changes);
      const after = await manager.findOneByOrFail(Category, { id });
      await this.record(manager, actor, 'update', id, before, after);
      return after;
    });
    await this.categories.changed();
    return category;
  }

  private async checkedParent(manager: EntityManager, parentId: number, self?: Category): Promise<Category> {
    const parent = await manager.findOneBy(Category, { id: parentId });
    if (!parent) throw DomainError.invalidInput('CATEGORY_PARENT_NOT_FOUND', `No category with id ${parentId}`);
    if (self && parent.path.startsWith(self.path)) {
      throw DomainError.invalidInput(
        'CATEGORY_PARENT_CYCLE',
        'A category cannot be moved under itself or one of its descendants',
      );
    }
    const subtreeHeight = self ? await this.subtreeHeight(manager, self) : 0;
    if (parent.depth + 1 + subtreeHeight >= MAX_DEPTH) {
      throw DomainError.invalidInput('CATEGORY_TOO_DEEP', `The category tree may have at most ${MAX_DEPTH} levels`);
    }
    return parent;
  }

  private async subtreeHeight(manager: EntityManager, self: Category): Promise<number> {
    const [row] = await manager.query<{ deepest: number | null }[]>(
      'SELECT MAX(depth) AS deepest FROM categories WHERE path LIKE ?',
      [`${self.path}%`],
    );
    return Number(row?.deepest ?? self.depth) - self.depth;
  }

  private async checkDefaultUnit(manager: EntityManager, unitId: number): Promise<void> {
    const unit = await manager.findOneBy(Unit, { id: unitId });
    if (!unit || !unit.active || unit.kind === 'centre') {
      throw DomainError.invalidInput(
        'CATEGORY_DEFAULT_UNIT_INVALID',
        `The default unit ${unitId} must be an active unit other than the hotline centre`,
      );
    }
  }

  // A rule may route a territorial matter to a village or grid station; a department matter may not.
  private async checkNoVillageRules(manager: EntityManager, categoryId: number): Promise<void> {
    const [row] = await manager.query<{ n: number | string }[]>(
      `SELECT COUNT(*) AS n FROM responsibility_rules r LEFT JOIN units u ON u.id = r.target_unit_id
        WHERE r.category_id = ? AND r.active = 1
          AND (r.target_level IN ('village', 'grid_station') OR u.kind IN ('village', 'grid_station'))`,
      [categoryId],
    );
    if (Number(row?.n ?? 0) > 0) {
      throw DomainError.conflict(
        'CATEGORY_TERRITORIAL_IN_USE',
        'Active rules route this category to villages or grid stations; change them before making it a department matter',
      );
    }
  }

  private record(
    manager: EntityManager,
    actor: Actor,
    action: 'create' | 'update',
    id: number,
    before: Category | null,
    after: Category,
  ): Promise<void> {
    return this.audit.record(manager, {
      actorUserId: actor.userId,
      requestId: actor.requestId,
      action,
      entityType: 'category',
      entityId: id,
      before,
      after,
    });
  }
}
