/**
 * The ticket workflow as one table and a few pure functions: no Nest, no database, no clock.
 * `TicketsService` asks `transition()` before it writes a state change; the consoles ask
 * `allowedActions()` which buttons to show; `replayTimeline()` (ticket-timeline.ts) re-checks a
 * ticket's recorded events against the same table.
 *
 * Decisions taken here (the issue left them open):
 * - Pending requests (return / extension / suspension awaiting a decision) are a flag on the ticket,
 *   not states: the unit keeps handling it and every SLA clock keeps running while the centre decides
 *   (DOMAIN.md: "a ticket waiting for return approval keeps its clocks running"). One at a time.
 * - Suspension is a state: an approved suspension pauses the ticket; `resume` (the primary unit's clerk
 *   or a supervisor, and the SLA worker acting as a supervisor when the approved period ends) returns it
 *   to `accepted`.
 * - Re-dispatch: a dispatcher may `dispatch` again while the ticket is `assigned` (not yet accepted), so a
 *   wrong automatic dispatch is corrected without a return round trip. Once a unit has accepted, only a
 *   return (asked by the unit, decided by a dispatcher) takes it back.
 * - Merge: from `new` (the agent or a dispatcher finds the master at intake) and from `pending_dispatch`
 *   (a dispatcher finds the duplicate in the pool). Never once a unit has it: that unit asks for a return.
 * - Reply withdraws a pending extension or suspension request (the work is done, the question is moot),
 *   but is refused while a return is pending: the unit cannot both disown and answer the ticket.
 * - Background workers act through an actor holding the role they stand in for (the dispatch worker as a
 *   dispatcher, the intake of web reports as an agent). Admin alone acts on nothing.
 */
import { assertUnreachable, DomainError, DomainErrorKind } from '../common/domain-error';
import type { Role } from '../org/user.entity';

export type { Role };

