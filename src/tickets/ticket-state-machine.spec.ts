import { Logger } from '@nestjs/common';
import { toErrorBody } from '../common/domain-error.filter';
import {
  Actor,
  allowedActions,
  isOpen,
  isTerminal,
  nextStatus,
  PendingRequest,
  TicketAction,
  TicketState,
  TicketStatus,
  transition,
  transitionError,
  TransitionInput,
  TransitionResult,
} from './ticket-state-machine';

// Written out by hand from the issue, not read from the table: if the table changes, this must be
// changed too, on purpose.
const STATUSES: TicketStatus[] = [
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
];
const TERMINAL: TicketStatus[] = ['closed', 'resolved_on_call', 'invalid', 'handed_over', 'merged'];
const PENDING: (PendingRequest | null)[] = [null, 'return', 'extension', 'suspension'];

const ACTORS = {
  agent: { roles: ['agent'] },
  dispatcher: { roles: ['dispatcher'] },
  supervisor: { roles: ['supervisor'] },
  admin: { roles: ['admin'] },
  'clerk:primary': { roles: ['clerk'], relation: 'primary' },
  'clerk:co_handler': { roles: ['clerk'], relation: 'co_handler' },
  'clerk:none': { roles: ['clerk'], relation: 'none' },
} satisfies Record<string, Actor>;
type ActorName = keyof typeof ACTORS;
const ACTOR_NAMES = Object.keys(ACTORS) as ActorName[];

/** Decision labels → the input that carries them. */
const DECISIONS: Record<string, TransitionInput> = {
  approve: { decision: 'approve' },
  reject: { decision: 'reject', reason: 'no' },
  send_back: { decision: 'send_back', reason: 'incomplete' },
  'solved/satisfied': { solved: true, satisfaction: 'satisfied' },
  'solved/basically_satisfied': { solved: true, satisfaction: 'basically_satisfied' },
  'solved/dissatisfied': { solved: true, satisfaction: 'dissatisfied' },
  'unsolved/satisfied': { solved: false, satisfaction: 'satisfied' },
  'unsolved/basically_satisfied': { solved: false, satisfaction: 'basically_satisfied' },
  'unsolved/dissatisfied': { solved: false, satisfaction: 'dissatisfied' },
};
type Outcome = TicketStatus | Partial<Record<keyof typeof DECISIONS, TicketStatus>>;

/**
 * action → state → [who may, where it leads]. `who` lists roles; a clerk names the unit relation it
 * needs (`clerk:any` = primary or co-handler). A state that is not listed allows the action to nobody.
 */
const EXPECTED: Record<TicketAction, Partial<Record<TicketStatus, [string, Outcome]>>> = {
  submit: { new: ['agent', 'pending_dispatch'] },
  'resolve-on-call': { new: ['agent', 'resolved_on_call'] },
  'mark-invalid': { new: ['agent', 'invalid'] },
  'hand-over': { new: ['agent', 'handed_over'] },
  merge: { new: ['agent dispatcher', 'merged'], pending_dispatch: ['dispatcher', 'merged'] },
  dispatch: { pending_dispatch: ['dispatcher', 'assigned'], assigned: ['dispatcher', 'assigned'] },
  accept: { assigned: ['clerk:primary', 'accepted'] },
  forward: { accepted: ['clerk:primary', 'assigned'] },
  'record-contact': { accepted: ['clerk:any', 'accepted'] },
  'request-extension': { accepted: ['clerk:primary', 'accepted'] },
  'decide-extension': { accepted: ['supervisor', { approve: 'accepted', reject: 'accepted' }] },
  'request-suspension': { accepted: ['clerk:primary', 'accepted'] },
  'decide-suspension': { accepted: ['supervisor', { approve: 'suspended', reject: 'accepted' }] },
  resume: { suspended: ['clerk:primary supervisor', 'accepted'] },
  'request-return': { assigned: ['clerk:primary', 'assigned'], accepted: ['clerk:primary', 'accepted'] },
  'decide-return': {
    assigned: ['dispatcher', { approve: 'pending_dispatch', reject: 'assigned' }],
    accepted: ['dispatcher', { approve: 'pending_dispatch', reject: 'accepted' }],
  },
  reply: { accepted: ['clerk:primary', 'replied'] },
  'add-part': { accepted: ['clerk:co_handler', 'accepted'] },
  review: { replied: ['supervisor', { approve: 'pending_callback', send_back: 'accepted' }] },
  callback: {
    pending_callback: [
      'agent',
      {
        'solved/satisfied': 'closed',
        'solved/basically_satisfied': 'closed',
        'solved/dissatisfied': 'accepted',
        'unsolved/satisfied': 'accepted',
        'unsolved/basically_satisfied': 'accepted',
        'unsolved/dissatisfied': 'accepted',
      },
    ],
  },
  urge: {
    new: ['supervisor', 'new'],
    pending_dispatch: ['supervisor', 'pending_dispatch'],
    assigned: ['supervisor', 'assigned'],
    accepted: ['supervisor', 'accepted'],
    suspended: ['supervisor', 'suspended'],
    replied: ['supervisor', 'replied'],
    pending_callback: ['supervisor', 'pending_callback'],
  },
  supervise: {
    new: ['supervisor', 'new'],
    pending_dispatch: ['supervisor', 'pending_dispatch'],
    assigned: ['supervisor', 'assigned'],
    accepted: ['supervisor', 'accepted'],
    suspended: ['supervisor', 'suspended'],
    replied: ['supervisor', 'replied'],
    pending_callback: ['supervisor', 'pending_callback'],
  },
  'reveal-phone': {
    accepted: ['clerk:any', 'accepted'],
    suspended: ['clerk:any', 'suspended'],
    replied: ['clerk:any', 'replied'],
    pending_callback: ['clerk:any', 'pending_callback'],
    closed: ['clerk:primary', 'closed'],
  },
};
const ACTIONS = Object.keys(EXPECTED) as TicketAction[];

