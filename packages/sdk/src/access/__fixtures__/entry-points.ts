/**
 * The table of the generated entry-point test: how to call every public
 * method of a scoped store with an id, and what the permission table says it
 * may do. The test walks a real scoped store's prototype and fails when a
 * method is missing here or listed here but gone, so a new entry point cannot
 * escape the check. Shared by the memory and PGlite runs.
 */
import { expect } from 'vitest';
import { type Contract, ContractSchema } from '../../contracts/contract.js';
import type { Role } from '../../domain/user.js';
import { isKamError, type KamError } from '../../errors/kam-error.js';
import { submitRelationshipPlan, writeRelationshipPlan } from '../../relationship-plans/relationship-plan.js';
import { type SurveyResponse, SurveyResponseSchema } from '../../satisfaction/survey.js';
import type { Store } from '../../store/port.js';
import type { TaskInput } from '../../tasks/task.js';
import { DEFAULT_ACCESS_POLICY, mayGrantRole, type Permission, scopeOf } from '../permissions.js';
import { type ScopedStore, scopeStore } from '../scoped-store.js';
import { attempt, type Outcome } from './matrix.js';
import { ACCOUNTS, AT, declineAlert, USERS } from './portfolio.js';

/** A fixture user acting through the scoped store. */
export interface Actor {
  id: string;
  role: Role;
  division: string;
}

/** Every fixture user, each in their role and division: the actors of the test. */
export const ENTRY_ACTORS: readonly Actor[] = Object.values(USERS);

/** An account id and a user id that no record holds. */
export const MISSING = { account: 'A-nowhere', user: 'u-nowhere', division: 'd-nowhere' } as const;

/** What an id names: an account (or a record keyed under it), a user, or a division (a unit's records). */
export type Names = 'account' | 'user' | 'division';

/** The divisions of the fixture that hold accounts (HQ holds none). */
const DIVISIONS = [...new Set(Object.values(ACCOUNTS).map((account) => account.division))];

/**
 * The ids a method is called with: every fixture record of that kind (the
 * actor's own, their division's, another division's) and one that is missing.
 */
export function idsOf(names: Names): string[] {
  if (names === 'division') return [...DIVISIONS, MISSING.division];
  const records = names === 'account' ? Object.values(ACCOUNTS) : Object.values(USERS);
  return [...records.map((record) => record.id), MISSING[names]];
}

/**
 * How one public method is called and checked.
 *
 * - `one`: takes the id of one existing record; succeeds when the permission
 *   table allows it, answers `FORBIDDEN` when the actor may see the record,
 *   and otherwise exactly what it answers for a missing id.
 * - `filter`: a list read narrowed to one account by id; a record out of
 *   reach and a missing one both give `[]`. `all` reads it unnarrowed.
 * - `list`: a list read without an id; it holds exactly the records in reach.
 * - `claim`: takes an id for a record to create. Ids are one company-wide
 *   namespace, so a taken id the actor may not see answers `CONFLICT` naming
 *   only the id, or, when the input itself is refused, exactly as a missing id.
 * - `foreign`: takes the id of an account of another division, named without
 *   reading it (an attribution claim): refused `FORBIDDEN` for anyone without
 *   the permission on their own division (a missing id too, so it is no
 *   oracle for them); for the others, `NOT_FOUND` for a missing id,
 *   `INVALID_STATE` for an account of their own division, success otherwise.
 * - `check`: takes an access target (no id) and answers yes or no.
 * - `self`: takes nothing; answers about the actor.
 */
export type EntryPoint =
  | {
      kind: 'one';
      names: Names;
      permission: Permission;
      /** The permission that makes the record visible (default `account.read` / `user.read`). */
      visibility?: Permission;
      call(scoped: ScopedStore, id: string, actor: Actor): Promise<unknown>;
      /** Refused with `FORBIDDEN` although the permission holds (the role hierarchy, one's own user). */
      refusedAnyway?(actor: Actor, id: string): boolean;
      /** The same method called without an id: a list of every record in reach. */
      all?(scoped: ScopedStore): Promise<readonly unknown[]>;
      idOf?(row: unknown): string;
    }
  | {
      kind: 'filter';
      names: Names;
      permission: Permission;
      call(scoped: ScopedStore, id: string): Promise<readonly unknown[]>;
      all?(scoped: ScopedStore): Promise<readonly unknown[]>;
      idOf(row: unknown): string;
    }
  | {
      kind: 'list';
      names: Names;
      permission: Permission;
      all(scoped: ScopedStore): Promise<readonly unknown[]>;
      idOf(row: unknown): string;
    }
  | {
      kind: 'claim';
      names: Names;
      permission: Permission;
      call(scoped: ScopedStore, id: string, actor: Actor): Promise<unknown>;
    }
  | {
      kind: 'foreign';
      permission: Permission;
      call(scoped: ScopedStore, accountId: string): Promise<unknown>;
    }
  | { kind: 'check'; permission: Permission; call(scoped: ScopedStore, accountId: string): Promise<boolean> }
  | { kind: 'self'; call(scoped: ScopedStore): Promise<{ id: string }> };

