import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../domain/user.js';
import { isKamError } from '../errors/kam-error.js';
import {
  ACCESS_SCOPES,
  type AccessScope,
  DEFAULT_ACCESS_POLICY,
  inScope,
  isAllowed,
  loadAccessPolicy,
  mayGrantRole,
  PERMISSIONS,
  type Principal,
  scopeOf,
} from './permissions.js';

const division = fc.constantFrom('east', 'west', 'hq');
const principal = fc.record({
  id: fc.constantFrom('u1', 'u2', 'u3'),
  role: fc.constantFrom(...ROLES),
  division: fc.option(division, { nil: null }),
  status: fc.constantFrom('active' as const, 'frozen' as const),
});
const target = fc.record({
  division: fc.option(division, { nil: null }),
  ownerIds: fc.array(fc.option(fc.constantFrom('u1', 'u2', 'u3'), { nil: null }), { maxLength: 2 }),
  userId: fc.constantFrom('u1', 'u2', 'u3'),
});

function loadError(input: unknown) {
  try {
    loadAccessPolicy(input);
  } catch (error) {
    if (isKamError(error)) return error;
    throw error;
  }
  throw new Error('expected the policy to be rejected');
}

describe('permission model', () => {
  it('covers every resource and action the store has, in a stable order', () => {
    expect(PERMISSIONS).toHaveLength(35);
    expect(PERMISSIONS).toContain('claim.decide');
    expect(PERMISSIONS).toContain('narrative.write');
    expect(PERMISSIONS).toContain('task.assign');
    expect(PERMISSIONS).toContain('account.move');
    expect(PERMISSIONS).toContain('import.run');
    expect(PERMISSIONS).toContain('audit.read');
    expect(PERMISSIONS).toContain('payment.write');
    expect(PERMISSIONS).toContain('review360.admin');
    expect(PERMISSIONS).toContain('review360.committee');
  });

  it('gives the five roles of the seeds their reach', () => {
    expect(scopeOf(DEFAULT_ACCESS_POLICY, 'group-management', 'account.read')).toBe('all');
    expect(scopeOf(DEFAULT_ACCESS_POLICY, 'group-management', 'account.write')).toBe('none');
    expect(scopeOf(DEFAULT_ACCESS_POLICY, 'division-head', 'account.read')).toBe('division');
    expect(scopeOf(DEFAULT_ACCESS_POLICY, 'account-manager', 'account.read')).toBe('owned');
    expect(scopeOf(DEFAULT_ACCESS_POLICY, 'division-admin', 'user.write')).toBe('division');
    expect(scopeOf(DEFAULT_ACCESS_POLICY, 'system-admin', 'account.move')).toBe('all');
    expect(mayGrantRole(DEFAULT_ACCESS_POLICY, 'division-admin', 'system-admin')).toBe(false);
    expect(mayGrantRole(DEFAULT_ACCESS_POLICY, 'division-admin', 'account-manager')).toBe(true);
    expect(mayGrantRole(DEFAULT_ACCESS_POLICY, 'account-manager', 'account-manager')).toBe(false);
  });

  it('lets an account manager reach only accounts they own in their own division', () => {
    const manager: Principal = { id: 'u1', role: 'account-manager', division: 'east', status: 'active' };
    const allowed = (division: string, owners: (string | null)[]) =>
      isAllowed(DEFAULT_ACCESS_POLICY, manager, 'account.read', { division, ownerIds: owners });
    expect(allowed('east', ['u1', null])).toBe(true);
    expect(allowed('east', [null, 'u1'])).toBe(true);
    expect(allowed('east', ['u2', null])).toBe(false);
    // Divisions are isolated even for a stale ownership after a move.
    expect(allowed('west', ['u1', null])).toBe(false);
  });

  it('never allows anything to a frozen user', () => {
    fc.assert(
      fc.property(principal, target, fc.constantFrom(...PERMISSIONS), (user, record, permission) => {
        expect(isAllowed(DEFAULT_ACCESS_POLICY, { ...user, status: 'frozen' }, permission, record)).toBe(
          false,
        );
      }),
    );
  });

  it('never lets a division scope reach another division, or a user without a division reach any', () => {
    fc.assert(
      fc.property(principal, target, (user, record) => {
        if (inScope('division', user, record)) {
          expect(user.division).not.toBeNull();
          expect(record.division).toBe(user.division);
        }
        if (inScope('owned', user, record)) expect(inScope('division', user, record)).toBe(true);
      }),
    );
  });

  it('orders the scopes: owned ⊆ division ⊆ all, and none reaches nothing', () => {
    const order: AccessScope[] = ['none', 'owned', 'division', 'all'];
    fc.assert(
      fc.property(principal, target, (user, record) => {
        const reach = order.map((scope) => inScope(scope, user, record));
        for (let index = 1; index < reach.length; index++) {
          if (reach[index - 1]) expect(reach[index]).toBe(true);
        }
        expect(reach[0]).toBe(false);
      }),
    );
  });
});

describe('loadAccessPolicy', () => {
  it('accepts a policy written as data and treats unlisted permissions as refused', () => {
    const policy = loadAccessPolicy({
      id: 'read-only-hq',
      rules: {
        'group-management': { 'account.read': 'all' },
        'division-head': {},
        'account-manager': {},
        'division-admin': {},
        'system-admin': { 'user.write': 'all' },
      },
      grantableRoles: { 'system-admin': ['account-manager'] },
    });
    expect(scopeOf(policy, 'group-management', 'account.read')).toBe('all');
    expect(scopeOf(policy, 'group-management', 'account.write')).toBe('none');
    expect(policy.grantableRoles['division-admin']).toEqual([]);
  });

  it('names the bad path for an unknown permission, a bad scope, or a scope on the wrong resource', () => {
    const base = { id: 'p', grantableRoles: {} };
    const rules = (extra: Record<string, unknown>) => ({
      'group-management': {},
      'division-head': {},
      'account-manager': {},
      'division-admin': {},
      'system-admin': {},
      ...extra,
    });
    const scope = loadError({ ...base, rules: rules({ 'division-head': { 'account.read': 'region' } }) });
    expect(scope.code).toBe('INVALID_CONFIG');
    expect(scope.path).toBe('rules.division-head.account.read');
    expect(scope.messageIn('en')).toContain(ACCESS_SCOPES.join(', '));

    const self = loadError({ ...base, rules: rules({ 'account-manager': { 'account.read': 'self' } }) });
    expect(self.path).toBe('rules.account-manager.account.read');

    const owned = loadError({ ...base, rules: rules({ 'division-admin': { 'user.write': 'owned' } }) });
    expect(owned.path).toBe('rules.division-admin.user.write');

    const missingRole = loadError({ ...base, rules: { 'system-admin': {} } });
    expect(missingRole.issues.map((issue) => issue.path)).toContain('rules.group-management');

    const unknown = loadError({ ...base, rules: rules({ 'system-admin': { 'account.delete': 'all' } }) });
    expect(unknown.code).toBe('INVALID_CONFIG');
  });
});
