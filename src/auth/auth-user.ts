import type { Role } from '../org/user.entity';

/** The authenticated caller, as guards attach it to the request. */
export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  unitId: number | null;
  /** Materialised path of the user's unit (`/1/7/`), for "this unit and the units below it". */
  unitPath: string | null;
}

export function hasRole(user: AuthUser, ...roles: Role[]): boolean {
  return roles.some((r) => user.roles.includes(r));
}

/**
 * What a user may see of the tickets and records of units. Centre roles see everything; a user
 * who is only a clerk sees their own unit and the units below it (tickets forwarded down).
 */
export type UnitScope = { kind: 'all' } | { kind: 'unit'; unitId: number; unitPath: string } | { kind: 'none' };

export function unitScopeOf(user: AuthUser): UnitScope {
  if (hasRole(user, 'agent', 'dispatcher', 'supervisor', 'admin')) return { kind: 'all' };
  if (hasRole(user, 'clerk') && user.unitId !== null && user.unitPath) {
    return { kind: 'unit', unitId: user.unitId, unitPath: user.unitPath };
  }
  return { kind: 'none' };
}

/** Whether a unit (given its path) lies within the scope. */
export function scopeCoversUnit(scope: UnitScope, unitPath: string): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'unit':
      return unitPath.startsWith(scope.unitPath);
    case 'none':
      return false;
  }
}

/**
 * The actor of work the system does by itself (auto-dispatch, SLA urges): it holds the one role it
 * stands in for, belongs to no unit, and its events record no user.
 */
export function systemActor(role: Role): AuthUser {
  return { id: 0, username: 'system', displayName: '系统', roles: [role], unitId: null, unitPath: null };
}
