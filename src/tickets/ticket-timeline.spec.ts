import { NON_TRANSITION_EVENTS, replayTimeline, TimelineEvent, TimelineReplayError } from './ticket-timeline';

/** Builds the events of a path the way the service records them: each from where the last one ended. */
function events(start: string, steps: [action: string, to: string | null, payload?: Record<string, unknown>][]) {
  let from: string | null = start;
  return steps.map(([action, to, payload]): TimelineEvent => {
    const event: TimelineEvent = { action, fromStatus: action === 'created' ? null : from, toStatus: to, payload };
    from = to ?? from;
    return event;
  });
}

const HAPPY_PATH = events('new', [
  ['created', 'new'],
  ['classified', null],
  ['call-linked', null],
  ['submit', 'pending_dispatch'],
  ['dispatch', 'assigned', { unitId: 7 }],
  ['accept', 'accepted'],
  ['forward', 'assigned', { toUnitId: 31 }],
  ['accept', 'accepted'],
  ['record-contact', 'accepted'],
  ['request-extension', 'accepted', { reason: 'site visit', days: 5 }],
  ['decide-extension', 'accepted', { decision: 'approve' }],
  ['reply', 'replied', { text: 'repaired' }],
  ['review', 'accepted', { decision: 'send_back', reason: 'photo missing' }],
  ['reply', 'replied'],
  ['urge', 'replied'],
  ['review', 'pending_callback', { decision: 'approve' }],
  ['callback', 'accepted', { solved: false, satisfaction: 'dissatisfied' }],
  ['reply', 'replied'],
  ['review', 'pending_callback', { decision: 'approve' }],
  ['callback', 'closed', { solved: true, satisfaction: 'basically_satisfied' }],
]);

function tampered(index: number, change: Partial<TimelineEvent>): TimelineEvent[] {
  return HAPPY_PATH.map((event, i) => (i === index ? { ...event, ...change } : event));
}

function indexOf(action: string, nth = 0): number {
  return HAPPY_PATH.map((e, i) => [e.action, i] as const).filter(([a]) => a === action)[nth][1];
}

describe('replayTimeline', () => {
  it('should replay the complete happy path to closed', () => {
    expect(replayTimeline(HAPPY_PATH)).toEqual({ status: 'closed', pendingRequest: null });
  });

  it('should start from new when there are no events', () => {
    expect(replayTimeline([])).toEqual({ status: 'new', pendingRequest: null });
  });

  it('should replay a pending request into the flag and a decision out of it', () => {
    const path = events('new', [
      ['submit', 'pending_dispatch'],
      ['dispatch', 'assigned'],
      ['request-return', 'assigned', { reason: 'not ours' }],
    ]);
    expect(replayTimeline(path)).toEqual({ status: 'assigned', pendingRequest: 'return' });
    const approved = [...path, ...events('assigned', [['decide-return', 'pending_dispatch', { decision: 'approve' }]])];
    expect(replayTimeline(approved)).toEqual({ status: 'pending_dispatch', pendingRequest: null });
  });

  it('should replay a suspension and its resume', () => {
    const path = events('new', [
      ['submit', 'pending_dispatch'],
      ['dispatch', 'assigned'],
      ['accept', 'accepted'],
      ['request-suspension', 'accepted', { reason: 'court' }],
      ['decide-suspension', 'suspended', { decision: 'approve' }],
      ['resume', 'accepted'],
    ]);
    expect(replayTimeline(path)).toEqual({ status: 'accepted', pendingRequest: null });
  });

  it('should throw when a recorded target state disagrees with the table', () => {
    expect(() => replayTimeline(tampered(indexOf('accept'), { toStatus: 'replied' }))).toThrow(TimelineReplayError);
  });

  it('should throw when a recorded decision does not lead where the event says', () => {
    const lastCallback = indexOf('callback', 1);
    const flipped = tampered(lastCallback, { payload: { solved: true, satisfaction: 'dissatisfied' } });
    expect(() => replayTimeline(flipped)).toThrow(/recorded to closed, but the table leads to accepted/);
  });

  it('should throw when a decision is missing from the payload', () => {
    expect(() => replayTimeline(tampered(indexOf('review'), { payload: {} }))).toThrow(/INVALID_DECISION/);
  });

  it('should throw when an event starts from another state than the replay stands in', () => {
    expect(() => replayTimeline(tampered(indexOf('accept'), { fromStatus: 'pending_dispatch' }))).toThrow(
      /recorded from pending_dispatch, but the ticket was assigned/,
    );
  });

  it('should throw at an action the state does not allow, naming the event', () => {
    const skipped = HAPPY_PATH.filter((_, i) => i !== indexOf('submit'));
    expect(() => replayTimeline(skipped.map((e) => ({ ...e, fromStatus: null })))).toThrow(
      /#3 \(dispatch\): TRANSITION_NOT_ALLOWED/,
    );
  });

  it('should throw at a reply while a return is pending', () => {
    const path = events('new', [
      ['submit', 'pending_dispatch'],
      ['dispatch', 'assigned'],
      ['accept', 'accepted'],
      ['request-return', 'accepted', { reason: 'not ours' }],
      ['reply', 'replied'],
    ]);
    expect(() => replayTimeline(path)).toThrow(/REQUEST_PENDING/);
  });

  it('should throw at an event type that is neither an action nor listed as a non-transition event', () => {
    expect(() => replayTimeline(tampered(indexOf('accept'), { action: 'accepted' }))).toThrow(
      /neither a ticket action/,
    );
  });

  it('should throw when a non-transition event claims to change the state', () => {
    expect(() => replayTimeline(tampered(indexOf('classified'), { toStatus: 'pending_dispatch' }))).toThrow(
      TimelineReplayError,
    );
  });

  it('should list the non-transition events explicitly', () => {
    expect([...NON_TRANSITION_EVENTS].sort()).toEqual([
      'call-linked',
      'classified',
      'created',
      'dispatch-suggested',
      'duplicate-linked',
      'emergency-flagged',
      'sla-breached',
      'sla-warning',
    ]);
  });
});
