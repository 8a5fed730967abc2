import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { DomainError, isDuplicateKeyError } from '../common/domain-error';
import { Clock } from './clock';
import { CreateSlaPolicyDto, UpdateSlaPolicyDto } from './dto/sla-policy.dto';
import { assertValidClockSpec, ClockSpec } from './sla-clock';
import { AppealType, resolveSlaPolicy, SlaClockName, SlaClocks, SlaPolicyRow, Urgency } from './sla-policy';
import { SlaPolicyEntity } from './sla-policy.entity';
import { CacheInvalidationService } from '../redis/cache-invalidation.service';
import { CategoriesService } from '../catalog/categories.service';

const CACHE_TTL_MS = 30_000;

/** A ticket with no appeal type yet is timed as a help request: 5 working days, like complaints and reports. */
export const DEFAULT_APPEAL_TYPE: AppealType = 'help';

export interface PolicySet {
  rows: SlaPolicyRow[];
  /** The highest version ever written (0: none): what a ticket records as its sla_policy_version. */
  version: number;
}

const CLOCK_COLUMNS = {
  accept: 'acceptClock',
  firstContact: 'firstContactClock',
  resolution: 'resolutionClock',
  callback: 'callbackClock',
} as const satisfies Record<SlaClockName, keyof SlaPolicyEntity>;

const notFound = (id: number): DomainError => DomainError.notFound('SLA_POLICY_NOT_FOUND', `No SLA policy ${id}`);

function toRow(entity: SlaPolicyEntity): SlaPolicyRow {
  const clocks: Partial<Record<SlaClockName, ClockSpec>> = {};
  for (const name of Object.keys(CLOCK_COLUMNS) as SlaClockName[]) {
    const spec = entity[CLOCK_COLUMNS[name]];
    if (spec) clocks[name] = spec;
  }
  return {
    categoryId: entity.categoryId === null ? null : String(entity.categoryId),
    appealType: entity.appealType,
    urgency: entity.urgency,
    clocks,
    version: entity.version,
  };
}

/**
 * SLA policies: the admin API (every edit a new version row, audited) and the resolution of a
 * ticket's clocks from the active rows, cached per process and reloaded on change.
 */
