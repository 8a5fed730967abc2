import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { transaction } from '../database/transaction';
import { AuthUser, systemActor } from '../auth/auth-user';
import type { Role } from '../org/user.entity';
import { DomainError } from '../common/domain-error';
import { Area } from '../org/area.entity';
import { OutboxNotifier } from '../outbox/outbox.notifier';
import { SlaService } from '../sla/sla.service';
import { CreateTicketDto } from './dto/create-ticket.dto';
import { TicketActionDto } from './dto/ticket-action.dto';
import { actorOf, canSeeTicket, unitScopeOf } from './ticket-access';
import { ActionEffects, applyEffects, planEffects } from './ticket-effects';
import { TicketEvent } from './ticket-event.entity';
import { appendTicketEvent, TimelineEntry } from './ticket-event.writer';
import { NON_TRANSITION_EVENTS } from './ticket-timeline';
import { nextTicketNumber } from './ticket-numbers';
import { allowedActions, isOpen, TicketAction, transition, transitionError } from './ticket-state-machine';
import { TicketUnit } from './ticket-unit.entity';
import { toEventView, toTicketView, TicketEventView, TicketView } from './ticket-view';
import { SourceLine, Ticket } from './ticket.entity';
import { CallsService } from '../calls/calls.service';

export type TicketDetail = TicketView & {
  events: TicketEventView[];
  /** What this viewer may do now: the consoles draw their buttons from the rules the server enforces. */
  allowedActions: TicketAction[];
  revealedPhone?: string;
};

const notFound = (id: number): DomainError => DomainError.notFound('TICKET_NOT_FOUND', `No ticket ${id}`);

/**
 * The only writer of ticket state. Every action is one transaction: the state machine's check,
 * the optimistic version check, the change, one append-only event and one outbox row.
 */
