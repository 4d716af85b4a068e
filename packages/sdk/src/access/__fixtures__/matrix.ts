/**
 * The permission matrix as the tests state it, written out by hand (not read
 * from the policy), and one store operation per permission. Shared by the
 * memory and PGlite runs of the matrix.
 */
import { expect } from 'vitest';
import type { Role } from '../../domain/user.js';
import { isKamError, type KamError } from '../../errors/kam-error.js';
import type { Store } from '../../store/port.js';
import type { Permission } from '../permissions.js';
import { type ScopedStore, scopeStore } from '../scoped-store.js';
import { ACCOUNTS, AT, declineAlert, USERS } from './portfolio.js';

/** Roles in column order of {@link EXPECTED_SCOPES}, with the fixture user acting in each. */
export const ACTORS: readonly { role: Role; userId: string }[] = [
  { role: 'group-management', userId: USERS.gm.id },
  { role: 'division-head', userId: USERS.dh.id },
  { role: 'account-manager', userId: USERS.am.id },
  { role: 'division-admin', userId: USERS.da.id },
  { role: 'system-admin', userId: USERS.sa.id },
];

/**
 * Expected scope per permission, columns GM DH AM DA SA:
 * `all` every division, `div` own division, `own` accounts owned (A/B), `self` own user record, `-` refused.
 */
export const EXPECTED_SCOPES: Record<Permission, string> = {
  'account.read': 'all div own div all',
  'account.write': '- div own div all',
  'account.move': 'all - - - all',
  'account.handover': '- div - div all',
  'contact.read': 'all div own div all',
  'contact.write': '- div own div all',
  'transaction.read': 'all div own div all',
  'transaction.write': '- - - div all',
  'payment.read': 'all div own div all',
  'payment.write': '- - - div all',
  'interaction.read': 'all div own div all',
  'interaction.write': '- div own div all',
  'complaint.read': 'all div own div all',
  'complaint.write': '- div own div all',
  'score.read': 'all div own div all',
  'score.write': '- - - - all',
  'tier.read': 'all div own div all',
  'tier.write': '- - - - all',
  'override.read': 'all div own div all',
  'override.write': 'all div - - all',
  'alert.read': 'all div own div all',
  'alert.write': '- div own div all',
  'user.read': 'all div self div all',
  'user.write': '- - - div all',
  'import.run': '- - - div all',
  'audit.read': 'all div - div all',
  'review360.admin': '- - - div all',
  'review360.committee': 'all div - - all',
  'narrative.read': 'all div div div all',
  'narrative.write': '- div div div all',
  'task.assign': '- div - - all',
  'claim.read': 'all div - div all',
  'claim.file': '- div - div all',
  'claim.answer': '- - - div all',
  'claim.decide': 'all - - - all',
};

/** The three targets: the actor's own record, another record of the east division, a west record. */
export const TARGETS = ['own', 'peer', 'west'] as const;
/** A target of the matrix. */
export type TargetHandle = (typeof TARGETS)[number];

/** True when the hand-written scope code allows `actor` on `target` (east is the actors' division). */
export function expectAllowed(code: string, target: TargetHandle): boolean {
  switch (code) {
    case 'all':
      return true;
    case 'div':
      return target !== 'west';
    case 'own':
    case 'self':
      return target === 'own';
    default:
      return false;
  }
}

/** How an operation reads: one record (refusal throws), a list (refusal filters), a write, or a bare check. */
export type OperationKind = 'read-one' | 'read-list' | 'write' | 'check';

/** One store operation exercising a permission on a target id. */
export interface Operation {
  kind: OperationKind;
  run(scoped: ScopedStore, id: string, actorId: string): Promise<unknown>;
}

const westOf = (id: string) => (id === ACCOUNTS.west.id ? 'east' : 'west');
const successorIn = (id: string) => (id === ACCOUNTS.west.id ? USERS.dhw.id : USERS.dh.id);

