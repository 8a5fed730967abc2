import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CacheInvalidationService } from '../redis/cache-invalidation.service';
import { ReloadableCache } from '../catalog/reloadable-cache';
import { DomainError } from '../common/domain-error';
import type { KnownUnit } from '../org/unit.entity';
import { loadIndexInput } from './rule-index.loader';
import { compileIndex, resolve, Resolution, RuleIndex, UnitRef } from './rule-resolver';

/**
 * Rules and categories publish their changes (every process reloads at once); areas and units do not
 * yet, so the index is also rebuilt when older than this: an org change shows within a minute.
 */
export const RULE_INDEX_TTL_MS = 60_000;
// an unknown id may be an area or category made moments ago: reload once, but not on every bad request
const MIN_FORCED_RELOAD_INTERVAL_MS = 5_000;

export interface ResolveInput {
  categoryId: number;
  areaId: number;
  /** The instant whose rules apply (their validity dates are Shanghai calendar days); default now. */
  at?: Date;
}

export interface ResolveResult extends Resolution {
  at: string;
  category: UnitRef & { territorial: boolean };
  area: UnitRef & { level: string };
}

/** The responsibility lists at run time: which unit handles a matter, from an index held per process. */
@Injectable()
export class ResponsibilityService implements OnModuleInit {
  private readonly cache: ReloadableCache<RuleIndex>;
  private lastForcedReload = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly invalidation: CacheInvalidationService,
  ) {
    this.cache = new ReloadableCache(
      async () => compileIndex(await loadIndexInput(this.dataSource)),
      RULE_INDEX_TTL_MS,
    );
  }

  onModuleInit(): void {
    for (const topic of ['rules', 'categories', 'org'] as const)
      this.invalidation.on(topic, () => this.cache.invalidate());
  }

  /** The compiled index (built from MySQL on first use, rebuilt after any change or after the TTL). */
  index(): Promise<RuleIndex> {
    return this.cache.get();
  }

  /** Throws CATEGORY_NOT_FOUND / AREA_NOT_FOUND (404) for ids the index does not know. */
  async resolve(input: ResolveInput): Promise<ResolveResult> {
    let index = await this.index();
    if (!index.categories.has(input.categoryId) || !index.areas.has(input.areaId)) {
      index = await this.reloadForUnknownId(index);
    }
    const category = index.categories.get(input.categoryId);
    const area = index.areas.get(input.areaId);
    if (!category) throw DomainError.notFound('CATEGORY_NOT_FOUND', `No category with id ${input.categoryId}`);
    if (!area) throw DomainError.notFound('AREA_NOT_FOUND', `No area with id ${input.areaId}`);
    const at = input.at ?? new Date();
    if (Number.isNaN(at.getTime())) throw DomainError.invalidInput('INVALID_AT', 'at is not a valid instant');
    return {
      at: at.toISOString(),
      category: { id: category.id, code: category.code, name: category.name, territorial: category.territorial },
      area: { id: area.id, code: area.code, name: area.name, level: area.level },
      ...resolve(index, { categoryId: category.id, areaId: area.id, at }),
    };
  }

  /**
   * The units as the index knows them (kind, path, active), for the dispatch of a decision the index
   * made: it is as fresh as that decision, and spares the dispatch reading them again.
   */
  async knownUnits(ids: readonly number[]): Promise<Map<number, KnownUnit>> {
    const index = await this.index();
    const known = new Map<number, KnownUnit>();
    for (const id of ids) {
      const u = index.units.get(id);
      if (u?.path !== undefined) known.set(id, { id: u.id, kind: u.kind, path: u.path, active: u.active });
    }
    return known;
  }

  /** After rules changed and committed: this process rebuilds now, the others when the message arrives. */
  changed(): Promise<void> {
    return this.invalidation.publish('rules');
  }

  private async reloadForUnknownId(index: RuleIndex): Promise<RuleIndex> {
    const now = Date.now();
    if (now - this.lastForcedReload < MIN_FORCED_RELOAD_INTERVAL_MS) return index;
    if (now - index.compiledAt.getTime() < MIN_FORCED_RELOAD_INTERVAL_MS) return index;
    this.lastForcedReload = now;
    this.cache.invalidate();
    return this.cache.get();
  }
}
