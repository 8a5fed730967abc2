import { AuthUser, scopeCoversUnit, UnitScope, unitScopeOf } from '../auth/auth-user';
import type { Actor, UnitRelation } from './ticket-state-machine';
import type { TicketUnit } from './ticket-unit.entity';

/** Whether the viewer may see a ticket at all: centre roles always, a clerk when one of its units lies in scope. */
export function canSeeTicket(scope: UnitScope, units: readonly Pick<TicketUnit, 'unitPath'>[]): boolean {
  if (scope.kind === 'all') return true;
  return units.some((u) => scopeCoversUnit(scope, u.unitPath));
}

/** How the user's own unit stands to the ticket, for the clerk rules of the state machine. */
export function unitRelationOf(user: AuthUser, units: readonly Pick<TicketUnit, 'unitId' | 'role'>[]): UnitRelation {
  if (user.unitId === null) return 'none';
  const own = units.find((u) => u.unitId === user.unitId);
  if (!own) return 'none';
  return own.role === 'primary' ? 'primary' : 'co_handler';
}

export function actorOf(user: AuthUser, units: readonly Pick<TicketUnit, 'unitId' | 'role'>[]): Actor {
  return { roles: user.roles, relation: unitRelationOf(user, units) };
}

export { unitScopeOf };