/** One operation per permission. */
export const OPERATIONS: Record<Permission, Operation> = {
  'account.read': { kind: 'read-one', run: (s, id) => s.getAccount(id) },
  'account.write': { kind: 'write', run: (s, id) => s.updateAccount(id, { industry: '航空' }) },
  'account.move': { kind: 'write', run: (s, id) => s.moveAccount(id, westOf(id), '总部调整区域划分') },
  'account.handover': {
    kind: 'write',
    run: (s, id) => s.handOverAccount(id, { ownerB: successorIn(id), reason: '增设 B 角' }),
  },
  'contact.read': { kind: 'read-one', run: (s, id) => s.listContacts(id) },
  'contact.write': {
    kind: 'write',
    run: (s, id) => s.putContact({ id: `C2-${id}`, accountId: id, name: '刘处长', role: 'key-person' }),
  },
  'transaction.read': { kind: 'read-list', run: (s, id) => s.aggregate({ accountIds: [id] }) },
  'transaction.write': {
    kind: 'write',
    run: (s, id) =>
      s.insertTransactions([
        { id: `T2-${id}`, accountId: id, date: '2026-10-01', amountFen: 100, category: 'general' },
      ]),
  },
  'payment.read': { kind: 'read-list', run: (s, id) => s.listPayments({ accountIds: [id] }) },
  'payment.write': {
    kind: 'write',
    run: (s, id) => s.insertPayments([{ id: `P2-${id}`, accountId: id, date: '2026-10-08', amountFen: 100 }]),
  },
  'interaction.read': { kind: 'read-list', run: (s, id) => s.listInteractions({ accountIds: [id] }) },
  'interaction.write': {
    kind: 'write',
    run: (s, id, actorId) =>
      s.insertInteractions([
        { id: `I2-${id}`, accountId: id, kind: 'call', at: AT, userId: actorId, actorLevel: 'specialist' },
      ]),
  },
  'complaint.read': { kind: 'read-list', run: (s, id) => s.listComplaints({ accountIds: [id] }) },
  'complaint.write': {
    kind: 'write',
    run: (s, id) =>
      s.putComplaint({
        id: `Q2-${id}`,
        accountId: id,
        channel: 'online',
        summary: '发票错误',
        receivedAt: AT,
      }),
  },
  'score.read': { kind: 'read-list', run: (s, id) => s.listScores({ accountIds: [id] }) },
  'score.write': {
    kind: 'write',
    run: (s, id) =>
      s.saveScores([
        { accountId: id, period: '2026-10', modelId: 'contribution', score: 81, factors: {}, at: AT },
      ]),
  },
  'tier.read': { kind: 'read-one', run: (s, id) => s.tierHistory(id) },
  'tier.write': {
    kind: 'write',
    run: (s, id) =>
      s.saveTierAssignments([
        { accountId: id, period: '2026-10', policyId: 'retail', tier: 'B', explanation: {}, at: AT },
      ]),
  },
  'override.read': { kind: 'read-list', run: (s, id) => s.listOverrides({ accountId: id }) },
  'override.write': {
    kind: 'write',
    run: (s, id) =>
      s.putOverride({
        id: `O2-${id}`,
        accountId: id,
        policyId: 'retail',
        tier: 'A',
        reason: '集团战略',
        expiresOn: null,
      }),
  },
  'alert.read': { kind: 'read-list', run: (s, id) => s.listAlerts({ accountIds: [id] }) },
  'alert.write': {
    kind: 'write',
    run: (s, id) => s.saveAlerts([declineAlert(id)]),
  },
  'user.read': { kind: 'read-one', run: (s, id) => s.getUser(id) },
  'user.write': {
    kind: 'write',
    run: async (s, id) => {
      const users = Object.values(USERS) as readonly { id: string }[];
      const user = users.find((candidate) => candidate.id === id);
      return s.putUser({ ...(user as (typeof USERS)['am']), name: '改名' });
    },
  },
  'import.run': {
    kind: 'check',
    run: (s, id) => s.assertCan('import.run', { division: id === ACCOUNTS.west.id ? 'west' : 'east' }),
  },
  'audit.read': { kind: 'read-list', run: (s, id) => s.listAudit({ entityId: id }) },
  'review360.admin': {
    kind: 'check',
    run: (s, id) => s.assertCan('review360.admin', { division: id === ACCOUNTS.west.id ? 'west' : 'east' }),
  },
  'review360.committee': {
    kind: 'check',
    run: (s, id) =>
      s.assertCan('review360.committee', { division: id === ACCOUNTS.west.id ? 'west' : 'east' }),
  },
  'narrative.read': {
    kind: 'read-list',
    run: (s, id) => s.listUnitPlans({ divisions: [id === ACCOUNTS.west.id ? 'west' : 'east'] }),
  },
  'narrative.write': {
    kind: 'write',
    run: (s, id) =>
      s.putUnitPlan({
        division: id === ACCOUNTS.west.id ? 'west' : 'east',
        period: '2026-10',
        wentWell: '新签两家重点客户',
      }),
  },
  'claim.read': {
    kind: 'check',
    run: (s, id) => s.assertCan('claim.read', { division: id === ACCOUNTS.west.id ? 'west' : 'east' }),
  },
  'claim.file': {
    kind: 'check',
    run: (s, id) => s.assertCan('claim.file', { division: id === ACCOUNTS.west.id ? 'west' : 'east' }),
  },
  'claim.answer': {
    kind: 'check',
    run: (s, id) => s.assertCan('claim.answer', { division: id === ACCOUNTS.west.id ? 'west' : 'east' }),
  },
  'claim.decide': {
    kind: 'check',
    run: (s, id) => s.assertCan('claim.decide', { division: id === ACCOUNTS.west.id ? 'west' : 'east' }),
  },
  'task.assign': {
    kind: 'write',
    run: (s, id) =>
      s.assignTask({
        accountId: id,
        assigneeId: Object.values(ACCOUNTS).find((account) => account.id === id)?.ownerA ?? USERS.am.id,
        title: '拜访财务总监',
        dueDate: '2026-10-20',
      }),
  },
};

