import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { assertUnreachable, DomainError } from '../common/domain-error';
import { deferStatement } from '../database/transaction';
import { KnownUnit, Unit } from '../org/unit.entity';
import type { TicketActionDto } from './dto/ticket-action.dto';
import { isOpen, TicketAction, TicketStatus } from './ticket-state-machine';
import { TicketUnit } from './ticket-unit.entity';
import { Ticket } from './ticket.entity';

/** What an allowed action changes besides status, version and the pending flag. */
export interface ActionEffects {
  ticket: Partial<
    Pick<
      Ticket,
      | 'primaryUnitId'
      | 'dispatchedAt'
      | 'acceptedAt'
      | 'firstContactAt'
      | 'repliedAt'
      | 'closedAt'
      | 'masterTicketId'
      | 'handOverTo'
    >
  >;
  /** Replace the ticket's units with these (dispatch, forward, return), or leave them. */
  units?: { unitId: number; unitPath: string; role: TicketUnit['role']; part: string | null }[];
  /** A co-handler's part to store on its own ticket_units row. */
  part?: { unitId: number; text: string };
  eventPayload: Record<string, unknown> | null;
  revealedPhone?: string;
  /** An event to append on another ticket (the master of a merge). */
  masterEvent?: { ticketId: number; payload: Record<string, unknown> };
}

interface Context {
  action: TicketAction;
  dto: TicketActionDto;
  user: AuthUser;
  ticket: Ticket;
  units: TicketUnit[];
  to: TicketStatus;
  /** The action's instant (the SLA clock's "now", so timestamps and deadlines agree). */
  now?: Date;
  /** Units the caller has just read (the pipeline's rule index): a dispatch to them reads no unit row. */
  knownUnits?: ReadonlyMap<number, KnownUnit>;
}

function required<T>(value: T | undefined, field: string, action: string): T {
  if (value === undefined || value === null) {
    throw DomainError.invalidInput('FIELD_REQUIRED', `${action} needs the field ${field}`, { field });
  }
  return value;
}

async function handlingUnit(
  manager: EntityManager,
  unitId: number,
  known?: ReadonlyMap<number, KnownUnit>,
): Promise<KnownUnit> {
  const unit = known?.get(unitId) ?? (await manager.findOneBy(Unit, { id: unitId }));
  if (!unit || !unit.active) throw DomainError.invalidInput('UNIT_NOT_FOUND', `No active unit with id ${unitId}`);
  if (unit.kind === 'centre')
    throw DomainError.invalidInput('UNIT_NOT_HANDLING', 'The hotline centre does not handle tickets itself');
  return unit;
}

