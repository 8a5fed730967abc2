import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ClassificationService, Classification } from '../classification/classification.service';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import { ResponsibilityService } from '../responsibility/responsibility.service';
import { Ticket, URGENCIES, Urgency } from '../tickets/ticket.entity';
import { SystemEventChanges, TicketsService } from '../tickets/tickets.service';
import { decideDispatch, POOL_REASON_TEXT } from './dispatch-decision';
import { DuplicateCandidate, DuplicatesService } from './duplicates.service';

/** The classification stored on the ticket, with the pipeline's own bookkeeping. */
export interface StoredClassification extends Classification {
  /** The event that put the ticket into the dispatch pool this round (submit, approved return). */
  roundEventId: number;
  /** The agent chose the category at intake: a person's choice, not a guess. */
  categoryFromAgent: boolean;
  duplicates: DuplicateCandidate[];
  classifiedAt: string;
  /** Set when this round ended in the pool, so the sweeper leaves it to the dispatchers. */
  pooledRoundEventId?: number;
}

export interface Suggestion {
  unitId: number;
  unitName: string;
  categoryId: number;
  categoryCode: string;
  confidence: number;
  why: string;
}

// a duplicate of the same caller this alike is held for a person to confirm the merge
const STRONG_DUPLICATE_SIMILARITY = 0.5;

/**
 * The two pipeline steps a worker runs: classify a submitted ticket, then dispatch it (or leave it
 * in the pool with suggestions). Both re-read the ticket and do nothing when the job is stale, so a
 * job that runs twice (a killed worker, a retry) changes nothing the second time.
 */
@Injectable()
export class PipelineService {
  private readonly logger = new Logger(PipelineService.name);

