/**
 * Replays a ticket's recorded events through the state machine's table, so a test (or an audit) can
 * prove that the append-only timeline and the ticket row tell the same story.
 */
import { applyAction, isTicketAction, PendingRequest, TicketStatus, TransitionInput } from './ticket-state-machine';

/** One `ticket_events` row as far as the replay cares. */
export interface TimelineEvent {
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  payload?: unknown;
}

export interface ReplayedTicket {
  status: TicketStatus;
  pendingRequest: PendingRequest | null;
}

/**
 * Events that record something other than an action and never change the state. Listed one by one so a
 * misspelt action (`accepted` for `accept`) fails the replay instead of passing as a no-op.
 */
export const NON_TRANSITION_EVENTS: ReadonlySet<string> = new Set([
  'created',
  'classified',
  'call-linked',
  'duplicate-linked',
  'dispatch-suggested',
  'emergency-flagged',
  'sla-warning',
  'sla-breached',
]);

export class TimelineReplayError extends Error {
  constructor(
    readonly index: number,
    readonly event: TimelineEvent,
    message: string,
  ) {
    super(`Event #${index} (${event.action}): ${message}`);
    this.name = 'TimelineReplayError';
  }
}

/**
 * Starts from `new` and applies every event in order; throws at the first event that is not a legal
 * transition from where the replay stands, or whose recorded from/to states disagree with the table.
 * Who acted and the reason text are not re-checked (they were when the event was written, and roles may
 * have changed since); decisions are, because they choose the target state.
 */
export function replayTimeline(events: readonly TimelineEvent[]): ReplayedTicket {
  let ticket: ReplayedTicket = { status: 'new', pendingRequest: null };
  for (const [index, event] of events.entries()) {
    if (event.fromStatus !== null && event.fromStatus !== ticket.status) {
      throw new TimelineReplayError(
        index,
        event,
        `recorded from ${event.fromStatus}, but the ticket was ${ticket.status}`,
      );
    }
    if (NON_TRANSITION_EVENTS.has(event.action)) {
      if (event.toStatus !== null && event.toStatus !== ticket.status) {
        throw new TimelineReplayError(
          index,
          event,
          `cannot move the ticket from ${ticket.status} to ${event.toStatus}`,
        );
      }
      continue;
    }
    if (!isTicketAction(event.action)) {
      throw new TimelineReplayError(index, event, 'neither a ticket action nor a listed non-transition event');
    }
    const result = applyAction(ticket, event.action, inputOf(event.payload), { checkReason: false });
    if (!result.ok) {
      throw new TimelineReplayError(index, event, `${result.code}: ${result.message}`);
    }
    if (event.toStatus !== result.to) {
      throw new TimelineReplayError(
        index,
        event,
        `recorded to ${String(event.toStatus)}, but the table leads to ${result.to}`,
      );
    }
    ticket = { status: result.to, pendingRequest: result.pendingRequest };
  }
  return ticket;
}

/** The decision fields out of a stored JSON payload, dropping anything of the wrong type. */
function inputOf(payload: unknown): TransitionInput {
  if (typeof payload !== 'object' || payload === null) return {};
  const fields = payload as Record<string, unknown>;
  const input: TransitionInput = {};
  if (typeof fields.decision === 'string') input.decision = fields.decision;
  if (typeof fields.solved === 'boolean') input.solved = fields.solved;
  if (typeof fields.satisfaction === 'string') input.satisfaction = fields.satisfaction;
  if (typeof fields.reason === 'string') input.reason = fields.reason;
  return input;
}
