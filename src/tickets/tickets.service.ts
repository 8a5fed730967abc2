import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EntityRows } from '../database/entity-rows';
import { transaction } from '../database/transaction';
import { AuthUser, systemActor } from '../auth/auth-user';
import type { Role } from '../org/user.entity';
import { DomainError } from '../common/domain-error';
import { Area } from '../org/area.entity';
import type { KnownUnit } from '../org/unit.entity';
import { OutboxNotifier } from '../outbox/outbox.notifier';
import { SlaService } from '../sla/sla.service';
import { CreateTicketDto } from './dto/create-ticket.dto';
import { TicketActionDto } from './dto/ticket-action.dto';
import { actorOf, canSeeTicket, unitScopeOf } from './ticket-access';
import { ActionEffects, applyEffects, planEffects } from './ticket-effects';
import { TicketEvent } from './ticket-event.entity';
import {
  appendEventsOfNewTickets,
  appendTicketEvent,
  appendTicketEventLater,
  TimelineEntry,
} from './ticket-event.writer';
import { NON_TRANSITION_EVENTS } from './ticket-timeline';
import { reserveTicketNumbers, TicketNumbers } from './ticket-numbers';
import { allowedActions, isOpen, TicketAction, transition, transitionError } from './ticket-state-machine';
import { TicketUnit } from './ticket-unit.entity';
import { toEventView, toTicketView, TicketEventView, TicketView } from './ticket-view';
import { SourceLine, Ticket } from './ticket.entity';
import { CallsService } from '../calls/calls.service';
import { GroupCommit, meteredGroupCommit } from '../database/group-commit';
import { MetricsService } from '../metrics/metrics.service';

export type TicketDetail = TicketView & {
  events: TicketEventView[];
  /** What this viewer may do now: the consoles draw their buttons from the rules the server enforces. */
  allowedActions: TicketAction[];
  revealedPhone?: string;
};

export type SystemEventChanges = Partial<
  Pick<Ticket, 'classification' | 'categoryId' | 'appealType' | 'urgency' | 'areaId'>
>;

/**
 * Ticket changes of system events held back to ride on the transaction's next UPDATE of the same
 * ticket (recordSystemEventIn with `hold`): the pipeline's classification is written by the dispatch
 * that follows it. `bumps`: the versions the held events count. What is still held when the
 * transaction's work ends is written then (TicketsService.commit).
 */
const heldChanges = new WeakMap<EntityManager, Map<number, { changes: SystemEventChanges; bumps: number }>>();

function takeHeld(manager: EntityManager, ticketId: number): { changes: SystemEventChanges; bumps: number } | null {
  const held = heldChanges.get(manager)?.get(ticketId) ?? null;
  if (held) heldChanges.get(manager)?.delete(ticketId);
  return held;
}

/** One intake waiting for its batch: the row to insert, the events to append, the call it links. */
type Intake = { ticket: Ticket; timeline: TimelineEntry[]; user: AuthUser; callId: number | null };

/** Intakes per transaction at most, and transactions of intakes at once per process. */
const INTAKE_BATCH = { maxBatch: 64, maxInFlight: 2 };

const notFound = (id: number): DomainError => DomainError.notFound('TICKET_NOT_FOUND', `No ticket ${id}`);

/**
 * The only writer of ticket state. Every action is one transaction: the state machine's check,
 * the optimistic version check, the change, one append-only event and one outbox row.
 */
