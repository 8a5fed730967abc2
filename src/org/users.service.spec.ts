import { endsSessions, UserView } from './users.service';

describe('endsSessions', () => {
  const clerk: UserView = {
    id: 7,
    username: 'clerk-dept-market',
    displayName: '市场监管局联络员',
    roles: ['clerk'],
    unitId: 93,
    active: true,
    lastLoginAt: null,
    createdAt: new Date('2026-11-01T00:00:00Z'),
  };

  it('should end the sessions of a user deactivated, moved, given other roles or a new password', () => {
    expect(endsSessions(clerk, { ...clerk, active: false }, false)).toBe(true);
    expect(endsSessions(clerk, { ...clerk, unitId: 12 }, false)).toBe(true);
    expect(endsSessions(clerk, { ...clerk, roles: ['clerk', 'supervisor'] }, false)).toBe(true);
    expect(endsSessions(clerk, clerk, true)).toBe(true);
  });

  it('should leave them open for a new display name, the same roles in another order, or a reactivation', () => {
    expect(endsSessions(clerk, { ...clerk, displayName: '改名' }, false)).toBe(false);
    const two: UserView = { ...clerk, roles: ['agent', 'dispatcher'], unitId: null };
    expect(endsSessions(two, { ...two, roles: ['dispatcher', 'agent'] }, false)).toBe(false);
    expect(endsSessions({ ...clerk, active: false }, clerk, false)).toBe(false);
  });
});