/** What each action does with the pending-request flag. */
const PENDING_RULE: Record<TicketAction, string> = {
  submit: 'none',
  'resolve-on-call': 'none',
  'mark-invalid': 'none',
  'hand-over': 'none',
  merge: 'none',
  dispatch: 'none',
  accept: 'none',
  forward: 'none',
  'record-contact': 'keep',
  'request-extension': 'open extension',
  'decide-extension': 'decide extension',
  'request-suspension': 'open suspension',
  'decide-suspension': 'decide suspension',
  resume: 'none',
  'request-return': 'open return',
  'decide-return': 'decide return',
  reply: 'refused by return, withdraws others',
  'add-part': 'keep',
  review: 'none',
  callback: 'none',
  urge: 'keep',
  supervise: 'keep',
  'reveal-phone': 'keep',
};

/** Which actions must carry a reason. */
const REASON_RULE: Record<TicketAction, 'always' | 'never' | 'unless approved'> = {
  submit: 'never',
  'resolve-on-call': 'never',
  'mark-invalid': 'always',
  'hand-over': 'never',
  merge: 'never',
  dispatch: 'never',
  accept: 'never',
  forward: 'never',
  'record-contact': 'never',
  'request-extension': 'always',
  'decide-extension': 'unless approved',
  'request-suspension': 'always',
  'decide-suspension': 'unless approved',
  resume: 'never',
  'request-return': 'always',
  'decide-return': 'unless approved',
  reply: 'never',
  'add-part': 'never',
  review: 'unless approved',
  callback: 'never',
  urge: 'never',
  supervise: 'always',
  'reveal-phone': 'always',
};

function whoMay(action: TicketAction, status: TicketStatus): ActorName[] {
  const row = EXPECTED[action][status];
  if (!row) return [];
  return row[0]
    .split(' ')
    .flatMap((who): ActorName[] => (who === 'clerk:any' ? ['clerk:primary', 'clerk:co_handler'] : [who as ActorName]));
}

function roleOf(name: ActorName): string {
  return name.split(':')[0];
}

/** The refusal the expectation predicts for an actor that is not allowed. */
function expectedRefusal(action: TicketAction, status: TicketStatus, name: ActorName): string {
  const anywhere = STATUSES.some((s) => whoMay(action, s).some((n) => roleOf(n) === roleOf(name)));
  if (!anywhere) return 'ROLE_NOT_ALLOWED';
  if (!EXPECTED[action][status]) return 'TRANSITION_NOT_ALLOWED';
  return whoMay(action, status).some((n) => roleOf(n) === roleOf(name)) ? 'OUT_OF_SCOPE' : 'ROLE_NOT_ALLOWED';
}

/** The pending request an action needs to be possible at all. */
function pendingFor(action: TicketAction): PendingRequest | null {
  const rule = PENDING_RULE[action];
  return rule.startsWith('decide ') ? (rule.slice('decide '.length) as PendingRequest) : null;
}

