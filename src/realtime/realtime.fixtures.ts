import type { TicketSnapshot } from './realtime-events';

/** A ticket as a pushed event carries it, for the pure realtime tests; fields as the test needs them. */
export function ticketSnapshot(overrides: Partial<TicketSnapshot> = {}): TicketSnapshot {
  return {
    number: '20261126-000001',
    status: 'assigned',
    pendingRequest: null,
    primaryUnitId: 93,
    urgency: 'normal',
    version: 3,
    deadlines: {
      acceptDueAt: null,
      firstContactDueAt: null,
      resolutionDueAt: null,
      callbackDueAt: null,
      nextDeadlineAt: null,
    },
    caller: null,
    ...overrides,
  };
}