const byAccount = (row: unknown) => (row as { accountId: string }).accountId;
const byId = (row: unknown) => (row as { id: string }).id;
const accountOf = (id: string) => Object.values(ACCOUNTS).find((account) => account.id === id);
const isOwner = (actor: Actor, id: string) => {
  const account = accountOf(id);
  return account !== undefined && (account.ownerA === actor.id || account.ownerB === actor.id);
};
const userOf = (id: string) => Object.values(USERS).find((user) => user.id === id);
/** The division new records of an actor go to: their own, or east for HQ. */
const homeOf = (actor: Actor) => (actor.division === 'hq' ? 'east' : actor.division);
/** A colleague of the same division to hand a departing user's accounts to. */
const SUCCESSORS: Record<string, string> = {
  [USERS.am.id]: USERS.am2.id,
  [USERS.amw.id]: USERS.dhw.id,
  [USERS.dhw.id]: USERS.amw.id,
  [USERS.gm.id]: USERS.sa.id,
  [USERS.sa.id]: USERS.gm.id,
};
/** Editing a user is refused for one's own record and for a role the actor may not give. */
const userWriteRefused = (actor: Actor, id: string) => {
  const target = userOf(id);
  return (
    id === actor.id || (target !== undefined && !mayGrantRole(DEFAULT_ACCESS_POLICY, actor.role, target.role))
  );
};

/**
 * Every public method of {@link ScopedStore}, classified. Adding a method to
 * the scoped store without a row here fails the test (and the typecheck).
 */
