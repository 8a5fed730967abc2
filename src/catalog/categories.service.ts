import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { CacheInvalidationService } from '../redis/cache-invalidation.service';
import { Category } from './category.entity';
import { CategoryNode, CategoryRow, CategoryTree, CategoryTreeJson } from './category-tree';
import { ReloadableCache } from './reloadable-cache';

/** Categories change through this module, which publishes; the TTL only covers hand edits of the table. */
const CATEGORY_CACHE_TTL_MS = 60_000;

export const categoryNotFound = (id: number): DomainError =>
  DomainError.notFound('CATEGORY_NOT_FOUND', `No category with id ${id}`);

export async function loadCategoryRows(dataSource: DataSource): Promise<CategoryRow[]> {
  const rows = await dataSource.getRepository(Category).find({ order: { id: 'ASC' } });
  return rows.map((c) => ({
    id: c.id,
    code: c.code,
    parentId: c.parentId,
    name: c.name,
    depth: c.depth,
    territorial: c.territorial,
    defaultUnitId: c.defaultUnitId,
    keywords: c.keywords,
    active: c.active,
  }));
}

/**
 * Read side of the category tree for every module: an in-memory tree per process, reloaded after
 * any category change in any process (Redis pub/sub, see CacheInvalidationService).
 */
@Injectable()
export class CategoriesService implements OnModuleInit {
  private readonly cache: ReloadableCache<CategoryTree>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly invalidation: CacheInvalidationService,
  ) {
    this.cache = new ReloadableCache(
      async () => new CategoryTree(await loadCategoryRows(this.dataSource)),
      CATEGORY_CACHE_TTL_MS,
    );
  }

  onModuleInit(): void {
    this.invalidation.on('categories', () => this.cache.invalidate());
  }

  /** The compiled tree (cached). */
  tree(): Promise<CategoryTree> {
    return this.cache.get();
  }

  async findById(id: number): Promise<CategoryNode | null> {
    return (await this.tree()).get(id) ?? null;
  }

  async findByCode(code: string): Promise<CategoryNode | null> {
    return (await this.tree()).getByCode(code) ?? null;
  }

  /** The whole tree as nested JSON, for the consoles. */
  async listTree(): Promise<CategoryTreeJson[]> {
    return (await this.tree()).toJson();
  }

  /** The category and all its descendants; throws CATEGORY_NOT_FOUND for an unknown id. */
  async subtreeIds(id: number): Promise<number[]> {
    const ids = (await this.tree()).subtreeIds(id);
    if (ids.length === 0) throw categoryNotFound(id);
    return ids;
  }

  /** The category's ancestors and itself, root first; throws CATEGORY_NOT_FOUND for an unknown id. */
  async pathOf(id: number): Promise<CategoryNode[]> {
    const path = (await this.tree()).pathOf(id);
    if (path.length === 0) throw categoryNotFound(id);
    return path;
  }

  /** After a change committed: this process reloads now, the others when the message arrives. */
  changed(): Promise<void> {
    return this.invalidation.publish('categories');
  }
}
