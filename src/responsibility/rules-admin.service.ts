import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Category } from '../catalog/category.entity';
import type { Actor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import { decodeIdCursor, Page, pageOf } from '../common/pagination';
import { Area } from '../org/area.entity';
import { Unit } from '../org/unit.entity';
import { CreateRuleDto, ListRulesQuery, UpdateRuleDto } from './dto/rule.dto';
import { ResponsibilityRule } from './responsibility-rule.entity';
import { ResponsibilityRuleVersion } from './responsibility-rule-version.entity';
import { ResponsibilityService } from './responsibility.service';
import { checkRule, isTie, RuleDraft } from './rule-checks';
import { draftOf, insertRule, loadRules, updateRule } from './rule-store';

export type RuleDetail = ResponsibilityRule & { versions: ResponsibilityRuleVersion[] };

const notFound = (id: number): DomainError => DomainError.notFound('RULE_NOT_FOUND', `No responsibility rule ${id}`);

/** Admin changes of the responsibility lists: checked, versioned and audited in one transaction each. */
@Injectable()
export class RulesAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly responsibility: ResponsibilityService,
  ) {}

  async list(query: ListRulesQuery): Promise<Page<ResponsibilityRule>> {
    const limit = query.limit ?? 50;
    const after = decodeIdCursor(query.cursor);
    const qb = this.dataSource
      .getRepository(ResponsibilityRule)
      .createQueryBuilder('r')
      .orderBy('r.id', 'ASC')
      .take(limit + 1);
    if (after) qb.andWhere('r.id > :after', { after });
    if (query.categoryId) qb.andWhere('r.category_id = :categoryId', { categoryId: query.categoryId });
    if (query.areaId === 0) qb.andWhere('r.area_id IS NULL');
    else if (query.areaId) qb.andWhere('r.area_id = :areaId', { areaId: query.areaId });
    if (query.unitId) {
      qb.andWhere('(r.target_unit_id = :unitId OR JSON_CONTAINS(r.co_handler_unit_ids, :unitJson))', {
        unitId: query.unitId,
        unitJson: String(query.unitId),
      });
    }
    if (query.active) qb.andWhere('r.active = :active', { active: query.active === 'true' });
    return pageOf(await qb.getMany(), limit);
  }

  async get(id: number): Promise<RuleDetail> {
    const rule = await this.dataSource.getRepository(ResponsibilityRule).findOneBy({ id });
    if (!rule) throw notFound(id);
    const versions = await this.dataSource
      .getRepository(ResponsibilityRuleVersion)
      .find({ where: { ruleId: id }, order: { version: 'ASC' } });
    return Object.assign(rule, { versions });
  }

  async create(dto: CreateRuleDto, actor: Actor): Promise<ResponsibilityRule> {
    const draft: RuleDraft = {
      categoryId: dto.categoryId,
      areaId: dto.areaId ?? null,
      targetKind: dto.targetKind,
      targetUnitId: dto.targetUnitId ?? null,
      targetLevel: dto.targetLevel ?? null,
      coHandlerUnitIds: dto.coHandlerUnitIds ?? [],
      priority: dto.priority,
      validFrom: dto.validFrom,
      validTo: dto.validTo ?? null,
      sourceDocument: dto.sourceDocument,
      active: dto.active ?? true,
    };
    const rule = await this.dataSource.transaction(async (manager) => {
      await this.check(manager, draft, null);
      const created = await insertRule(manager, draft, 'create', actor.userId);
      await this.record(manager, actor, 'create', null, created);
      return created;
    });
    await this.responsibility.changed();
    return rule;
  }

  async update(id: number, dto: UpdateRuleDto, actor: Actor): Promise<ResponsibilityRule> {
    const rule = await this.dataSource.transaction(async (manager) => {
      const before = await this.lockedRule(manager, id, dto.version);
      const fields: Partial<RuleDraft> = { ...dto };
      delete (fields as UpdateRuleDto).version;
      const draft: RuleDraft = { ...draftOf(before) };
      // switching the kind of target clears the other kind's field unless the request sets it
      if (fields.targetKind === 'territorial') draft.targetUnitId = null;
      if (fields.targetKind === 'unit') draft.targetLevel = null;
      for (const [key, value] of Object.entries(fields) as [keyof RuleDraft, unknown][]) {
        if (value !== undefined) Object.assign(draft, { [key]: value });
      }
      if (JSON.stringify(draft) === JSON.stringify(draftOf(before))) return before;
      await this.check(manager, draft, id);
      const after = await updateRule(manager, before, draft, 'update', actor.userId);
      await this.record(manager, actor, 'update', before, after);
      return after;
    });
    await this.responsibility.changed();
    return rule;
  }

  async deactivate(id: number, actor: Actor): Promise<ResponsibilityRule> {
    const rule = await this.dataSource.transaction(async (manager) => {
      const before = await this.lockedRule(manager, id);
      if (!before.active) return before;
      const after = await updateRule(
        manager,
        before,
        { ...draftOf(before), active: false },
        'deactivate',
        actor.userId,
      );
      await this.record(manager, actor, 'update', before, after);
      return after;
    });
    await this.responsibility.changed();
    return rule;
  }

  private async lockedRule(manager: EntityManager, id: number, expectedVersion?: number): Promise<ResponsibilityRule> {
    const rule = await manager.findOne(ResponsibilityRule, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!rule) throw notFound(id);
    if (expectedVersion !== undefined && expectedVersion !== rule.version) {
      throw DomainError.conflict(
        'RULE_VERSION_CONFLICT',
        `Rule ${id} is at version ${rule.version}, not ${expectedVersion}: reload it and try again`,
      );
    }
    return rule;
  }

  private async check(manager: EntityManager, draft: RuleDraft, selfId: number | null): Promise<void> {
    // locking the category serialises rule writes per category, so the tie check sees every committed rule
    const category = await manager.findOne(Category, {
      where: { id: draft.categoryId },
      lock: { mode: 'pessimistic_write' },
    });
    const areaExists = draft.areaId === null || (await manager.existsBy(Area, { id: draft.areaId }));
    const unitIds = [...(draft.targetUnitId ? [draft.targetUnitId] : []), ...draft.coHandlerUnitIds];
    const units = unitIds.length ? await manager.findBy(Unit, { id: In(unitIds) }) : [];
    const problem = checkRule(draft, {
      category: category ?? undefined,
      areaExists,
      unit: (id) => units.find((u) => u.id === id),
    });
    if (problem) throw DomainError.invalidInput(problem.code, problem.message, { field: problem.field });
    if (!draft.active) return;
    const tie = (await loadRules(manager, { categoryId: draft.categoryId, lock: true })).find(
      (other) => other.id !== selfId && isTie(draft, other),
    );
    if (tie) {
      throw DomainError.conflict(
        'RULE_CONFLICT',
        `Rule ${tie.id} has the same category, area and priority with overlapping validity: the resolver could not choose`,
        { ruleId: tie.id },
      );
    }
  }

  private record(
    manager: EntityManager,
    actor: Actor,
    action: 'create' | 'update',
    before: ResponsibilityRule | null,
    after: ResponsibilityRule,
  ): Promise<void> {
    return this.audit.record(manager, {
      actorUserId: actor.userId,
      requestId: actor.requestId,
      action,
      entityType: 'rule',
      entityId: after.id,
      before,
      after,
    });
  }
}