export const ENTRY_POINTS = {
  me: { kind: 'self', call: (scoped) => scoped.me() },
  can: {
    kind: 'check',
    permission: 'account.write',
    call: (scoped, id) => scoped.can('account.write', targetOf(id)),
  },
  assertCan: {
    kind: 'check',
    permission: 'account.write',
    call: (scoped, id) =>
      scoped.assertCan('account.write', targetOf(id)).then(
        () => true,
        (error: unknown) => {
          if (isKamError(error) && error.code === 'FORBIDDEN') return false;
          throw error;
        },
      ),
  },
  transaction: {
    kind: 'one',
    names: 'account',
    permission: 'account.read',
    call: (scoped, id) => scoped.transaction((inner) => inner.getAccount(id)),
  },
  getAccount: {
    kind: 'one',
    names: 'account',
    permission: 'account.read',
    call: (scoped, id) => scoped.getAccount(id),
  },
  listAccounts: {
    kind: 'filter',
    names: 'account',
    permission: 'account.read',
    call: (scoped, id) => scoped.listAccounts({ ids: [id] }),
    all: (scoped) => scoped.listAccounts(),
    idOf: byId,
  },
  accountHistory: {
    kind: 'one',
    names: 'account',
    permission: 'account.read',
    call: (scoped, id) => scoped.accountHistory(id),
  },
  createAccount: {
    kind: 'claim',
    names: 'account',
    permission: 'account.write',
    call: (scoped, id, actor) =>
      scoped.createAccount({ id, name: '新客户', division: homeOf(actor), type: 'soe' }),
  },
  updateAccount: {
    kind: 'one',
    names: 'account',
    permission: 'account.write',
    call: (scoped, id) => scoped.updateAccount(id, { industry: '航空' }),
  },
  moveAccount: {
    kind: 'one',
    names: 'account',
    permission: 'account.move',
    call: (scoped, id) => scoped.moveAccount(id, 'north', '总部调整区域划分'),
  },
  handOverAccount: {
    kind: 'one',
    names: 'account',
    permission: 'account.handover',
    call: (scoped, id) => scoped.handOverAccount(id, { reason: '交接复核' }),
  },
  listContacts: {
    kind: 'one',
    names: 'account',
    permission: 'contact.read',
    call: (scoped, id) => scoped.listContacts(id),
    all: (scoped) => scoped.listContacts(),
    idOf: byAccount,
  },
  putContact: {
    kind: 'one',
    names: 'account',
    permission: 'contact.write',
    call: (scoped, id) =>
      scoped.putContact({ id: `C2-${id}`, accountId: id, name: '刘处长', role: 'key-person' }),
  },
  insertTransactions: {
    kind: 'one',
    names: 'account',
    permission: 'transaction.write',
    call: (scoped, id) =>
      scoped.insertTransactions([
        { id: `T2-${id}`, accountId: id, date: '2026-10-01', amountFen: 100, category: 'general' },
      ]),
  },
  aggregate: {
    kind: 'filter',
    names: 'account',
    permission: 'transaction.read',
    call: (scoped, id) => scoped.aggregate({ accountIds: [id] }),
    all: (scoped) => scoped.aggregate(),
    idOf: byAccount,
  },
  insertPayments: {
    kind: 'one',
    names: 'account',
    permission: 'payment.write',
    call: (scoped, id) =>
      scoped.insertPayments([{ id: `P2-${id}`, accountId: id, date: '2026-10-08', amountFen: 100 }]),
  },
  listPayments: {
    kind: 'filter',
    names: 'account',
    permission: 'payment.read',
    call: (scoped, id) => scoped.listPayments({ accountIds: [id] }),
    all: (scoped) => scoped.listPayments(),
    idOf: byAccount,
  },
  paymentTotals: {
    kind: 'filter',
    names: 'account',
    permission: 'payment.read',
    call: (scoped, id) => scoped.paymentTotals({ accountIds: [id] }),
    all: (scoped) => scoped.paymentTotals(),
    idOf: byAccount,
  },
  insertInteractions: {
    kind: 'one',
    names: 'account',
    permission: 'interaction.write',
    call: (scoped, id, actor) =>
      scoped.insertInteractions([
        { id: `I2-${id}`, accountId: id, kind: 'call', at: AT, userId: actor.id, actorLevel: 'specialist' },
      ]),
  },
  listInteractions: {
    kind: 'filter',
    names: 'account',
    permission: 'interaction.read',
    call: (scoped, id) => scoped.listInteractions({ accountIds: [id] }),
    all: (scoped) => scoped.listInteractions(),
    idOf: byAccount,
  },
  putComplaint: {
    kind: 'one',
    names: 'account',
    permission: 'complaint.write',
    call: (scoped, id) =>
      scoped.putComplaint({
        id: `Q2-${id}`,
        accountId: id,
        channel: 'online',
        summary: '发票错误',
        receivedAt: AT,
      }),
  },
  listComplaints: {
    kind: 'filter',
    names: 'account',
    permission: 'complaint.read',
    call: (scoped, id) => scoped.listComplaints({ accountIds: [id] }),
    all: (scoped) => scoped.listComplaints(),
    idOf: byAccount,
  },
  putContract: {
    kind: 'one',
    names: 'account',
    permission: 'account.write',
    call: (scoped, id) => scoped.putContract({ ...contractOf(id), id: `K2-${id}` }),
  },
  getContract: {
    kind: 'one',
    names: 'account',
    permission: 'account.read',
    call: (scoped, id) => scoped.getContract(`K-${id}`),
  },
  listContracts: {
    kind: 'filter',
    names: 'account',
    permission: 'account.read',
    call: (scoped, id) => scoped.listContracts({ accountIds: [id] }),
    all: (scoped) => scoped.listContracts(),
    idOf: byAccount,
  },
  putUnitPlan: {
    kind: 'one',
    names: 'division',
    permission: 'narrative.write',
    visibility: 'narrative.read',
    call: (scoped, id) =>
      scoped.putUnitPlan({ division: id, period: '2026-10', nextPlan: '走访全部白金客户' }),
  },
  getUnitPlan: {
    kind: 'one',
    names: 'division',
    permission: 'narrative.read',
    visibility: 'narrative.read',
    call: (scoped, id) => scoped.getUnitPlan(id, '2026-09'),
  },
  listUnitPlans: {
    kind: 'filter',
    names: 'division',
    permission: 'narrative.read',
    call: (scoped, id) => scoped.listUnitPlans({ divisions: [id] }),
    all: (scoped) => scoped.listUnitPlans(),
    idOf: (row) => (row as { division: string }).division,
  },
  putRelationshipPlan: {
    kind: 'one',
    names: 'account',
    permission: 'account.read',
    // Only the account's owner A or B writes its plan.
    refusedAnyway: (actor, id) => !isOwner(actor, id),
    call: (scoped, id) =>
      scoped.putRelationshipPlan({ accountId: id, halfYear: '2026-H2', progress: '张总已约下月拜访' }),
  },
  submitRelationshipPlan: {
    kind: 'one',
    names: 'account',
    permission: 'account.read',
    refusedAnyway: (actor, id) => !isOwner(actor, id),
    call: (scoped, id) => scoped.submitRelationshipPlan(id, '2026-H2'),
  },
  decideRelationshipPlan: {
    kind: 'one',
    names: 'account',
    // The submitter's supervisor, or a manager of their division (none supervise here).
    permission: 'task.assign',
    call: (scoped, id) => scoped.decideRelationshipPlan(id, '2026-H1', { decision: 'approve' }),
  },
  getRelationshipPlan: {
    kind: 'one',
    names: 'account',
    permission: 'account.read',
    call: (scoped, id) => scoped.getRelationshipPlan(id, '2026-H2'),
  },
  listRelationshipPlans: {
    kind: 'filter',
    names: 'account',
    permission: 'account.read',
    call: (scoped, id) => scoped.listRelationshipPlans({ accountIds: [id] }),
    all: (scoped) => scoped.listRelationshipPlans(),
    idOf: byAccount,
  },
  assignTask: {
    kind: 'one',
    names: 'account',
    permission: 'task.assign',
    call: (scoped, id) =>
      scoped.assignTask({
        accountId: id,
        assigneeId: accountOf(id)?.ownerA ?? USERS.am.id,
        title: '拜访财务总监',
        dueDate: '2026-10-20',
      }),
  },
  getTask: {
    kind: 'one',
    names: 'account',
    permission: 'account.read',
    call: (scoped, id) => scoped.getTask(`TK-${id}`),
  },
  listTasks: {
    kind: 'filter',
    names: 'account',
    permission: 'account.read',
    call: (scoped, id) => scoped.listTasks({ accountIds: [id] }),
    all: (scoped) => scoped.listTasks(),
    idOf: byAccount,
  },
  completeTask: {
    kind: 'one',
    names: 'account',
    permission: 'interaction.write',
    // Only the assignee (the account's owner A) completes a task.
    refusedAnyway: (actor, id) => accountOf(id)?.ownerA !== actor.id,
    call: (scoped, id) => scoped.completeTask(`TK-${id}`, { note: '已拜访' }),
  },
  cancelTask: {
    kind: 'one',
    names: 'account',
    permission: 'task.assign',
    call: (scoped, id) => scoped.cancelTask(`TK-${id}`, { reason: '客户改期' }),
  },
  filePlan: {
    kind: 'one',
    names: 'account',
    permission: 'interaction.write',
    call: (scoped, id) =>
      scoped.filePlan({ week: PLAN_WEEK, items: [{ accountId: id, dueDate: '2026-10-21' }] }),
  },
  reviewPlan: {
    kind: 'one',
    names: 'user',
    permission: 'task.assign',
    // Nobody reviews their own plan.
    refusedAnyway: (actor, id) => actor.id === id,
    call: (scoped, id) => scoped.reviewPlan({ assigneeId: id, week: PLAN_WEEK, decision: 'approve' }),
  },
  putSurveyResponse: {
    kind: 'one',
    names: 'account',
    permission: 'account.write',
    call: (scoped, id) => scoped.putSurveyResponse({ ...surveyResponseOf(id), id: `S2-${id}` }),
  },
  getSurveyResponse: {
    kind: 'one',
    names: 'account',
    permission: 'account.read',
    call: (scoped, id) => scoped.getSurveyResponse(`S-${id}`),
  },
  listSurveyResponses: {
    kind: 'filter',
    names: 'account',
    permission: 'account.read',
    call: (scoped, id) => scoped.listSurveyResponses({ accountIds: [id] }),
    all: (scoped) => scoped.listSurveyResponses(),
    idOf: byAccount,
  },
  saveScores: {
    kind: 'one',
    names: 'account',
    permission: 'score.write',
    call: (scoped, id) =>
      scoped.saveScores([
        { accountId: id, period: '2026-10', modelId: 'contribution', score: 81, factors: {}, at: AT },
      ]),
  },
  listScores: {
    kind: 'filter',
    names: 'account',
    permission: 'score.read',
    call: (scoped, id) => scoped.listScores({ accountIds: [id] }),
    all: (scoped) => scoped.listScores(),
    idOf: byAccount,
  },
  saveTierAssignments: {
    kind: 'one',
    names: 'account',
    permission: 'tier.write',
    call: (scoped, id) =>
      scoped.saveTierAssignments([
        { accountId: id, period: '2026-10', policyId: 'retail', tier: 'B', explanation: {}, at: AT },
      ]),
  },
  tierHistory: {
    kind: 'one',
    names: 'account',
    permission: 'tier.read',
    call: (scoped, id) => scoped.tierHistory(id),
  },
  listTierAssignments: {
    kind: 'list',
    names: 'account',
    permission: 'tier.read',
    all: (scoped) => scoped.listTierAssignments(),
    idOf: byAccount,
  },
  putOverride: {
    kind: 'one',
    names: 'account',
    permission: 'override.write',
    call: (scoped, id) =>
      scoped.putOverride({
        id: `O2-${id}`,
        accountId: id,
        policyId: 'retail',
        tier: 'A',
        reason: '集团战略',
        expiresOn: null,
      }),
  },
  listOverrides: {
    kind: 'filter',
    names: 'account',
    permission: 'override.read',
    call: (scoped, id) => scoped.listOverrides({ accountId: id }),
    all: (scoped) => scoped.listOverrides(),
    idOf: byAccount,
  },
  saveAlerts: {
    kind: 'one',
    names: 'account',
    permission: 'alert.write',
    call: (scoped, id) => scoped.saveAlerts([declineAlert(id)]),
  },
  updateAlert: {
    kind: 'one',
    names: 'account',
    permission: 'alert.write',
    visibility: 'alert.read',
    call: (scoped, id) =>
      scoped.updateAlert(`L-${id}`, { action: 'acknowledge', note: '已知悉' }, { causes: [] }),
  },
  listAlerts: {
    kind: 'filter',
    names: 'account',
    permission: 'alert.read',
    call: (scoped, id) => scoped.listAlerts({ accountIds: [id] }),
    all: (scoped) => scoped.listAlerts(),
    idOf: byAccount,
  },
  getUser: { kind: 'one', names: 'user', permission: 'user.read', call: (scoped, id) => scoped.getUser(id) },
  listUsers: {
    kind: 'list',
    names: 'user',
    permission: 'user.read',
    all: (scoped) => scoped.listUsers(),
    idOf: byId,
  },
  putUser: {
    kind: 'claim',
    names: 'user',
    permission: 'user.write',
    call: (scoped, id, actor) =>
      scoped.putUser({ id, name: '新同事', role: 'account-manager', division: homeOf(actor) }),
  },
  freezeUser: {
    kind: 'one',
    names: 'user',
    permission: 'user.write',
    call: (scoped, id) => scoped.freezeUser(id, '离职'),
    refusedAnyway: userWriteRefused,
  },
  offboardUser: {
    kind: 'one',
    names: 'user',
    permission: 'user.write',
    call: (scoped, id) =>
      scoped.offboardUser(id, { handoverTo: SUCCESSORS[id] ?? USERS.am.id, reason: '离职' }),
    refusedAnyway: userWriteRefused,
  },
  fileClaim: {
    kind: 'foreign',
    permission: 'claim.file',
    call: (scoped, id) => scoped.fileClaim({ accountId: id, reason: '合作协议由本单位签订' }),
  },
  getClaim: {
    kind: 'one',
    names: 'division',
    permission: 'claim.read',
    visibility: 'claim.read',
    call: (scoped, id) => scoped.getClaim(`CL-${id}`),
  },
  listClaims: {
    kind: 'filter',
    names: 'division',
    permission: 'claim.read',
    call: (scoped, id) => scoped.listClaims({ divisions: [id] }),
    all: (scoped) => scoped.listClaims(),
    idOf: (row) => (row as { holdingDivision: string }).holdingDivision,
  },
  answerClaim: {
    kind: 'one',
    names: 'division',
    permission: 'claim.answer',
    visibility: 'claim.read',
    call: (scoped, id) => scoped.answerClaim(`CL-${id}`, 'contest', '协议由本单位续签'),
  },
  decideClaim: {
    kind: 'one',
    names: 'division',
    permission: 'claim.decide',
    visibility: 'claim.read',
    call: (scoped, id) => scoped.decideClaim(`CD-${id}`, 'keep', '业务发生地在本单位'),
  },
  listAudit: {
    kind: 'filter',
    names: 'account',
    permission: 'audit.read',
    call: (scoped, id) => scoped.listAudit({ entity: 'account', entityId: id }),
    idOf: (row) => (row as { entityId: string }).entityId,
  },
} satisfies Record<keyof ScopedStore, EntryPoint>;