export const TICKET_STATUSES = [
  'new',
  'pending_dispatch',
  'assigned',
  'accepted',
  'suspended',
  'replied',
  'pending_callback',
  'closed',
  'resolved_on_call',
  'invalid',
  'handed_over',
  'merged',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_ACTIONS = [
  'submit',
  'resolve-on-call',
  'mark-invalid',
  'hand-over',
  'merge',
  'dispatch',
  'accept',
  'forward',
  'record-contact',
  'request-extension',
  'decide-extension',
  'request-suspension',
  'decide-suspension',
  'resume',
  'request-return',
  'decide-return',
  'reply',
  'add-part',
  'review',
  'callback',
  'urge',
  'supervise',
  'reveal-phone',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

export type PendingRequest = 'return' | 'extension' | 'suspension';

/** How the acting clerk's unit stands to the ticket (non-clerks: `none`). */
export type UnitRelation = 'primary' | 'co_handler' | 'none';

/** What a clerk action asks of the clerk's unit; `any_scope` = the primary unit or a co-handler. */
export type RelationRequirement = 'primary' | 'co_handler' | 'any_scope';

export type ApprovalDecision = 'approve' | 'reject';
export type ReviewDecision = 'approve' | 'send_back';
export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'dissatisfied';

/** The action's fields the machine reads; everything else in the request body is the service's. */
export interface TransitionInput {
  reason?: string | null;
  decision?: string | null;
  solved?: boolean | null;
  satisfaction?: string | null;
}

export interface TicketState {
  status: TicketStatus;
  pendingRequest: PendingRequest | null;
  /** The caller asked for confidentiality: no unit may see the number, so `reveal-phone` is refused. */
  confidential?: boolean;
}

export interface Actor {
  roles: readonly Role[];
  /** Absent means `none`: a clerk must state its unit's relation to pass a unit-scoped rule. */
  relation?: UnitRelation;
}

/** Where an action leads: a fixed state, or a state picked by the action's decision field. */
type Target =
  | { decide?: undefined; to: TicketStatus }
  | { decide: 'approval'; approve: TicketStatus; reject: TicketStatus }
  | { decide: 'review'; approve: TicketStatus; send_back: TicketStatus }
  | { decide: 'callback'; satisfied: TicketStatus; otherwise: TicketStatus };

type StateRule = Readonly<Target> & {
  readonly roles: readonly Role[];
  /** Applies to the clerk role only: other roles listed act centre-wide. */
  readonly unitRelation?: RelationRequirement;
};

/**
 * What an action does with the pending-request flag:
 * - `keep`: allowed whatever is pending, which stays pending (notes, urges, reveals);
 * - `none`: refused while any request is pending (the flag is always null afterwards);
 * - `open`: refused while any request is pending, then that request is pending;
 * - `decide`: refused unless that request is pending, then cleared;
 * - `withdraw`: refused while a return is pending; a pending extension or suspension is dropped.
 */
type PendingRule =
  | { kind: 'keep' }
  | { kind: 'none' }
  | { kind: 'open'; request: PendingRequest }
  | { kind: 'decide'; request: PendingRequest }
  | { kind: 'withdraw' };

/** `unless_approved`: a refusal or send-back must say why, so the unit knows what to do next. */
type ReasonRule = boolean | 'unless_approved';

interface ActionRule {
  readonly requiresReason: ReasonRule;
  readonly pending: Readonly<PendingRule>;
  readonly states: { readonly [S in TicketStatus]?: StateRule };
}

const AGENT = ['agent'] as const;
const DISPATCHER = ['dispatcher'] as const;
const CLERK = ['clerk'] as const;
const SUPERVISOR = ['supervisor'] as const;
const KEEP = { kind: 'keep' } as const;
const NONE = { kind: 'none' } as const;

/** Supervisor pressure (urge, supervise) applies to every open ticket and changes nothing. */
function onEveryOpenState(roles: readonly Role[]): ActionRule['states'] {
  return {
    new: { roles, to: 'new' },
    pending_dispatch: { roles, to: 'pending_dispatch' },
    assigned: { roles, to: 'assigned' },
    accepted: { roles, to: 'accepted' },
    suspended: { roles, to: 'suspended' },
    replied: { roles, to: 'replied' },
    pending_callback: { roles, to: 'pending_callback' },
  };
}

/** THE table: action → state → who may, and where it leads. A (state, action) not listed is refused. */
export const TICKET_TRANSITIONS: { readonly [A in TicketAction]: ActionRule } = {
  // Intake: the agent's desk.
  submit: { requiresReason: false, pending: NONE, states: { new: { roles: AGENT, to: 'pending_dispatch' } } },
  'resolve-on-call': {
    requiresReason: false,
    pending: NONE,
    states: { new: { roles: AGENT, to: 'resolved_on_call' } },
  },
  // Invalid tickets drop out of every metric, so the agent must say why (prank, silent, wrong number).
  'mark-invalid': { requiresReason: true, pending: NONE, states: { new: { roles: AGENT, to: 'invalid' } } },
  'hand-over': { requiresReason: false, pending: NONE, states: { new: { roles: AGENT, to: 'handed_over' } } },
  merge: {
    requiresReason: false,
    pending: NONE,
    states: {
      new: { roles: ['agent', 'dispatcher'], to: 'merged' },
      pending_dispatch: { roles: DISPATCHER, to: 'merged' },
    },
  },

  // Dispatch and sign-for.
  dispatch: {
    requiresReason: false,
    pending: NONE,
    states: {
      pending_dispatch: { roles: DISPATCHER, to: 'assigned' },
      assigned: { roles: DISPATCHER, to: 'assigned' },
    },
  },
  accept: {
    requiresReason: false,
    pending: NONE,
    states: { assigned: { roles: CLERK, unitRelation: 'primary', to: 'accepted' } },
  },
  // The new unit becomes primary and must accept in its turn.
  forward: {
    requiresReason: false,
    pending: NONE,
    states: { accepted: { roles: CLERK, unitRelation: 'primary', to: 'assigned' } },
  },

  // Handling by the units.
  'record-contact': {
    requiresReason: false,
    pending: KEEP,
    states: { accepted: { roles: CLERK, unitRelation: 'any_scope', to: 'accepted' } },
  },
  'request-extension': {
    requiresReason: true,
    pending: { kind: 'open', request: 'extension' },
    states: { accepted: { roles: CLERK, unitRelation: 'primary', to: 'accepted' } },
  },
  'decide-extension': {
    requiresReason: 'unless_approved',
    pending: { kind: 'decide', request: 'extension' },
    states: { accepted: { roles: SUPERVISOR, decide: 'approval', approve: 'accepted', reject: 'accepted' } },
  },
  'request-suspension': {
    requiresReason: true,
    pending: { kind: 'open', request: 'suspension' },
    states: { accepted: { roles: CLERK, unitRelation: 'primary', to: 'accepted' } },
  },
  'decide-suspension': {
    requiresReason: 'unless_approved',
    pending: { kind: 'decide', request: 'suspension' },
    states: { accepted: { roles: SUPERVISOR, decide: 'approval', approve: 'suspended', reject: 'accepted' } },
  },
  resume: {
    requiresReason: false,
    pending: NONE,
    states: { suspended: { roles: ['clerk', 'supervisor'], unitRelation: 'primary', to: 'accepted' } },
  },
  'request-return': {
    requiresReason: true,
    pending: { kind: 'open', request: 'return' },
    states: {
      assigned: { roles: CLERK, unitRelation: 'primary', to: 'assigned' },
      accepted: { roles: CLERK, unitRelation: 'primary', to: 'accepted' },
    },
  },
  'decide-return': {
    requiresReason: 'unless_approved',
    pending: { kind: 'decide', request: 'return' },
    states: {
      assigned: { roles: DISPATCHER, decide: 'approval', approve: 'pending_dispatch', reject: 'assigned' },
      accepted: { roles: DISPATCHER, decide: 'approval', approve: 'pending_dispatch', reject: 'accepted' },
    },
  },
  reply: {
    requiresReason: false,
    pending: { kind: 'withdraw' },
    states: { accepted: { roles: CLERK, unitRelation: 'primary', to: 'replied' } },
  },
  'add-part': {
    requiresReason: false,
    pending: KEEP,
    states: { accepted: { roles: CLERK, unitRelation: 'co_handler', to: 'accepted' } },
  },

  // The centre closes the loop.
  review: {
    requiresReason: 'unless_approved',
    pending: NONE,
    states: { replied: { roles: SUPERVISOR, decide: 'review', approve: 'pending_callback', send_back: 'accepted' } },
  },
  // Unsolved or unsatisfied reopens the ticket to the same unit (the service starts a new resolution clock).
  callback: {
    requiresReason: false,
    pending: NONE,
    states: { pending_callback: { roles: AGENT, decide: 'callback', satisfied: 'closed', otherwise: 'accepted' } },
  },
  urge: { requiresReason: false, pending: KEEP, states: onEveryOpenState(SUPERVISOR) },
  // 督办 is a written directive: it carries the instruction.
  supervise: { requiresReason: true, pending: KEEP, states: onEveryOpenState(SUPERVISOR) },
  // Centre staff see the number anyway; a unit sees it masked and reveals it (audited, with a reason) to
  // call the citizen while it handles the ticket. After closing only the primary unit may, to keep a
  // promise made in its reply (a repair date, a follow-up visit).
  'reveal-phone': {
    requiresReason: true,
    pending: KEEP,
    states: {
      accepted: { roles: CLERK, unitRelation: 'any_scope', to: 'accepted' },
      suspended: { roles: CLERK, unitRelation: 'any_scope', to: 'suspended' },
      replied: { roles: CLERK, unitRelation: 'any_scope', to: 'replied' },
      pending_callback: { roles: CLERK, unitRelation: 'any_scope', to: 'pending_callback' },
      closed: { roles: CLERK, unitRelation: 'primary', to: 'closed' },
    },
  },
};

/**
 * Refusal codes and their HTTP statuses (through `DomainError` kinds and the global filter):
 * - 400 `UNKNOWN_ACTION`: not one of TICKET_ACTIONS;
 * - 400 `REASON_REQUIRED`: the action (or this decision) needs a non-blank reason;
 * - 400 `INVALID_DECISION`: the decision field is missing or not one this action takes;
 * - 403 `ROLE_NOT_ALLOWED`: none of the actor's roles may do this action (here, or at all);
 * - 403 `OUT_OF_SCOPE`: a clerk whose unit is not the one the action needs (primary / co-handler);
 * - 403 `CONFIDENTIAL_CALLER`: the caller asked for confidentiality, no unit may see the number;
 * - 409 `TRANSITION_NOT_ALLOWED`: the ticket's state does not allow the action;
 * - 409 `REQUEST_PENDING`: a return / extension / suspension request awaits a decision;
 * - 409 `NO_PENDING_REQUEST`: a decision on a request that is not pending.
 */
export const TRANSITION_ERROR_KINDS = {
  UNKNOWN_ACTION: 'invalid_input',
  REASON_REQUIRED: 'invalid_input',
  INVALID_DECISION: 'invalid_input',
  ROLE_NOT_ALLOWED: 'forbidden',
  OUT_OF_SCOPE: 'forbidden',
  CONFIDENTIAL_CALLER: 'forbidden',
  TRANSITION_NOT_ALLOWED: 'invalid_state',
  REQUEST_PENDING: 'invalid_state',
  NO_PENDING_REQUEST: 'invalid_state',
} as const satisfies Record<string, DomainErrorKind>;
export type TransitionErrorCode = keyof typeof TRANSITION_ERROR_KINDS;

export type TransitionRefusal = { ok: false; code: TransitionErrorCode; message: string };
export type TransitionResult =
  { ok: true; from: TicketStatus; to: TicketStatus; pendingRequest: PendingRequest | null } | TransitionRefusal;

export function isTicketAction(value: string): value is TicketAction {
  return (TICKET_ACTIONS as readonly string[]).includes(value);
}

export function isTicketStatus(value: string): value is TicketStatus {
  return (TICKET_STATUSES as readonly string[]).includes(value);
}

export function isTerminal(status: TicketStatus): boolean {
  switch (status) {
    case 'closed':
    case 'resolved_on_call':
    case 'invalid':
    case 'handed_over':
    case 'merged':
      return true;
    case 'new':
    case 'pending_dispatch':
    case 'assigned':
    case 'accepted':
    case 'suspended':
    case 'replied':
    case 'pending_callback':
      return false;
    default:
      return assertUnreachable(status);
  }
}

export function isOpen(status: TicketStatus): boolean {
  return !isTerminal(status);
}

/**
 * Where `action` leads from `status` given the action's decision fields; who acts and the
 * pending-request flag are not looked at (`transition` checks those).
 */
export function nextStatus(
  status: TicketStatus,
  action: TicketAction,
  input: TransitionInput = {},
): { ok: true; to: TicketStatus } | TransitionRefusal {
  const rule = ruleFor(status, action);
  if (!rule) return notAllowed(status, action);
  switch (rule.decide) {
    case undefined:
      return { ok: true, to: rule.to };
    case 'approval':
      if (input.decision === 'approve') return { ok: true, to: rule.approve };
      if (input.decision === 'reject') return { ok: true, to: rule.reject };
      return refuse('INVALID_DECISION', `${action} needs decision 'approve' or 'reject'`);
    case 'review':
      if (input.decision === 'approve') return { ok: true, to: rule.approve };
      if (input.decision === 'send_back') return { ok: true, to: rule.send_back };
      return refuse('INVALID_DECISION', `${action} needs decision 'approve' or 'send_back'`);
    case 'callback': {
      if (typeof input.solved !== 'boolean' || !isSatisfaction(input.satisfaction)) {
        return refuse(
          'INVALID_DECISION',
          `${action} needs solved (boolean) and satisfaction (${SATISFACTIONS.join(', ')})`,
        );
      }
      const closes = input.solved && input.satisfaction !== 'dissatisfied';
      return { ok: true, to: closes ? rule.satisfied : rule.otherwise };
    }
    default:
      return assertUnreachable(rule);
  }
}

/**
 * Everything that does not depend on who acts: the state, the pending-request flag, the decision and
 * the reason. The timeline replay calls this (the actor was checked when the event was written).
 */
export function applyAction(
  ticket: TicketState,
  action: TicketAction,
  input: TransitionInput = {},
  options: { checkReason?: boolean } = {},
): TransitionResult {
  if (!isTicketAction(action)) return refuse('UNKNOWN_ACTION', `Unknown ticket action ${String(action)}`);
  if (!ruleFor(ticket.status, action)) return notAllowed(ticket.status, action);
  const pendingRefusal = refuseByPending(ticket, action);
  if (pendingRefusal) return pendingRefusal;

  const target = nextStatus(ticket.status, action, input);
  if (!target.ok) return target;

  const { requiresReason } = TICKET_TRANSITIONS[action];
  const needsReason = requiresReason === 'unless_approved' ? input.decision !== 'approve' : requiresReason;
  if ((options.checkReason ?? true) && needsReason && !input.reason?.trim()) {
    return refuse('REASON_REQUIRED', `${action} needs a reason`);
  }
  return { ok: true, from: ticket.status, to: target.to, pendingRequest: pendingAfter(ticket, action) };
}

/** The one gate every ticket action passes through before the service writes anything. */
export function transition(
  ticket: TicketState,
  action: TicketAction,
  actor: Actor,
  input: TransitionInput = {},
): TransitionResult {
  if (!isTicketAction(action)) return refuse('UNKNOWN_ACTION', `Unknown ticket action ${String(action)}`);
  return refuseByActor(ticket, action, actor) ?? applyAction(ticket, action, input);
}

/** The actions the actor may take now (the consoles' buttons); their input is checked on submit. */
export function allowedActions(ticket: TicketState, actor: Actor): TicketAction[] {
  return TICKET_ACTIONS.filter((action) => !refuseByActor(ticket, action, actor) && !refuseByPending(ticket, action));
}

/** Turns a refusal into the error the global filter maps to 400 / 403 / 409. */
export function transitionError(refusal: TransitionRefusal): DomainError {
  return new DomainError(refusal.code, TRANSITION_ERROR_KINDS[refusal.code], refusal.message);
}

const SATISFACTIONS: readonly Satisfaction[] = ['satisfied', 'basically_satisfied', 'dissatisfied'];

function isSatisfaction(value: unknown): value is Satisfaction {
  return SATISFACTIONS.some((s) => s === value);
}

/** Own keys only: a status or action read from a row or a URL must not find `toString` on a prototype. */
function ruleFor(status: string, action: string): StateRule | undefined {
  if (!isTicketAction(action) || !isTicketStatus(status)) return undefined;
  const { states } = TICKET_TRANSITIONS[action];
  return Object.hasOwn(states, status) ? states[status] : undefined;
}

function refuse(code: TransitionErrorCode, message: string): TransitionRefusal {
  return { ok: false, code, message };
}

function notAllowed(status: string, action: TicketAction): TransitionRefusal {
  return refuse('TRANSITION_NOT_ALLOWED', `A ${status} ticket does not allow ${action}`);
}

/**
 * Role first, so a role that may never take the action hears 403 whatever the state (and learns nothing
 * about the state); then the state (409); then the role within that state, then the clerk's unit.
 */
function refuseByActor(ticket: TicketState, action: TicketAction, actor: Actor): TransitionRefusal | undefined {
  const rules = Object.values(TICKET_TRANSITIONS[action].states);
  if (!rules.some((rule) => rule.roles.some((role) => actor.roles.includes(role)))) {
    return refuse('ROLE_NOT_ALLOWED', `Your roles may not ${action}`);
  }
  const rule = ruleFor(ticket.status, action);
  if (!rule) return notAllowed(ticket.status, action);
  const roles = rule.roles.filter((role) => actor.roles.includes(role));
  if (roles.length === 0) return refuse('ROLE_NOT_ALLOWED', `Your roles may not ${action} a ${ticket.status} ticket`);
  // A centre role in the rule acts on every unit's tickets; only a clerk-only actor is held to its unit.
  const centreWide = roles.some((role) => role !== 'clerk');
  if (!centreWide && !relationSatisfies(actor.relation ?? 'none', rule.unitRelation ?? 'any_scope')) {
    return refuse('OUT_OF_SCOPE', `Only a clerk of the ${describeRequirement(rule.unitRelation)} may ${action}`);
  }
  if (action === 'reveal-phone' && ticket.confidential) {
    return refuse('CONFIDENTIAL_CALLER', 'The caller asked for confidentiality: the number stays hidden');
  }
  return undefined;
}

function refuseByPending(ticket: TicketState, action: TicketAction): TransitionRefusal | undefined {
  const { pending } = TICKET_TRANSITIONS[action];
  const current = ticket.pendingRequest;
  switch (pending.kind) {
    case 'keep':
      return undefined;
    case 'none':
    case 'open':
      return current ? refuse('REQUEST_PENDING', `A ${current} request awaits a decision`) : undefined;
    case 'decide':
      return current === pending.request
        ? undefined
        : refuse('NO_PENDING_REQUEST', `No ${pending.request} request awaits a decision`);
    case 'withdraw':
      return current === 'return' ? refuse('REQUEST_PENDING', 'A return request awaits a decision') : undefined;
    default:
      return assertUnreachable(pending);
  }
}

function pendingAfter(ticket: TicketState, action: TicketAction): PendingRequest | null {
  const { pending } = TICKET_TRANSITIONS[action];
  switch (pending.kind) {
    case 'keep':
      return ticket.pendingRequest;
    case 'open':
      return pending.request;
    case 'none':
    case 'decide':
    case 'withdraw':
      return null;
    default:
      return assertUnreachable(pending);
  }
}

function relationSatisfies(relation: UnitRelation, requirement: RelationRequirement): boolean {
  switch (requirement) {
    case 'primary':
      return relation === 'primary';
    case 'co_handler':
      return relation === 'co_handler';
    case 'any_scope':
      return relation !== 'none';
    default:
      return assertUnreachable(requirement);
  }
}

function describeRequirement(requirement: RelationRequirement | undefined): string {
  switch (requirement) {
    case 'primary':
      return 'primary unit';
    case 'co_handler':
      return 'co-handling units';
    case 'any_scope':
    case undefined:
      return 'units handling the ticket';
    default:
      return assertUnreachable(requirement);
  }
}