@Injectable()
export class TicketsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxNotifier,
    private readonly calls: CallsService,
    private readonly sla: SlaService,
  ) {}

  async create(dto: CreateTicketDto, user: AuthUser): Promise<TicketDetail> {
    const number = await nextTicketNumber(this.dataSource);
    const id = await transaction(this.dataSource, async (manager) => {
      if (dto.areaId && !(await manager.existsBy(Area, { id: dto.areaId }))) {
        throw DomainError.invalidInput('AREA_NOT_FOUND', `No area with id ${dto.areaId}`);
      }
      // a ticket made from a call takes the line and the number the CTI reported, unless the agent typed others
      const call = dto.callId ? await this.calls.findById(dto.callId) : null;
      const inserted = await manager.insert(Ticket, {
        number,
        channel: dto.channel ?? 'phone',
        sourceLine: dto.sourceLine ?? (call?.sourceLine as SourceLine | undefined) ?? '12345',
        callerName: dto.callerName ?? null,
        callerPhone: dto.callerPhone ?? call?.callerPhone ?? null,
        callerConfidential: dto.callerConfidential ?? false,
        title: dto.title ?? null,
        description: dto.description,
        address: dto.address ?? null,
        areaId: dto.areaId ?? null,
        categoryId: dto.categoryId ?? null,
        appealType: dto.appealType ?? null,
        urgency: dto.urgency ?? 'normal',
        status: 'new',
        pendingRequest: null,
        createdBy: user.id,
      });
      const ticketId = Number(inserted.identifiers[0]?.id);
      if (call) await this.calls.linkToTicket(manager, call.id, ticketId);
      await this.appendEvent(manager, ticketId, user, {
        action: 'created',
        fromStatus: null,
        toStatus: 'new',
        reason: null,
        payload: { channel: dto.channel ?? 'phone', sourceLine: dto.sourceLine ?? '12345', callId: dto.callId ?? null },
      });
      // 提交派单 in one step: the agent's usual way, the same rule and the same event as a separate submit
      if (dto.submit) {
        const result = transition({ status: 'new', pendingRequest: null }, 'submit', actorOf(user, []), {});
        if (!result.ok) throw transitionError(result);
        await manager.update(Ticket, { id: ticketId }, { status: result.to, version: () => 'version + 1' });
        await this.appendEvent(manager, ticketId, user, {
          action: 'submit',
          fromStatus: 'new',
          toStatus: result.to,
          reason: null,
          payload: null,
        });
      }
      return ticketId;
    });
    this.outbox.notify();
    return this.detail(id, user);
  }

  async detail(id: number, user: AuthUser): Promise<TicketDetail> {
    const { ticket, units } = await this.loadVisible(this.dataSource.manager, id, user);
    const events = await this.dataSource
      .getRepository(TicketEvent)
      .find({ where: { ticketId: id }, order: { id: 'ASC' } });
    const state = {
      status: ticket.status,
      pendingRequest: ticket.pendingRequest,
      confidential: ticket.callerConfidential,
    };
    return {
      ...toTicketView(ticket, units, unitScopeOf(user)),
      events: events.map(toEventView),
      allowedActions: allowedActions(state, actorOf(user, units)),
    };
  }

  async act(id: number, action: TicketAction, dto: TicketActionDto, user: AuthUser): Promise<TicketDetail> {
    const revealedPhone = await this.perform(id, action, dto, user);
    const detail = await this.detail(id, user);
    return revealedPhone ? { ...detail, revealedPhone } : detail;
  }

  /** The action itself, in one transaction; returns the revealed number of a reveal-phone. */
  private async perform(
    id: number,
    action: TicketAction,
    dto: TicketActionDto,
    user: AuthUser,
  ): Promise<string | undefined> {
    let revealedPhone: string | undefined;
    await transaction(this.dataSource, async (manager) => {
      const { ticket, units } = await this.loadVisible(manager, id, user);
      const result = transition(
        { status: ticket.status, pendingRequest: ticket.pendingRequest, confidential: ticket.callerConfidential },
        action,
        actorOf(user, units),
        { reason: dto.reason, decision: dto.decision, solved: dto.solved, satisfaction: dto.satisfaction },
      );
      if (!result.ok) throw transitionError(result);
      if (dto.version !== ticket.version) throw staleVersion(ticket.version);

      const context = { action, dto, user, ticket, units, to: result.to, now: this.sla.now() };
      const effects: ActionEffects = await planEffects(manager, context);
      const sla = await this.sla.onAction(manager, { ...context, effects });
      const changed = await manager
        .createQueryBuilder()
        .update(Ticket)
        .set({
          ...effects.ticket,
          ...sla.ticket,
          status: result.to,
          pendingRequest: result.pendingRequest,
          version: () => 'version + 1',
        })
        .where('id = :id AND version = :version', { id, version: dto.version })
        .execute();
      // another action committed between our read and this write: refuse, and roll everything back
      if (!changed.affected) throw staleVersion(null);
      await applyEffects(manager, id, effects);
      await this.appendEvent(manager, id, user, {
        action,
        fromStatus: ticket.status,
        toStatus: result.to,
        reason: dto.reason ?? null,
        payload: sla.eventPayload ? { ...effects.eventPayload, sla: sla.eventPayload } : effects.eventPayload,
      });
      if (effects.masterEvent) {
        await this.appendEvent(manager, effects.masterEvent.ticketId, user, {
          action: 'duplicate-linked',
          fromStatus: null,
          toStatus: null,
          reason: null,
          payload: effects.masterEvent.payload,
        });
      }
      if (effects.revealedPhone) revealedPhone = effects.revealedPhone;
      await this.sla.applyRollup(manager, id, sla.rollup);
    });
    this.outbox.notify();
    return revealedPhone;
  }

  /**
   * Links a later call about the same matter to an open ticket. A repeat call is also the citizen
   * urging: the event says so, and the consoles show it as such.
   */
  async linkCall(id: number, callId: number, user: AuthUser): Promise<TicketDetail> {
    await transaction(this.dataSource, async (manager) => {
      const { ticket } = await this.loadVisible(manager, id, user);
      if (!isOpen(ticket.status)) {
        throw new DomainError(
          'TICKET_NOT_OPEN',
          'invalid_state',
          'A closed ticket takes no more calls: create a new ticket',
        );
      }
      const call = await this.calls.linkToTicket(manager, callId, id);
      await manager.update(Ticket, { id }, { version: () => 'version + 1' });
      await this.appendEvent(manager, id, user, {
        action: 'call-linked',
        fromStatus: null,
        toStatus: null,
        reason: null,
        payload: { callId: call.id, ctiCallId: call.ctiCallId, urging: true },
      });
    });
    this.outbox.notify();
    return this.detail(id, user);
  }

  /**
   * An action the system takes by itself (auto-dispatch, an urge after a breach), on the ticket's
   * current version. A concurrent human action still wins: the caller gets TICKET_VERSION_CONFLICT
   * and its job retries on the new state.
   */
  async systemAct(
    id: number,
    action: TicketAction,
    input: Omit<TicketActionDto, 'version'>,
    role: Role,
  ): Promise<void> {
    const current = await this.dataSource
      .getRepository(Ticket)
      .findOne({ where: { id }, select: { id: true, version: true } });
    if (!current) throw notFound(id);
    // nobody reads the answer of a system action: no detail to load
    await this.perform(id, action, { ...input, version: current.version }, systemActor(role));
  }

  /**
   * Records a step that is not a workflow action (classified, dispatch suggestions, SLA warnings)
   * with its event and outbox row; `changes` (e.g. the classification) bump the version like any edit.
   */
  async recordSystemEvent(
    ticketId: number,
    action: string,
    payload: Record<string, unknown>,
    changes: Partial<Pick<Ticket, 'classification' | 'categoryId' | 'appealType' | 'urgency' | 'areaId'>> = {},
  ): Promise<number> {
    if (!NON_TRANSITION_EVENTS.has(action)) throw new Error(`${action} is not a listed non-transition event`);
    const eventId = await transaction(this.dataSource, async (manager) => {
      const ticket = await manager.findOne(Ticket, { where: { id: ticketId }, lock: { mode: 'pessimistic_write' } });
      if (!ticket) throw notFound(ticketId);
      if (Object.keys(changes).length > 0) {
        await manager.update(Ticket, { id: ticketId }, { ...(changes as object), version: () => 'version + 1' });
      }
      return this.appendEvent(manager, ticketId, null, {
        action,
        fromStatus: null,
        toStatus: null,
        reason: null,
        payload,
      });
    });
    this.outbox.notify();
    return eventId;
  }

  /** Loads a ticket the user may see; anything else is "not found", so scope never leaks existence. */
  private async loadVisible(
    manager: EntityManager,
    id: number,
    user: AuthUser,
  ): Promise<{ ticket: Ticket; units: TicketUnit[] }> {
    const ticket = await manager.findOneBy(Ticket, { id });
    if (!ticket) throw notFound(id);
    const units = await manager.findBy(TicketUnit, { ticketId: id });
    if (!canSeeTicket(unitScopeOf(user), units)) throw notFound(id);
    return { ticket, units };
  }

  /** Appends one timeline event and the outbox row that carries it (see ticket-event.writer.ts). */
  appendEvent(
    manager: EntityManager,
    ticketId: number,
    user: Pick<AuthUser, 'id' | 'unitId'> | null,
    event: TimelineEntry,
  ): Promise<number> {
    return appendTicketEvent(manager, ticketId, user, event);
  }
}

function staleVersion(current: number | null): DomainError {
  return DomainError.conflict(
    'TICKET_VERSION_CONFLICT',
    'The ticket changed since you loaded it: reload and try again',
    current === null ? undefined : { currentVersion: current },
  );
}