function targetOf(accountId: string) {
  const account = accountOf(accountId);
  return {
    division: account?.division ?? null,
    ownerIds: [account?.ownerA ?? null, account?.ownerB ?? null],
  };
}

/** The contract the fixture keeps under each account (`K-<account id>`). */
export function contractOf(accountId: string): Contract {
  return ContractSchema.parse({
    id: `K-${accountId}`,
    accountId,
    parties: ['甲方', '乙方'],
    type: 'service',
    scope: 'national',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
  });
}

/** The week of the fixture's visit plans (a Monday). */
export const PLAN_WEEK = '2026-10-19';

/** The task the fixture keeps under each account (`TK-<account id>`), assigned by the division head to owner A. */
export function taskOf(accountId: string): TaskInput {
  const account = accountOf(accountId);
  return {
    id: `TK-${accountId}`,
    accountId,
    assigneeId: account?.ownerA ?? USERS.am.id,
    assignedBy: account?.division === 'west' ? USERS.dhw.id : USERS.dh.id,
    title: '拜访财务总监',
    dueDate: '2026-10-20',
    createdAt: AT,
  };
}

/** The survey response the fixture keeps under each account (`S-<account id>`). */
export function surveyResponseOf(accountId: string): SurveyResponse {
  return SurveyResponseSchema.parse({
    id: `S-${accountId}`,
    accountId,
    surveyId: 'standard',
    answers: { overall: 4, service: 5 },
    channel: 'cli',
    respondedAt: AT,
    recordedBy: 'system',
  });
}