/** Checks an action's own fields and works out what it changes. Throws DomainError for bad input. */
export async function planEffects(manager: EntityManager, c: Context): Promise<ActionEffects> {
  const { action, dto, user, ticket, units } = c;
  const now = c.now ?? new Date();
  const closing = !isOpen(c.to) ? { closedAt: now } : {};
  switch (action) {
    case 'submit':
    case 'accept':
    case 'urge':
    case 'resume':
      return {
        ticket: action === 'accept' ? { acceptedAt: now } : {},
        eventPayload: dto.content ? { content: dto.content } : null,
      };
    case 'resolve-on-call':
      return { ticket: closing, eventPayload: { content: required(dto.content, 'content', action) } };
    case 'mark-invalid':
      return { ticket: closing, eventPayload: null };
    case 'hand-over': {
      const handOverTo = required(dto.handOverTo, 'handOverTo', action);
      return { ticket: { ...closing, handOverTo }, eventPayload: { handOverTo } };
    }
    case 'merge': {
      const masterId = required(dto.masterTicketId, 'masterTicketId', action);
      const master = await manager.findOneBy(Ticket, { id: masterId });
      if (!master || master.id === ticket.id || master.status === 'merged' || !isOpen(master.status)) {
        throw DomainError.invalidInput(
          'MERGE_TARGET_INVALID',
          'The master ticket must be another open ticket that is not itself merged',
        );
      }
      return {
        ticket: { ...closing, masterTicketId: masterId },
        eventPayload: { masterTicketId: masterId, masterNumber: master.number },
        masterEvent: { ticketId: masterId, payload: { duplicateTicketId: ticket.id, duplicateNumber: ticket.number } },
      };
    }
    case 'dispatch': {
      const primary = await handlingUnit(manager, required(dto.unitId, 'unitId', action), c.knownUnits);
      const coIds = (dto.coHandlerUnitIds ?? []).filter((id) => id !== primary.id);
      const co = await Promise.all(coIds.map((id) => handlingUnit(manager, id, c.knownUnits)));
      return {
        ticket: { primaryUnitId: primary.id, dispatchedAt: now, acceptedAt: null },
        units: [
          { unitId: primary.id, unitPath: primary.path, role: 'primary', part: null },
          ...co.map((u) => ({ unitId: u.id, unitPath: u.path, role: 'co_handler' as const, part: null })),
        ],
        // a re-dispatch names the unit the ticket left, so its consoles drop it
        eventPayload: {
          unitId: primary.id,
          coHandlerUnitIds: co.map((u) => u.id),
          ...(ticket.primaryUnitId && ticket.primaryUnitId !== primary.id ? { fromUnitId: ticket.primaryUnitId } : {}),
        },
      };
    }
    case 'forward': {
      const target = await handlingUnit(manager, required(dto.unitId, 'unitId', action));
      // 转派 goes down only: township → village → grid station, never sideways or up
      if (!user.unitPath || target.id === user.unitId || !target.path.startsWith(user.unitPath)) {
        throw DomainError.invalidInput(
          'FORWARD_TARGET_INVALID',
          'A ticket can only be forwarded to a unit below your own',
        );
      }
      return {
        ticket: { primaryUnitId: target.id, acceptedAt: null },
        units: [
          { unitId: target.id, unitPath: target.path, role: 'primary', part: null },
          ...units.filter((u) => u.role === 'co_handler' && u.unitId !== target.id),
        ],
        eventPayload: { fromUnitId: ticket.primaryUnitId, unitId: target.id },
      };
    }
    case 'record-contact':
      return {
        ticket: ticket.firstContactAt ? {} : { firstContactAt: now },
        eventPayload: { content: required(dto.content, 'content', action) },
      };
    case 'request-extension':
      return { ticket: {}, eventPayload: { extensionDays: required(dto.extensionDays, 'extensionDays', action) } };
    case 'request-suspension':
      return { ticket: {}, eventPayload: { suspensionDays: required(dto.suspensionDays, 'suspensionDays', action) } };
    case 'request-return':
      return { ticket: {}, eventPayload: null };
    case 'decide-extension':
    case 'decide-suspension':
      return { ticket: {}, eventPayload: { decision: dto.decision } };
    case 'decide-return':
      return dto.decision === 'approve'
        ? {
            ticket: { primaryUnitId: null, dispatchedAt: null, acceptedAt: null },
            units: [],
            eventPayload: { decision: 'approve', unitId: ticket.primaryUnitId },
          }
        : { ticket: {}, eventPayload: { decision: dto.decision } };
    case 'reply':
      return { ticket: { repliedAt: now }, eventPayload: { content: required(dto.content, 'content', action) } };
    case 'add-part': {
      const text = required(dto.content, 'content', action);
      return {
        ticket: {},
        part: { unitId: required(user.unitId ?? undefined, 'unit', action), text },
        eventPayload: { content: text },
      };
    }
    case 'review':
      return { ticket: {}, eventPayload: { decision: dto.decision, ...(dto.content ? { content: dto.content } : {}) } };
    case 'callback': {
      const solved = required(dto.solved, 'solved', action);
      const satisfaction = required(dto.satisfaction, 'satisfaction', action);
      // a reopened ticket goes back to the unit for another reply: its resolution clock starts again
      const reopened = c.to !== 'closed';
      return {
        ticket: reopened ? { repliedAt: null } : { closedAt: now },
        eventPayload: { solved, satisfaction, reopened, ...(dto.content ? { content: dto.content } : {}) },
      };
    }
    case 'supervise':
      return { ticket: {}, eventPayload: dto.content ? { content: dto.content } : null };
    case 'reveal-phone':
      if (!ticket.callerPhone) throw DomainError.invalidInput('NO_PHONE', 'The caller left no number');
      return { ticket: {}, eventPayload: null, revealedPhone: ticket.callerPhone };
    default:
      return assertUnreachable(action);
  }
}

/**
 * Writes the effects on other rows than the ticket's. `current`: the units read with the ticket in
 * this transaction, whose version check has passed, so they are still the ticket's units.
 */
export async function applyEffects(
  manager: EntityManager,
  ticketId: number,
  effects: ActionEffects,
  current: readonly TicketUnit[],
): Promise<void> {
  // plain statements: a dispatch runs them for every ticket, and needs nothing read back, so they
  // go with the transaction's next statement
  if (effects.units) {
    if (current.length > 0) await deferStatement(manager, 'DELETE FROM ticket_units WHERE ticket_id = ?', [ticketId]);
    if (effects.units.length) {
      await deferStatement(
        manager,
        `INSERT INTO ticket_units (ticket_id, unit_id, unit_path, role, part) VALUES ${effects.units.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
        effects.units.flatMap((u) => [ticketId, u.unitId, u.unitPath, u.role, u.part]),
      );
    }
  }
  if (effects.part) {
    await manager.update(TicketUnit, { ticketId, unitId: effects.part.unitId }, { part: effects.part.text });
  }
}