/** The record id a permission's target handle names for an actor. */
export function targetId(permission: Permission, target: TargetHandle, actorId: string): string {
  if (permission.startsWith('user.')) {
    if (target === 'own') return actorId;
    return target === 'peer' ? USERS.am2.id : USERS.amw.id;
  }
  return ACCOUNTS[target].id;
}

/** What an operation did. */
export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

const ROLLBACK = Symbol('rollback');

/** Run `operation` as `actorId` inside a transaction that is always rolled back, so cases do not interact. */
export async function attempt(
  store: Store,
  actorId: string,
  operation: Operation,
  id: string,
): Promise<Outcome> {
  let outcome: Outcome = { ok: false, error: new Error('operation did not run') };
  try {
    await store.transaction(async (tx) => {
      try {
        outcome = { ok: true, value: await operation.run(scopeStore(tx, actorId), id, actorId) };
      } catch (error) {
        outcome = { ok: false, error };
      }
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  return outcome;
}

function kamErrorOf(outcome: Outcome): KamError {
  if (outcome.ok) throw new Error(`expected a refusal, got ${JSON.stringify(outcome.value)}`);
  if (!isKamError(outcome.error)) throw outcome.error;
  return outcome.error;
}

/** The comparable face of an error: everything a caller can observe. */
export function faceOf(error: KamError) {
  return {
    code: error.code,
    message: error.message,
    localised: error.localised,
    path: error.path,
    issues: error.issues,
  };
}

/** Assert the outcome of one matrix case. `missing` is the same operation on a store without the record. */
export function checkOutcome(options: {
  operation: Operation;
  allowed: boolean;
  visible: boolean;
  outcome: Outcome;
  missing: () => Promise<Outcome>;
}): Promise<void> | undefined {
  const { operation, allowed, visible, outcome } = options;
  if (allowed) {
    if (!outcome.ok) throw outcome.error;
    if (operation.kind === 'read-list') expect(outcome.value).not.toEqual([]);
    return undefined;
  }
  if (operation.kind === 'read-list') {
    expect(outcome).toEqual({ ok: true, value: [] });
    return undefined;
  }
  const error = kamErrorOf(outcome);
  if (operation.kind === 'check' || visible) {
    expect(error.code).toBe('FORBIDDEN');
    return undefined;
  }
  expect(error.code).toBe('NOT_FOUND');
  return options.missing().then((twin) => {
    const missingError = kamErrorOf(twin);
    expect(faceOf(error)).toEqual(faceOf(missingError));
    expect(error).toEqual(missingError);
  });
}