/**
 * Add what the shared portfolio lacks: one contract, one task and one survey
 * response per account, one audited edit of each account, and a visit plan of
 * every user for {@link PLAN_WEEK} (on an account of their division).
 */
export async function seedEntryPoints(store: Store): Promise<void> {
  for (const user of Object.values(USERS)) {
    const accountId = user.division === 'west' ? ACCOUNTS.west.id : ACCOUNTS.own.id;
    await store.putTask(
      {
        id: `PL-${user.id}`,
        accountId,
        assigneeId: user.id,
        assignedBy: user.id,
        title: '计划拜访',
        dueDate: '2026-10-21',
        createdAt: AT,
        planWeek: PLAN_WEEK,
        review: { status: 'pending' },
      },
      { actor: user.id, at: AT },
    );
  }
  for (const account of Object.values(ACCOUNTS)) {
    await store.putTask(taskOf(account.id), { actor: 'system', at: AT });
    await store.putContract(contractOf(account.id), { actor: 'system', at: AT });
    await store.putSurveyResponse(surveyResponseOf(account.id), { actor: 'system', at: AT });
    // A draft plan of 2026-H2 to adjust and submit, and one of 2026-H1 awaiting approval.
    const draft = writeRelationshipPlan(
      undefined,
      {
        accountId: account.id,
        halfYear: '2026-H2',
        goals: '张总（决策人）：从兴趣到信赖',
        actions: '每月拜访一次',
      },
      { by: account.ownerA, at: AT },
    );
    await store.putRelationshipPlan(draft, { actor: account.ownerA, at: AT });
    const earlier = writeRelationshipPlan(
      undefined,
      {
        accountId: account.id,
        halfYear: '2026-H1',
        goals: '李处（关键人）：建立联系',
        actions: '季度高层互访',
      },
      { by: account.ownerA, at: AT },
    );
    await store.putRelationshipPlan(submitRelationshipPlan(earlier, { by: account.ownerA, at: AT }), {
      actor: account.ownerA,
      at: AT,
    });
    await scopeStore(store, USERS.sa.id, { now: () => new Date(AT) }).updateAccount(account.id, {
      region: '华东',
    });
  }
  // Per holding division, an open claim (`CL-<division>`) and a contested one
  // (`CD-<division>`), both filed by a unit no fixture user belongs to.
  for (const division of DIVISIONS) {
    const accountId = Object.values(ACCOUNTS).find((account) => account.division === division)!.id;
    const claim = {
      accountId,
      claimantDivision: 'south',
      holdingDivision: division,
      reason: '合作协议由华南签订',
      filedBy: 'system',
      filedAt: AT,
    };
    await store.putClaim({ ...claim, id: `CL-${division}`, status: 'open' }, { actor: 'system', at: AT });
    await store.putClaim(
      {
        ...claim,
        id: `CD-${division}`,
        status: 'contested',
        answer: { by: 'system', at: AT, note: '有异议', accept: false },
      },
      { actor: 'system', at: AT },
    );
  }
}