@Injectable()
export class SlaPoliciesService implements OnModuleInit {
  private cache: { set: PolicySet; loadedAt: number } | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly reloads: CacheInvalidationService,
    private readonly clock: Clock,
    private readonly categories: CategoriesService,
  ) {}

  onModuleInit(): void {
    this.reloads.on('policies', () => {
      this.cache = null;
    });
  }

  async policySet(): Promise<PolicySet> {
    if (this.cache && Date.now() - this.cache.loadedAt < CACHE_TTL_MS) return this.cache.set;
    const loadedAt = Date.now();
    const repo = this.dataSource.getRepository(SlaPolicyEntity);
    const [active, latest] = await Promise.all([
      repo.find({ where: { active: true } }),
      repo.findOne({ where: {}, order: { version: 'DESC' }, select: { id: true, version: true } }),
    ]);
    const set = { rows: active.map(toRow), version: latest?.version ?? 0 };
    this.cache = { set, loadedAt };
    return set;
  }

  /** The clocks of a ticket dispatched now, and the policy version they come from. */
  async resolveFor(
    manager: EntityManager,
    ticket: { categoryId: number | null; appealType: AppealType | null; urgency: Urgency },
  ): Promise<{ clocks: SlaClocks; version: number }> {
    const set = await this.policySet();
    const resolved = resolveSlaPolicy(set.rows, {
      categoryPath: await this.categoryPathOf(manager, ticket.categoryId),
      appealType: ticket.appealType ?? DEFAULT_APPEAL_TYPE,
      urgency: ticket.urgency,
    });
    return { clocks: resolved.clocks, version: set.version };
  }

  /**
   * From the catalog's cached tree (reloaded on every category change), which spares the dispatch a
   * statement; a category the tree does not know yet (created a moment ago elsewhere) is read from MySQL.
   */
  private async categoryPathOf(manager: EntityManager, categoryId: number | null): Promise<string[]> {
    if (categoryId === null) return [];
    const node = (await this.categories.tree()).get(categoryId);
    return node ? node.pathIds.map(String).reverse() : categoryPath(manager, categoryId);
  }

  list(history = false): Promise<SlaPolicyEntity[]> {
    return this.dataSource
      .getRepository(SlaPolicyEntity)
      .find({ where: history ? {} : { active: true }, order: { policyId: 'ASC', version: 'DESC' } });
  }

  /** Every version of one policy, newest first. */
  async get(policyId: number): Promise<SlaPolicyEntity[]> {
    const versions = await this.dataSource
      .getRepository(SlaPolicyEntity)
      .find({ where: { policyId }, order: { version: 'DESC' } });
    if (versions.length === 0) throw notFound(policyId);
    return versions;
  }

  async create(dto: CreateSlaPolicyDto, actor: Actor): Promise<SlaPolicyEntity> {
    return this.write(actor, () => Promise.resolve({ before: null, fields: this.fieldsOf(dto, null), active: true }));
  }

  async update(policyId: number, dto: UpdateSlaPolicyDto, actor: Actor): Promise<SlaPolicyEntity> {
    return this.write(actor, async (manager) => {
      const before = await manager.findOne(SlaPolicyEntity, {
        where: { policyId },
        order: { version: 'DESC' },
        lock: { mode: 'pessimistic_write' },
      });
      if (!before) throw notFound(policyId);
      await manager.update(SlaPolicyEntity, { id: before.id }, { active: false });
      return { before, fields: this.fieldsOf(dto, before), active: dto.active ?? true };
    });
  }

  /** One new version row, in one transaction with its audit entry; then every process reloads. */
  private async write(
    actor: Actor,
    plan: (
      manager: EntityManager,
    ) => Promise<{ before: SlaPolicyEntity | null; fields: PolicyFields; active: boolean }>,
  ): Promise<SlaPolicyEntity> {
    let saved: SlaPolicyEntity;
    try {
      saved = await this.dataSource.transaction(async (manager) => {
        const { before, fields, active } = await plan(manager);
        if (active) await this.checkActiveKey(manager, fields, before?.policyId ?? null);
        await checkCategory(manager, fields.categoryId);
        const [{ next }] = (await manager.query(
          'SELECT COALESCE(MAX(version), 0) + 1 AS next FROM sla_policies FOR UPDATE',
        )) as { next: number | string }[];
        const inserted = await manager.insert(SlaPolicyEntity, {
          ...fields,
          policyId: before?.policyId ?? 0,
          version: Number(next),
          active,
          validFrom: this.clock.now(),
          createdBy: actor.userId,
        });
        const id = Number(inserted.identifiers[0]?.id);
        if (!before) await manager.update(SlaPolicyEntity, { id }, { policyId: id });
        const after = await manager.findOneByOrFail(SlaPolicyEntity, { id });
        await this.audit.record(manager, {
          actorUserId: actor.userId,
          requestId: actor.requestId,
          action: before ? 'update' : 'create',
          entityType: 'sla_policy',
          entityId: after.policyId,
          before,
          after,
        });
        return after;
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw DomainError.conflict(
          'SLA_POLICY_CONCURRENT_EDIT',
          'Another SLA policy edit was saved at the same time: retry',
        );
      }
      throw error;
    }
    this.cache = null;
    await this.reloads.publish('policies');
    return saved;
  }

  private fieldsOf(dto: UpdateSlaPolicyDto, before: SlaPolicyEntity | null): PolicyFields {
    const pick = <K extends keyof PolicyFields>(key: K, value: PolicyFields[K] | undefined): PolicyFields[K] =>
      value === undefined ? (before ? before[key] : null) : value;
    const fields: PolicyFields = {
      categoryId: pick('categoryId', dto.categoryId),
      appealType: pick('appealType', dto.appealType),
      urgency: pick('urgency', dto.urgency),
      acceptClock: pick('acceptClock', plain(dto.accept)),
      firstContactClock: pick('firstContactClock', plain(dto.firstContact)),
      resolutionClock: pick('resolutionClock', plain(dto.resolution)),
      callbackClock: pick('callbackClock', plain(dto.callback)),
    };
    const clocks = Object.values(CLOCK_COLUMNS).map((column) => fields[column]);
    if (clocks.every((spec) => spec === null)) {
      throw DomainError.invalidInput('SLA_POLICY_EMPTY', 'A policy sets at least one clock');
    }
    for (const spec of clocks) if (spec) assertValidClockSpec(spec);
    return fields;
  }

  /** One active policy per (category, appeal type, urgency): two would make the resolution a coin toss. */
  private async checkActiveKey(manager: EntityManager, f: PolicyFields, ownPolicyId: number | null): Promise<void> {
    const same = await manager.find(SlaPolicyEntity, {
      where: {
        active: true,
        categoryId: f.categoryId ?? IsNull(),
        appealType: f.appealType ?? IsNull(),
        urgency: f.urgency ?? IsNull(),
      },
    });
    const other = same.find((row) => row.policyId !== ownPolicyId);
    if (other) {
      throw DomainError.conflict(
        'SLA_POLICY_DUPLICATE',
        `Policy ${other.policyId} already covers this category, appeal type and urgency: edit it instead`,
      );
    }
  }
}

type PolicyFields = Pick<
  SlaPolicyEntity,
  'categoryId' | 'appealType' | 'urgency' | 'acceptClock' | 'firstContactClock' | 'resolutionClock' | 'callbackClock'
>;

function plain(spec: { amount: number; unit: ClockSpec['unit'] } | null | undefined): ClockSpec | null | undefined {
  return spec ? { amount: spec.amount, unit: spec.unit } : spec;
}

function isMissingTable(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } } | null;
  return e?.code === 'ER_NO_SUCH_TABLE' || e?.driverError?.code === 'ER_NO_SUCH_TABLE';
}

/**
 * The ticket's category and its ancestors, nearest first, from the catalog's materialised path
 * (`/3/17/`). The catalog module may not be installed yet: without its table the category is
 * unknown and only policies without a category match.
 */
export async function categoryPath(manager: EntityManager, categoryId: number | null): Promise<string[]> {
  if (categoryId === null) return [];
  try {
    const rows = (await manager.query('SELECT path FROM categories WHERE id = ?', [categoryId])) as { path: string }[];
    return (rows[0]?.path ?? '').split('/').filter(Boolean).reverse();
  } catch (error) {
    if (isMissingTable(error)) return [];
    throw error;
  }
}

async function checkCategory(manager: EntityManager, categoryId: number | null): Promise<void> {
  if (categoryId === null) return;
  try {
    const rows = (await manager.query('SELECT id FROM categories WHERE id = ?', [categoryId])) as unknown[];
    if (rows.length === 0) throw DomainError.invalidInput('CATEGORY_NOT_FOUND', `No category with id ${categoryId}`);
  } catch (error) {
    if (!isMissingTable(error)) throw error;
  }
}