function decisionLabels(action: TicketAction, status: TicketStatus): (string | undefined)[] {
  const row = EXPECTED[action][status];
  if (row && typeof row[1] === 'object') return Object.keys(row[1]);
  // Refused everywhere (or a plain action): one run with a valid input is enough.
  const anyRow = Object.values(EXPECTED[action])[0];
  return anyRow && typeof anyRow[1] === 'object' ? [Object.keys(anyRow[1])[0]] : [undefined];
}

function inputFor(label: string | undefined): TransitionInput {
  return { reason: 'a reason', ...(label ? DECISIONS[label] : {}) };
}

function summary(result: TransitionResult): string {
  return result.ok ? `→ ${result.to}` : result.code;
}

const ticket = (status: TicketStatus, pendingRequest: PendingRequest | null = null): TicketState => ({
  status,
  pendingRequest,
});

describe('ticket state machine', () => {
  describe('every state × action × role', () => {
    const cells = STATUSES.flatMap((status) => ACTIONS.map((action) => [status, action] as const));

    it.each(cells)('should give %s × %s to exactly the expected actors', (status, action) => {
      const actual: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const name of ACTOR_NAMES) {
        for (const label of decisionLabels(action, status)) {
          const key = label ? `${name} ${label}` : name;
          actual[key] = summary(transition(ticket(status, pendingFor(action)), action, ACTORS[name], inputFor(label)));
          const row = EXPECTED[action][status];
          if (row && whoMay(action, status).includes(name)) {
            const outcome = row[1];
            expected[key] = `→ ${typeof outcome === 'string' ? outcome : outcome[label ?? '']}`;
          } else {
            expected[key] = expectedRefusal(action, status, name);
          }
        }
      }
      expect(actual).toEqual(expected);
    });

    it('should cover 12 states and 23 actions', () => {
      expect(cells).toHaveLength(12 * 23);
      expect(new Set(ACTIONS).size).toBe(23);
    });
  });

  describe('pending requests', () => {
    const allowedCells = ACTIONS.flatMap((action) =>
      STATUSES.filter((status) => EXPECTED[action][status]).map((status) => [status, action] as const),
    );

    it.each(allowedCells)('should apply the pending-request rule of %s × %s', (status, action) => {
      const actor = ACTORS[whoMay(action, status)[0]];
      const label = decisionLabels(action, status)[0];
      const rule = PENDING_RULE[action];
      const actual: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const pending of PENDING) {
        const key = String(pending);
        const result = transition(ticket(status, pending), action, actor, inputFor(label));
        actual[key] = result.ok ? `ok, pending ${String(result.pendingRequest)}` : result.code;
        if (rule === 'keep') expected[key] = `ok, pending ${String(pending)}`;
        else if (rule === 'none') expected[key] = pending ? 'REQUEST_PENDING' : 'ok, pending null';
        else if (rule.startsWith('open ')) expected[key] = pending ? 'REQUEST_PENDING' : `ok, pending ${rule.slice(5)}`;
        else if (rule.startsWith('decide ')) {
          expected[key] = pending === rule.slice(7) ? 'ok, pending null' : 'NO_PENDING_REQUEST';
        } else expected[key] = pending === 'return' ? 'REQUEST_PENDING' : 'ok, pending null';
      }
      expect(actual).toEqual(expected);
    });

    it('should refuse a second request while one is pending', () => {
      const clerk = ACTORS['clerk:primary'];
      const extension = transition(ticket('accepted', 'extension'), 'request-return', clerk, { reason: 'not ours' });
      expect(extension).toMatchObject({ ok: false, code: 'REQUEST_PENDING' });
    });

    it('should refuse a reply while a return is pending, and drop a pending extension on reply', () => {
      const clerk = ACTORS['clerk:primary'];
      expect(transition(ticket('accepted', 'return'), 'reply', clerk)).toMatchObject({ code: 'REQUEST_PENDING' });
      expect(transition(ticket('accepted', 'extension'), 'reply', clerk)).toEqual({
        ok: true,
        from: 'accepted',
        to: 'replied',
        pendingRequest: null,
      });
    });
  });

  describe('reasons and decisions', () => {
    const allowedCells = ACTIONS.flatMap((action) =>
      STATUSES.filter((status) => EXPECTED[action][status]).map((status) => [status, action] as const),
    );

    it.each(allowedCells)('should ask %s × %s for a reason only where expected', (status, action) => {
      const actor = ACTORS[whoMay(action, status)[0]];
      const state = ticket(status, pendingFor(action));
      const actual: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const label of decisionLabels(action, status)) {
        const decision = label ? DECISIONS[label] : {};
        for (const reason of [undefined, '   ']) {
          const key = `${label ?? '-'} reason=${JSON.stringify(reason)}`;
          actual[key] = summary(transition(state, action, actor, { ...decision, reason }));
          const rule = REASON_RULE[action];
          const needed = rule === 'always' || (rule === 'unless approved' && label !== 'approve');
          expected[key] = needed ? 'REASON_REQUIRED' : summary(transition(state, action, actor, inputFor(label)));
        }
      }
      expect(actual).toEqual(expected);
    });

    it.each([
      ['decide-extension', 'accepted', 'extension', 'supervisor', {}],
      ['decide-extension', 'accepted', 'extension', 'supervisor', { decision: 'send_back', reason: 'x' }],
      ['decide-suspension', 'accepted', 'suspension', 'supervisor', { decision: 'maybe', reason: 'x' }],
      ['decide-return', 'assigned', 'return', 'dispatcher', { reason: 'x' }],
      ['review', 'replied', null, 'supervisor', { decision: 'reject', reason: 'x' }],
      ['callback', 'pending_callback', null, 'agent', { solved: true }],
      ['callback', 'pending_callback', null, 'agent', { satisfaction: 'satisfied' }],
      ['callback', 'pending_callback', null, 'agent', { solved: true, satisfaction: 'delighted' }],
    ] as const)('should refuse %s from %s without a valid decision (%#)', (action, status, pending, who, input) => {
      const result = transition(ticket(status, pending), action, ACTORS[who], input);
      expect(result).toMatchObject({ ok: false, code: 'INVALID_DECISION' });
    });
  });

  describe('precedence and scope', () => {
    it('should answer a role that may never take the action with ROLE_NOT_ALLOWED whatever the state', () => {
      for (const status of STATUSES) {
        expect(transition(ticket(status), 'dispatch', ACTORS.agent)).toMatchObject({ code: 'ROLE_NOT_ALLOWED' });
      }
    });

    it('should answer an allowed role in a state that does not allow the action with TRANSITION_NOT_ALLOWED', () => {
      expect(transition(ticket('closed'), 'dispatch', ACTORS.dispatcher)).toMatchObject({
        code: 'TRANSITION_NOT_ALLOWED',
      });
    });

    it('should let an agent merge at intake but leave a pool duplicate to the dispatcher', () => {
      expect(transition(ticket('new'), 'merge', ACTORS.agent)).toMatchObject({ ok: true, to: 'merged' });
      expect(transition(ticket('pending_dispatch'), 'merge', ACTORS.agent)).toMatchObject({
        code: 'ROLE_NOT_ALLOWED',
      });
    });

    it('should hold a clerk to its unit even when the clerk also holds a centre role that does not apply', () => {
      const agentAndClerk: Actor = { roles: ['agent', 'clerk'], relation: 'none' };
      expect(transition(ticket('accepted'), 'reply', agentAndClerk)).toMatchObject({ code: 'OUT_OF_SCOPE' });
      expect(transition(ticket('accepted'), 'reply', { roles: ['clerk'] })).toMatchObject({ code: 'OUT_OF_SCOPE' });
    });

    it('should let a supervisor resume any unit’s suspended ticket, a clerk only its own', () => {
      const supervisorAndClerk: Actor = { roles: ['clerk', 'supervisor'], relation: 'none' };
      expect(transition(ticket('suspended'), 'resume', supervisorAndClerk)).toMatchObject({ ok: true, to: 'accepted' });
      expect(transition(ticket('suspended'), 'resume', ACTORS['clerk:co_handler'])).toMatchObject({
        code: 'OUT_OF_SCOPE',
      });
    });

    it('should let an admin act only through another role it holds', () => {
      for (const status of STATUSES) expect(allowedActions(ticket(status), ACTORS.admin)).toEqual([]);
      expect(transition(ticket('accepted'), 'urge', { roles: ['admin', 'supervisor'] })).toMatchObject({ ok: true });
    });

    it('should never reveal a confidential caller’s number', () => {
      const confidential: TicketState = { status: 'accepted', pendingRequest: null, confidential: true };
      expect(transition(confidential, 'reveal-phone', ACTORS['clerk:primary'], { reason: 'call' })).toMatchObject({
        code: 'CONFIDENTIAL_CALLER',
      });
      expect(allowedActions(confidential, ACTORS['clerk:primary'])).not.toContain('reveal-phone');
    });

    it('should refuse an action name that is not in the table', () => {
      const result = transition(ticket('accepted'), 'approve' as TicketAction, ACTORS.supervisor);
      expect(result).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
      expect(nextStatus('accepted', 'constructor' as TicketAction)).toMatchObject({ ok: false });
      expect(nextStatus('toString' as TicketStatus, 'urge')).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
    });

    it('should map refusal codes to 400 / 403 / 409 through the error filter', () => {
      const status = (result: TransitionResult): number => {
        if (result.ok) throw new Error('expected a refusal');
        return toErrorBody(transitionError(result), new Logger('test')).statusCode;
      };
      const clerk = ACTORS['clerk:primary'];
      expect(status(transition(ticket('accepted'), 'reply', ACTORS.agent))).toBe(403);
      expect(status(transition(ticket('accepted'), 'reply', ACTORS['clerk:none']))).toBe(403);
      expect(status(transition(ticket('closed'), 'reply', clerk))).toBe(409);
      expect(status(transition(ticket('accepted', 'return'), 'reply', clerk))).toBe(409);
      expect(status(transition(ticket('accepted'), 'decide-return', ACTORS.dispatcher, { decision: 'approve' }))).toBe(
        409,
      );
      expect(status(transition(ticket('accepted'), 'request-return', clerk))).toBe(400);
      expect(status(transition(ticket('replied'), 'review', ACTORS.supervisor, { decision: 'ok' }))).toBe(400);
    });
  });

  describe('allowedActions', () => {
    it('should list exactly the actions transition accepts with a valid input, for every state, actor and flag', () => {
      for (const status of STATUSES) {
        for (const pending of PENDING) {
          for (const name of ACTOR_NAMES) {
            const state = ticket(status, pending);
            const accepted = ACTIONS.filter((action) =>
              decisionLabels(action, status).some(
                (label) => transition(state, action, ACTORS[name], inputFor(label)).ok,
              ),
            );
            expect({ status, pending, name, actions: allowedActions(state, ACTORS[name]) }).toEqual({
              status,
              pending,
              name,
              actions: accepted,
            });
          }
        }
      }
    });

    it('should show the primary unit its handling buttons', () => {
      expect(allowedActions(ticket('accepted'), ACTORS['clerk:primary'])).toEqual([
        'forward',
        'record-contact',
        'request-extension',
        'request-suspension',
        'request-return',
        'reply',
        'reveal-phone',
      ]);
      expect(allowedActions(ticket('accepted', 'return'), ACTORS['clerk:primary'])).toEqual([
        'record-contact',
        'reveal-phone',
      ]);
      expect(allowedActions(ticket('accepted', 'extension'), ACTORS.supervisor)).toEqual([
        'decide-extension',
        'urge',
        'supervise',
      ]);
    });

    it('should leave terminal tickets nothing but the primary unit revealing the number of a closed one', () => {
      for (const status of TERMINAL) {
        for (const name of ACTOR_NAMES) {
          const expected = status === 'closed' && name === 'clerk:primary' ? ['reveal-phone'] : [];
          expect({ status, name, actions: allowedActions(ticket(status), ACTORS[name]) }).toEqual({
            status,
            name,
            actions: expected,
          });
        }
      }
    });
  });

  describe('isOpen / isTerminal', () => {
    it.each(STATUSES)('should classify %s', (status) => {
      const terminal = TERMINAL.includes(status);
      expect(isTerminal(status)).toBe(terminal);
      expect(isOpen(status)).toBe(!terminal);
    });
  });

  describe('paths', () => {
    type Step = [TicketAction, ActorName, TransitionInput, TicketStatus, PendingRequest | null];

    function walk(start: TicketState, steps: Step[]): TicketState {
      let state = start;
      for (const [action, who, input, to, pending] of steps) {
        const result = transition(state, action, ACTORS[who], input);
        expect({ action, from: state.status, result: summary(result) }).toEqual({
          action,
          from: state.status,
          result: `→ ${to}`,
        });
        if (!result.ok) break;
        expect(result.pendingRequest).toBe(pending);
        state = { ...state, status: result.to, pendingRequest: result.pendingRequest };
      }
      return state;
    }

    it('should take a ticket through the complete happy path with rework and a reopen', () => {
      const end = walk(ticket('new'), [
        ['submit', 'agent', {}, 'pending_dispatch', null],
        ['dispatch', 'dispatcher', {}, 'assigned', null],
        ['accept', 'clerk:primary', {}, 'accepted', null],
        ['forward', 'clerk:primary', {}, 'assigned', null],
        ['accept', 'clerk:primary', {}, 'accepted', null],
        ['record-contact', 'clerk:primary', {}, 'accepted', null],
        ['request-extension', 'clerk:primary', { reason: 'needs a site visit' }, 'accepted', 'extension'],
        ['decide-extension', 'supervisor', { decision: 'approve' }, 'accepted', null],
        ['reply', 'clerk:primary', {}, 'replied', null],
        ['review', 'supervisor', { decision: 'send_back', reason: 'no result stated' }, 'accepted', null],
        ['reply', 'clerk:primary', {}, 'replied', null],
        ['review', 'supervisor', { decision: 'approve' }, 'pending_callback', null],
        ['callback', 'agent', { solved: false, satisfaction: 'dissatisfied' }, 'accepted', null],
        ['reply', 'clerk:primary', {}, 'replied', null],
        ['review', 'supervisor', { decision: 'approve' }, 'pending_callback', null],
        ['callback', 'agent', { solved: true, satisfaction: 'satisfied' }, 'closed', null],
      ]);
      expect(end.status).toBe('closed');
      expect(isTerminal(end.status)).toBe(true);
    });

    it('should send an approved return back to the pool, where it can be dispatched again', () => {
      walk(ticket('assigned'), [
        ['accept', 'clerk:primary', {}, 'accepted', null],
        ['request-return', 'clerk:primary', { reason: 'not our responsibility' }, 'accepted', 'return'],
        ['record-contact', 'clerk:primary', {}, 'accepted', 'return'],
        ['decide-return', 'dispatcher', { decision: 'approve' }, 'pending_dispatch', null],
        ['dispatch', 'dispatcher', {}, 'assigned', null],
      ]);
    });

    it('should keep a rejected return with the unit, which can then reply', () => {
      walk(ticket('assigned'), [
        ['request-return', 'clerk:primary', { reason: 'not ours' }, 'assigned', 'return'],
        ['decide-return', 'dispatcher', { decision: 'reject', reason: 'the list names your unit' }, 'assigned', null],
        ['accept', 'clerk:primary', {}, 'accepted', null],
        ['reply', 'clerk:primary', {}, 'replied', null],
      ]);
    });

    it('should let a dispatcher re-dispatch a ticket the unit has not accepted yet, but not after', () => {
      walk(ticket('pending_dispatch'), [
        ['dispatch', 'dispatcher', {}, 'assigned', null],
        ['dispatch', 'dispatcher', {}, 'assigned', null],
      ]);
      expect(transition(ticket('accepted'), 'dispatch', ACTORS.dispatcher)).toMatchObject({
        code: 'TRANSITION_NOT_ALLOWED',
      });
    });

    it('should suspend on approval and resume to accepted, by the unit or a supervisor', () => {
      const suspended = walk(ticket('accepted'), [
        ['request-suspension', 'clerk:primary', { reason: 'court case pending' }, 'accepted', 'suspension'],
        ['decide-suspension', 'supervisor', { decision: 'approve' }, 'suspended', null],
      ]);
      expect(allowedActions(suspended, ACTORS['clerk:primary'])).toEqual(['resume', 'reveal-phone']);
      expect(transition(suspended, 'reply', ACTORS['clerk:primary'])).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
      walk(suspended, [['resume', 'clerk:primary', {}, 'accepted', null]]);
      walk(suspended, [['resume', 'supervisor', {}, 'accepted', null]]);
    });

    it('should keep a ticket accepted when a suspension is rejected', () => {
      walk(ticket('accepted'), [
        ['request-suspension', 'clerk:primary', { reason: 'waiting for a court' }, 'accepted', 'suspension'],
        ['decide-suspension', 'supervisor', { decision: 'reject', reason: 'not a valid ground' }, 'accepted', null],
        ['request-extension', 'clerk:primary', { reason: 'then more time' }, 'accepted', 'extension'],
      ]);
    });
  });
});