/**
 * Whether the permission table lets `actor` hold `permission` on the record
 * `id` names, read from the policy's scope and the fixture's facts (not from
 * the code under test).
 */
export function holds(actor: Actor, permission: Permission, names: Names, id: string): boolean {
  const scope = scopeOf(DEFAULT_ACCESS_POLICY, actor.role, permission);
  const record =
    names === 'division'
      ? DIVISIONS.includes(id as (typeof DIVISIONS)[number])
        ? { division: id }
        : undefined
      : names === 'account'
        ? accountOf(id)
        : userOf(id);
  if (record === undefined) return false;
  switch (scope) {
    case 'all':
      return true;
    case 'division':
      return record.division === actor.division;
    case 'owned': {
      const account = accountOf(id);
      return account !== undefined && (account.ownerA === actor.id || account.ownerB === actor.id);
    }
    case 'self':
      return names === 'user' && id === actor.id;
    case 'none':
      return false;
  }
}

/** Run one call as `actor` in a transaction that is rolled back. */
export function callAs(
  store: Store,
  actor: Actor,
  run: (scoped: ScopedStore) => Promise<unknown>,
): Promise<Outcome> {
  return attempt(store, actor.id, { kind: 'write', run: (scoped) => run(scoped) }, '');
}

function refusalOf(outcome: Outcome, label: string): KamError {
  if (outcome.ok) throw new Error(`${label}: expected a refusal, got ${JSON.stringify(outcome.value)}`);
  if (!isKamError(outcome.error)) throw outcome.error;
  return outcome.error;
}

