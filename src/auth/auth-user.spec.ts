import { AuthUser, scopeCoversUnit, unitScopeOf } from './auth-user';

const user = (over: Partial<AuthUser>): AuthUser => ({
  id: 1,
  username: 'u',
  displayName: 'U',
  roles: [],
  unitId: null,
  unitPath: null,
  ...over,
});

describe('unitScopeOf', () => {
  it('should let centre roles see every unit', () => {
    for (const role of ['agent', 'dispatcher', 'supervisor', 'admin'] as const) {
      expect(scopeCoversUnit(unitScopeOf(user({ roles: [role] })), '/1/9/')).toBe(true);
    }
  });

  it('should limit a clerk to their unit and the units below it', () => {
    const scope = unitScopeOf(user({ roles: ['clerk'], unitId: 7, unitPath: '/1/7/' }));
    expect(scopeCoversUnit(scope, '/1/7/')).toBe(true);
    expect(scopeCoversUnit(scope, '/1/7/70/')).toBe(true);
    expect(scopeCoversUnit(scope, '/1/8/')).toBe(false);
    // a sibling whose id starts with the same digits is not below the unit
    expect(scopeCoversUnit(scope, '/1/77/')).toBe(false);
  });

  it('should give a clerk without a unit nothing', () => {
    expect(scopeCoversUnit(unitScopeOf(user({ roles: ['clerk'] })), '/1/')).toBe(false);
  });
});