@Injectable()
export class TicketsService {
  private readonly knownAreas = new Set<number>();
  private readonly numbers: TicketNumbers;
  private readonly ticketRows: EntityRows<Ticket>;
  private readonly unitRows: EntityRows<TicketUnit>;
  private readonly intake: GroupCommit<Intake, TicketEventView[]>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxNotifier,
    private readonly calls: CallsService,
    private readonly sla: SlaService,
    metrics: MetricsService,
  ) {
    this.numbers = new TicketNumbers((day, count) => reserveTicketNumbers(dataSource, day, count));
    this.ticketRows = EntityRows.of(dataSource, Ticket);
    this.unitRows = EntityRows.of(dataSource, TicketUnit);
    this.intake = meteredGroupCommit((intakes: Intake[]) => this.writeIntakes(intakes), INTAKE_BATCH, {
      registry: metrics.registry,
      prefix: 'hotline_intake',
      items: 'Intakes',
    });
  }

  /**
   * Intake: the ticket, its `created` event and, for 提交派单 in the same step (the agent's usual
   * way), its `submit` event, in one transaction, which the intakes arriving meanwhile share
   * (writeIntakes). The answer is built from what was written: the agent's console gets the detail
   * without reading it back.
   */
  async create(dto: CreateTicketDto, user: AuthUser): Promise<TicketDetail> {
    if (dto.areaId) await this.checkAreaExists(dto.areaId);
    // the same rule and the same event as a separate submit
    const submitted = dto.submit
      ? transition({ status: 'new', pendingRequest: null }, 'submit', actorOf(user, []), {})
      : null;
    if (submitted && !submitted.ok) throw transitionError(submitted);
    // a ticket made from a call takes the line and the number the CTI reported, unless the agent typed others
    const call = dto.callId ? await this.calls.findById(dto.callId) : null;
    const number = await this.numbers.next();
    const now = new Date();
    const ticket = Object.assign(new Ticket(), {
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
      status: submitted?.ok ? submitted.to : 'new',
      pendingRequest: null,
      primaryUnitId: null,
      masterTicketId: null,
      handOverTo: null,
      classification: null,
      createdBy: user.id,
      dispatchedAt: null,
      acceptedAt: null,
      firstContactAt: null,
      repliedAt: null,
      closedAt: null,
      acceptDueAt: null,
      firstContactDueAt: null,
      resolutionDueAt: null,
      callbackDueAt: null,
      nextDeadlineAt: null,
      slaPolicyVersion: null,
      version: submitted ? 2 : 1,
      createdAt: now,
      updatedAt: now,
    } satisfies Omit<Ticket, 'id'>);
    const timeline: TimelineEntry[] = [
      {
        action: 'created',
        fromStatus: null,
        toStatus: 'new',
        reason: null,
        payload: { channel: ticket.channel, sourceLine: dto.sourceLine ?? '12345', callId: dto.callId ?? null },
      },
      ...(submitted?.ok
        ? [{ action: 'submit', fromStatus: 'new', toStatus: submitted.to, reason: null, payload: null }]
        : []),
    ];
    const events = await this.intake.submit({ ticket, timeline, user, callId: call?.id ?? null });
    return {
      ...toTicketView(ticket, [], unitScopeOf(user)),
      events,
      allowedActions: allowedActions(
        { status: ticket.status, pendingRequest: null, confidential: ticket.callerConfidential },
        actorOf(user, []),
      ),
    };
  }

  /**
   * A batch of intakes in one transaction (see GroupCommit): one INSERT for the tickets, one for their
   * events, one for the outbox rows. A failed batch is written again one intake at a time, so a bad
   * intake (a call another ticket took meanwhile) fails alone. Returns each intake's events as written.
   */
  private writeIntakes(intakes: Intake[]): Promise<TicketEventView[][]> {
    return this.commit(async (manager) => {
      const ids = await insertTickets(
        manager,
        intakes.map((i) => i.ticket),
      );
      intakes.forEach((intake, i) => (intake.ticket.id = ids[i]));
      for (const { callId, ticket } of intakes) {
        if (callId !== null) await this.calls.linkToTicket(manager, callId, ticket.id);
      }
      const entries = intakes.flatMap(({ ticket, timeline, user }) =>
        timeline.map((event) => ({ ticketId: ticket.id, user, event, at: ticket.createdAt })),
      );
      const eventIds = await appendEventsOfNewTickets(manager, entries);
      let next = 0;
      return intakes.map(({ ticket, timeline, user }) =>
        timeline.map((entry) => ({
          seq: eventIds[next++],
          ...entry,
          actorUserId: user.id > 0 ? user.id : null,
          actorUnitId: user.unitId ?? null,
          at: ticket.createdAt,
        })),
      );
    });
  }

  /** Areas are never deleted, so an id seen once stays valid: intake asks MySQL once per area. */
  private async checkAreaExists(areaId: number): Promise<void> {
    if (this.knownAreas.has(areaId)) return;
    if (!(await this.dataSource.getRepository(Area).existsBy({ id: areaId }))) {
      throw DomainError.invalidInput('AREA_NOT_FOUND', `No area with id ${areaId}`);
    }
    this.knownAreas.add(areaId);
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
    return this.commit((manager) => this.performIn(manager, id, action, dto, user));
  }

  /**
   * The action inside the caller's transaction. `expectedVersion` is the version the actor saw, or
   * 'current' for the system, which acts on the row as it reads it under its lock.
   */
  private async performIn(
    manager: EntityManager,
    id: number,
    action: TicketAction,
    dto: Omit<TicketActionDto, 'version'>,
    user: AuthUser,
    expectedVersion: number | 'current' = (dto as TicketActionDto).version,
    locked?: Ticket,
    knownUnits?: ReadonlyMap<number, KnownUnit>,
  ): Promise<string | undefined> {
    const { ticket, units } = await this.loadVisible(manager, id, user, expectedVersion === 'current', locked);
    const result = transition(
      { status: ticket.status, pendingRequest: ticket.pendingRequest, confidential: ticket.callerConfidential },
      action,
      actorOf(user, units),
      { reason: dto.reason, decision: dto.decision, solved: dto.solved, satisfaction: dto.satisfaction },
    );
    if (!result.ok) throw transitionError(result);
    const version = expectedVersion === 'current' ? ticket.version : expectedVersion;
    if (version !== ticket.version) throw staleVersion(ticket.version);

    const context = { action, dto: { ...dto, version }, user, ticket, units, to: result.to, now: this.sla.now() };
    const effects: ActionEffects = await planEffects(manager, { ...context, knownUnits });
    const sla = await this.sla.onAction(manager, { ...context, effects });
    const held = takeHeld(manager, id);
    const changed = await this.ticketRows.update(
      manager,
      {
        ...held?.changes,
        ...effects.ticket,
        ...sla.ticket,
        status: result.to,
        pendingRequest: result.pendingRequest,
        version: () => `version + ${1 + (held?.bumps ?? 0)}`,
      },
      'id = ? AND version = ?',
      [id, version],
    );
    // another action committed between our read and this write: refuse, and roll everything back
    if (!changed) throw staleVersion(null);
    await applyEffects(manager, id, effects, units);
    await appendTicketEventLater(manager, id, user, {
      action,
      fromStatus: ticket.status,
      toStatus: result.to,
      reason: dto.reason ?? null,
      payload: sla.eventPayload ? { ...effects.eventPayload, sla: sla.eventPayload } : effects.eventPayload,
    });
    if (effects.masterEvent) {
      await appendTicketEventLater(manager, effects.masterEvent.ticketId, user, {
        action: 'duplicate-linked',
        fromStatus: null,
        toStatus: null,
        reason: null,
        payload: effects.masterEvent.payload,
      });
    }
    await this.sla.applyRollup(manager, id, sla.rollup);
    return effects.revealedPhone;
  }

  /**
   * Links a later call about the same matter to an open ticket. A repeat call is also the citizen
   * urging: the event says so, and the consoles show it as such. Linking a call the ticket already has
   * (a double click, a retried request, the call that created it) changes nothing: one call, one urging.
   */
  async linkCall(id: number, callId: number, user: AuthUser): Promise<TicketDetail> {
    await this.commit(async (manager) => {
      const { ticket } = await this.loadVisible(manager, id, user);
      if (!isOpen(ticket.status)) {
        throw new DomainError(
          'TICKET_NOT_OPEN',
          'invalid_state',
          'A closed ticket takes no more calls: create a new ticket',
        );
      }
      const { call, linked } = await this.calls.linkToTicket(manager, callId, id);
      if (!linked) return;
      await manager.update(Ticket, { id }, { version: () => 'version + 1' });
      await this.appendEvent(manager, id, user, {
        action: 'call-linked',
        fromStatus: null,
        toStatus: null,
        reason: null,
        payload: { callId: call.id, ctiCallId: call.ctiCallId, urging: true },
      });
    });
    return this.detail(id, user);
  }

  /**
   * An action the system takes by itself (auto-dispatch, an urge after a breach), on the ticket's
   * current version, read under its row lock: a person acting on the same ticket meanwhile waits for
   * the commit and then gets TICKET_VERSION_CONFLICT on the new state. `within`: the caller's
   * transaction and the ticket row it holds locked (kept in step with what it changed), and the units it
   * has just read (see planEffects).
   */
  async systemAct(
    id: number,
    action: TicketAction,
    input: Omit<TicketActionDto, 'version'>,
    role: Role,
    within?: { manager: EntityManager; locked: Ticket; knownUnits?: ReadonlyMap<number, KnownUnit> },
  ): Promise<void> {
    // nobody reads the answer of a system action: no detail to load
    if (within) {
      const { manager, locked, knownUnits } = within;
      await this.performIn(manager, id, action, input, systemActor(role), 'current', locked, knownUnits);
      return;
    }
    await this.commit((m) => this.performIn(m, id, action, input, systemActor(role), 'current'));
  }

  /**
   * How every change of ticket state commits: one transaction (retried on a deadlock) whose outbox
   * rows go with its later statements (runTransaction), then a wake-up for the outbox relay, which
   * delivers them. Steps outside this service that decide on a ticket (the pipeline) commit through it too.
   */
  async commit<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await transaction(this.dataSource, async (manager) => {
      heldChanges.set(manager, new Map());
      try {
        const done = await work(manager);
        for (const [ticketId, held] of heldChanges.get(manager) ?? []) {
          await this.writeChanges(manager, ticketId, held);
        }
        return done;
      } finally {
        heldChanges.delete(manager);
      }
    });
    this.outbox.notify();
    return result;
  }

  /** The ticket's row under a write lock, for a step that decides on what it reads (the pipeline). */
  lockTicket(manager: EntityManager, ticketId: number): Promise<Ticket | null> {
    return this.ticketRows.one(manager, 'id = ? FOR UPDATE', [ticketId]);
  }

  /**
   * Records a step that is not a workflow action (classified, dispatch suggestions) with its event
   * and outbox row, inside the caller's transaction, on a ticket it has locked (lockTicket). `changes`
   * (e.g. the classification) bump the version like any edit, and are applied to that object too.
   * `outbox` adds fields to the outbox message (not the event). `hold`: the changes wait for the
   * transaction's next write of the ticket (an action, another system event, or the end of
   * TicketsService.commit), which saves a statement; the object's version moves then. The event goes
   * with the transaction's next statement (appendTicketEventLater).
   */
  async recordSystemEventIn(
    manager: EntityManager,
    ticket: Ticket,
    action: string,
    payload: Record<string, unknown>,
    changes: SystemEventChanges = {},
    outbox?: Record<string, unknown>,
    hold = false,
  ): Promise<void> {
    if (!NON_TRANSITION_EVENTS.has(action)) throw new Error(`${action} is not a listed non-transition event`);
    const changing = Object.keys(changes).length > 0;
    const held = takeHeld(manager, ticket.id);
    const pending = { changes: { ...held?.changes, ...changes }, bumps: (held?.bumps ?? 0) + (changing ? 1 : 0) };
    Object.assign(ticket, changes);
    const holding = heldChanges.get(manager);
    if (hold && holding) holding.set(ticket.id, pending);
    else if (pending.bumps > 0) {
      await this.writeChanges(manager, ticket.id, pending);
      ticket.version += pending.bumps;
    }
    await appendTicketEventLater(
      manager,
      ticket.id,
      null,
      { action, fromStatus: null, toStatus: null, reason: null, payload },
      undefined,
      outbox,
    );
  }

  private async writeChanges(
    manager: EntityManager,
    ticketId: number,
    { changes, bumps }: { changes: SystemEventChanges; bumps: number },
  ): Promise<void> {
    await this.ticketRows.update(manager, { ...changes, version: () => `version + ${bumps}` }, 'id = ?', [ticketId]);
  }

  /** Loads a ticket the user may see; anything else is "not found", so scope never leaks existence. */
  private async loadVisible(
    manager: EntityManager,
    id: number,
    user: AuthUser,
    lock = false,
    locked?: Ticket,
  ): Promise<{ ticket: Ticket; units: TicketUnit[] }> {
    const ticket =
      locked && Number(locked.id) === id
        ? locked
        : lock
          ? await this.lockTicket(manager, id)
          : await this.ticketRows.one(manager, 'id = ?', [id]);
    if (!ticket) throw notFound(id);
    // a ticket never dispatched has no units: the pipeline's usual case saves the read
    const neverDispatched =
      ticket.slaPolicyVersion === null && ticket.dispatchedAt === null && ticket.primaryUnitId === null;
    const units = neverDispatched ? [] : await this.unitRows.select(manager, 'ticket_id = ?', [id]);
    if (!canSeeTicket(unitScopeOf(user), units)) throw notFound(id);
    return { ticket, units };
  }

  /** Appends one timeline event and the outbox row that carries it (see ticket-event.writer.ts). */
  appendEvent(
    manager: EntityManager,
    ticketId: number,
    user: Pick<AuthUser, 'id' | 'unitId'> | null,
    event: TimelineEntry,
    at?: Date,
  ): Promise<number> {
    return appendTicketEvent(manager, ticketId, user, event, at);
  }
}