function succeeded(outcome: Outcome, label: string): unknown {
  if (!outcome.ok) {
    const error = outcome.error as Error;
    throw new Error(`${label}: expected success, got ${error.message}`, { cause: error });
  }
  return outcome.value;
}

/** Everything a caller can observe of an error, with `id` written as `<id>`. */
export function faceWithout(error: KamError, id: string) {
  const swap = (text: string) => text.replaceAll(id, '<id>');
  return {
    code: error.code,
    path: error.path,
    message: swap(error.message),
    localised: JSON.parse(swap(JSON.stringify(error.localised))) as unknown,
    issues: JSON.parse(swap(JSON.stringify(error.issues))) as unknown,
  };
}

/** Ids of the fixture records of `names` that `actor` holds `permission` on. */
function inReach(actor: Actor, permission: Permission, names: Names): string[] {
  return idsOf(names).filter((id) => holds(actor, permission, names, id));
}

/**
 * Check one method for one actor on every id: the actor's own records, other
 * records of their division, another division's, and a missing one. Returns
 * how many cases it checked.
 */
export async function checkEntryPoint(
  store: Store,
  entry: EntryPoint,
  actor: Actor,
  name: string,
): Promise<number> {
  let cases = 0;
  const label = (id: string) => `${name} as ${actor.id} on ${id}`;
  if (entry.kind === 'self') {
    const me = succeeded(await callAs(store, actor, (scoped) => entry.call(scoped)), label('-'));
    expect((me as { id: string }).id).toBe(actor.id);
    return 1;
  }
  if (entry.kind === 'foreign') {
    const own = actor.division;
    const mayFile = scopeOf(DEFAULT_ACCESS_POLICY, actor.role, entry.permission) !== 'none';
    for (const id of idsOf('account')) {
      const outcome = await callAs(store, actor, (scoped) => entry.call(scoped, id));
      const account = accountOf(id);
      cases += 1;
      if (!mayFile) expect(refusalOf(outcome, label(id)).code, label(id)).toBe('FORBIDDEN');
      else if (account === undefined) expect(refusalOf(outcome, label(id)).code, label(id)).toBe('NOT_FOUND');
      else if (account.division === own)
        expect(refusalOf(outcome, label(id)).code, label(id)).toBe('INVALID_STATE');
      else {
        // The claim holds the id the actor typed and the two divisions, nothing of the account's file.
        const claim = succeeded(outcome, label(id)) as Record<string, unknown>;
        expect(claim, label(id)).toMatchObject({ accountId: id, claimantDivision: own, status: 'open' });
        expect(Object.keys(claim).sort(), label(id)).toEqual([
          'accountId',
          'claimantDivision',
          'filedAt',
          'filedBy',
          'holdingDivision',
          'id',
          'reason',
          'status',
        ]);
      }
    }
    return cases;
  }
  if (entry.kind === 'check') {
    // A check takes the target's facts, not an id: asked about each fixture account.
    for (const id of idsOf('account').filter((id) => id !== MISSING.account)) {
      const answer = succeeded(await callAs(store, actor, (scoped) => entry.call(scoped, id)), label(id));
      expect(answer, label(id)).toBe(holds(actor, entry.permission, 'account', id));
      cases += 1;
    }
    return cases;
  }
  const visibility: Permission =
    entry.kind === 'one' && entry.visibility
      ? entry.visibility
      : entry.names === 'division'
        ? 'narrative.read'
        : `${entry.names}.read`;
  if ('all' in entry && entry.all !== undefined && entry.idOf !== undefined) {
    const all = entry.all;
    const rows = succeeded(
      await callAs(store, actor, (scoped) => all(scoped)),
      label('(no id)'),
    ) as unknown[];
    const seen = [...new Set(rows.map(entry.idOf))].sort();
    expect(seen, label('(no id)')).toEqual(inReach(actor, entry.permission, entry.names).sort());
    cases += 1;
  }
  if (entry.kind === 'list') return cases;

  const missingId = MISSING[entry.names];
  const missing = await callAs(store, actor, (scoped) => entry.call(scoped, missingId, actor));
  cases += 1;
  if (entry.kind === 'filter') expect(missing, label(missingId)).toEqual({ ok: true, value: [] });
  if (entry.kind === 'one')
    expect(refusalOf(missing, label(missingId)).code, label(missingId)).toBe('NOT_FOUND');

  for (const id of idsOf(entry.names)) {
    if (id === missingId) continue;
    cases += 1;
    const outcome = await callAs(store, actor, (scoped) => entry.call(scoped, id, actor));
    const allowed = holds(actor, entry.permission, entry.names, id);
    const visible = holds(actor, visibility, entry.names, id);
    if (entry.kind === 'filter') {
      const rows = succeeded(outcome, label(id)) as unknown[];
      if (allowed) {
        expect(rows.length, label(id)).toBeGreaterThan(0);
        expect(new Set(rows.map(entry.idOf)), label(id)).toEqual(new Set([id]));
      } else expect(rows, label(id)).toEqual([]);
      continue;
    }
    if (entry.kind === 'claim') {
      // The id is taken: never NOT_FOUND for a record in sight; for one out of
      // sight, the missing id's refusal or a CONFLICT that names only the id.
      if (visible) {
        if (!outcome.ok) expect(refusalOf(outcome, label(id)).code, label(id)).not.toBe('NOT_FOUND');
        continue;
      }
      const error = refusalOf(outcome, label(id));
      if (missing.ok) {
        expect(faceWithout(error, id), label(id)).toMatchObject({
          code: 'CONFLICT',
          path: 'id',
          message: expect.stringMatching(/: <id>$/),
        });
      } else
        expect(faceWithout(error, id), label(id)).toEqual(faceWithout(refusalOf(missing, ''), missingId));
      continue;
    }
    if (allowed && !entry.refusedAnyway?.(actor, id)) {
      succeeded(outcome, label(id));
    } else if (allowed || visible) {
      expect(refusalOf(outcome, label(id)).code, label(id)).toBe('FORBIDDEN');
    } else {
      const refusal = faceWithout(refusalOf(outcome, label(id)), id);
      expect(refusal, label(id)).toEqual(faceWithout(refusalOf(missing, label(missingId)), missingId));
    }
  }
  return cases;
}

/** The public methods of a live scoped store, read from its prototype chain. */
export function publicMethodsOf(scoped: ScopedStore): string[] {
  const names = new Set<string>();
  for (let proto = Object.getPrototypeOf(scoped); proto && proto !== Object.prototype; ) {
    for (const key of Object.getOwnPropertyNames(proto))
      if (key !== 'constructor' && typeof (scoped as unknown as Record<string, unknown>)[key] === 'function')
        names.add(key);
    proto = Object.getPrototypeOf(proto);
  }
  for (const key of Object.keys(scoped))
    if (typeof (scoped as unknown as Record<string, unknown>)[key] === 'function') names.add(key);
  return [...names].sort();
}