  constructor(
    private readonly tickets: TicketsService,
    private readonly classifier: ClassificationService,
    private readonly responsibility: ResponsibilityService,
    private readonly duplicates: DuplicatesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Classifies a ticket of the dispatch pool and, in the same transaction, dispatches it or leaves
   * it in the pool with suggestions: one job and one commit per ticket. The `classified` outbox
   * message says the decision is made, so no dispatch job follows it; the dispatch job remains for
   * tickets classified without a decision (the sweeper's re-enqueue of older rounds).
   */
  async classify(ticketId: number, roundEventId: number): Promise<'dispatched' | 'pooled' | 'stale'> {
    return this.tickets.commit(async (manager) => {
      const ticket = await this.tickets.lockTicket(manager, ticketId);
      if (!ticket || ticket.status !== 'pending_dispatch') return 'stale';
      const previous = ticket.classification as StoredClassification | null;
      if (previous && previous.roundEventId >= roundEventId) return 'stale';

      const text = [ticket.title, ticket.description, ticket.address].filter(Boolean).join('\n');
      const c = await this.classifier.classify(text);
      const areaId = ticket.areaId ?? c.place?.areaId ?? null;
      const categoryId = ticket.categoryId ?? c.category.categoryId;
      const duplicates = await this.duplicates.find(
        { ticketId, callerPhone: ticket.callerPhone, areaId, categoryId, text, at: ticket.createdAt },
        manager,
      );
      const stored: StoredClassification = {
        ...c,
        roundEventId,
        categoryFromAgent: ticket.categoryId !== null,
        duplicates,
        classifiedAt: new Date().toISOString(),
      };
      // what the agent chose stands; the classifier fills the gaps and may only raise the urgency
      const changes: SystemEventChanges = { classification: stored as unknown as Record<string, unknown> };
      if (ticket.areaId === null && areaId !== null) changes.areaId = areaId;
      if (ticket.categoryId === null && categoryId !== null) changes.categoryId = categoryId;
      if (ticket.appealType === null && c.appealType) changes.appealType = c.appealType.label as Ticket['appealType'];
      const urgency = moreUrgent(ticket.urgency, c.urgency.label);
      if (urgency !== ticket.urgency) changes.urgency = urgency;
      await this.tickets.recordSystemEventIn(
        manager,
        ticket,
        'classified',
        {
          roundEventId,
          method: c.method,
          modelId: c.modelId,
          category: { code: c.category.code, categoryId: c.category.categoryId, confidence: c.category.confidence },
          appealType: c.appealType,
          urgency: c.urgency,
          place: c.place,
          emergency: c.emergency,
          duplicates: duplicates.map((d) => ({
            ticketId: d.ticketId,
            number: d.number,
            reason: d.reason,
            similarity: d.similarity,
          })),
        },
        changes,
        { decided: true },
        // written by the dispatch or the pool's event that follows, in one UPDATE
        true,
      );
      return this.decide(manager, ticket, stored);
    });
  }

  /** The dispatch step on its own, for a ticket classified in an earlier job without a decision. */
  async dispatch(ticketId: number): Promise<'dispatched' | 'pooled' | 'stale'> {
    return this.tickets.commit(async (manager) => {
      const ticket = await this.tickets.lockTicket(manager, ticketId);
      if (!ticket || ticket.status !== 'pending_dispatch') return 'stale';
      const c = ticket.classification as StoredClassification | null;
      if (!c || c.pooledRoundEventId === c.roundEventId) return 'stale';
      return this.decide(manager, ticket, c);
    });
  }

  /** Auto-dispatch when the rules and the confidence allow it, else the pool with suggestions. */
  private async decide(
    manager: EntityManager,
    ticket: Ticket,
    c: StoredClassification,
  ): Promise<'dispatched' | 'pooled'> {
    const confidence = c.categoryFromAgent ? 1 : c.category.confidence;
    const resolution = ticket.categoryId && ticket.areaId ? await this.resolve(ticket.categoryId, ticket.areaId) : null;
    const decision = decideDispatch({
      emergency: c.emergency,
      categoryConfidence: confidence,
      threshold: this.config.DISPATCH_CONFIDENCE_THRESHOLD,
      strongDuplicate: c.duplicates.some(
        (d) => d.reason === 'same_caller' && d.similarity >= STRONG_DUPLICATE_SIMILARITY,
      ),
      resolution: resolution && {
        unitId: resolution.unit?.id ?? null,
        coHandlerUnitIds: resolution.coHandlers.map((u) => u.id),
        conflict: resolution.conflict !== null,
      },
    });
    if (decision.kind === 'auto') {
      const knownUnits = await this.responsibility.knownUnits([decision.unitId, ...decision.coHandlerUnitIds]);
      await this.tickets.systemAct(
        ticket.id,
        'dispatch',
        { unitId: decision.unitId, coHandlerUnitIds: decision.coHandlerUnitIds },
        'dispatcher',
        { manager, locked: ticket, knownUnits },
      );
      return 'dispatched';
    }
    const suggestions = ticket.areaId ? await this.suggest(c, ticket.categoryId, ticket.areaId) : [];
    await this.tickets.recordSystemEventIn(
      manager,
      ticket,
      decision.why === 'emergency' ? 'emergency-flagged' : 'dispatch-suggested',
      { why: decision.why, text: POOL_REASON_TEXT[decision.why], suggestions, emergency: c.emergency },
      { classification: { ...c, pooledRoundEventId: c.roundEventId } as unknown as Record<string, unknown> },
    );
    return 'pooled';
  }

  /** Up to three units for a dispatcher: the rules' answer for the top categories, and why. */
  private async suggest(
    c: StoredClassification,
    chosenCategoryId: number | null,
    areaId: number,
  ): Promise<Suggestion[]> {
    const categories = [
      ...(chosenCategoryId ? [{ categoryId: chosenCategoryId, code: '', confidence: 1 }] : []),
      ...c.category.top.filter((g) => g.categoryId !== null),
    ];
    const suggestions: Suggestion[] = [];
    for (const guess of categories) {
      if (suggestions.length >= 3) break;
      const r = await this.resolve(guess.categoryId!, areaId);
      if (!r?.unit || suggestions.some((s) => s.unitId === r.unit!.id)) continue;
      suggestions.push({
        unitId: r.unit.id,
        unitName: r.unit.name,
        categoryId: guess.categoryId!,
        categoryCode: r.category.code,
        confidence: guess.confidence,
        why: `${r.category.name}（置信度 ${Math.round(guess.confidence * 100)}%）→ ${r.rule?.sourceDocument ?? '权责清单'}`,
      });
    }
    return suggestions;
  }

  private async resolve(categoryId: number, areaId: number) {
    try {
      return await this.responsibility.resolve({ categoryId, areaId });
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return null;
      throw error;
    }
  }
}

function moreUrgent(a: Urgency, b: Urgency): Urgency {
  return URGENCIES.indexOf(a) <= URGENCIES.indexOf(b) ? a : b;
}