function staleVersion(current: number | null): DomainError {
  return DomainError.conflict(
    'TICKET_VERSION_CONFLICT',
    'The ticket changed since you loaded it: reload and try again',
    current === null ? undefined : { currentVersion: current },
  );
}

const TICKET_INSERT_COLUMNS = [
  ['number', 'number'],
  ['channel', 'channel'],
  ['source_line', 'sourceLine'],
  ['caller_name', 'callerName'],
  ['caller_phone', 'callerPhone'],
  ['caller_confidential', 'callerConfidential'],
  ['title', 'title'],
  ['description', 'description'],
  ['address', 'address'],
  ['area_id', 'areaId'],
  ['category_id', 'categoryId'],
  ['appeal_type', 'appealType'],
  ['urgency', 'urgency'],
  ['status', 'status'],
  ['created_by', 'createdBy'],
  ['version', 'version'],
  ['created_at', 'createdAt'],
  ['updated_at', 'updatedAt'],
] as const satisfies readonly (readonly [string, keyof Ticket])[];

const TICKET_INSERT_ROW = `(${TICKET_INSERT_COLUMNS.map(() => '?').join(', ')})`;

/**
 * The intake rows in one plain statement (the columns not listed start NULL); returns their ids in
 * the same order. Several rows' ids are read back by their unique numbers (see appendEventsOfNewTickets).
 */
async function insertTickets(manager: EntityManager, tickets: Omit<Ticket, 'id'>[]): Promise<number[]> {
  const result = (await manager.query(
    `INSERT INTO tickets (${TICKET_INSERT_COLUMNS.map(([c]) => c).join(', ')}) VALUES ${tickets.map(() => TICKET_INSERT_ROW).join(', ')}`,
    tickets.flatMap((ticket) => TICKET_INSERT_COLUMNS.map(([, key]) => ticket[key])),
  )) as { insertId: number | string };
  if (tickets.length === 1) return [Number(result.insertId)];
  const rows = (await manager.query(
    `SELECT id, number FROM tickets WHERE number IN (${tickets.map(() => '?').join(', ')})`,
    tickets.map((t) => t.number),
  )) as { id: number | string; number: string }[];
  const ids = new Map(rows.map((row) => [row.number, Number(row.id)]));
  return tickets.map((t) => {
    const id = ids.get(t.number);
    if (id === undefined) throw new Error(`Ticket ${t.number} was not found after its insert`);
    return id;
  });
}
