/**
 * `scopeStore(store, user)`: the store as one user may use it. Every read and
 * write is checked against the access policy; a refused read cannot be told
 * apart from a missing record; division moves, hand-overs, freezes and
 * permission changes are recorded in the audit log.
 *
 * @module
 */

import type { AlertCause } from '../alerts/alert-policy.js';
import { type AlertChange, alertId, alertNotFound, updateAlert } from '../alerts/alert-work.js';
import { type AccessPrincipal, accountTarget, principalOf } from '../authz/principal.js';
import {
  CLAIM_STATUS_LABELS,
  type Claim,
  type ClaimAnswer,
  type ClaimDecision,
  type ClaimInput,
  ClaimInputSchema,
  claimId,
} from '../claims/claim.js';
import { type Contract, type ContractInput, ContractSchema } from '../contracts/contract.js';
import { type Account, type AccountInput, AccountSchema } from '../domain/account.js';
import { type Complaint, ComplaintSchema } from '../domain/complaint.js';
import type { Contact, ContactInput } from '../domain/contact.js';
import { ContactSchema } from '../domain/contact.js';
import type { ActorLevel, Interaction, InteractionKind } from '../domain/interaction.js';
import type { Payment, PaymentInput } from '../domain/payment.js';
import type { Transaction } from '../domain/transaction.js';
import { type User, type UserInput, UserSchema } from '../domain/user.js';
import { parseWith } from '../errors/from-zod.js';
import { KAM_ERROR_CODES, KamError } from '../errors/kam-error.js';
import type { MonthlyAggregate } from '../metrics/aggregate.js';
import {
  decideRelationshipPlan,
  type RelationshipPlan,
  type RelationshipPlanDecision,
  type RelationshipPlanInput,
  RelationshipPlanInputSchema,
  relationshipPlanId,
  submitRelationshipPlan,
  writeRelationshipPlan,
} from '../relationship-plans/relationship-plan.js';
import {
  type SurveyResponse,
  type SurveyResponseInput,
  SurveyResponseSchema,
} from '../satisfaction/survey.js';
import type {
  AccountFilter,
  AccountVersion,
  AggregateQuery,
  AuditEntry,
  AuditFilter,
  ClaimFilter,
  MonthlyPaymentTotal,
  PaymentFilter,
  Store,
  StoredAlert,
  StoredScore,
  StoredTierAssignment,
  TierOverride,
  WriteMeta,
} from '../store/port.js';
import { checkPayments } from '../store/records.js';
import { isMonday, type Task, type TaskFilter, TaskSchema } from '../tasks/task.js';
import { addDays } from '../time/calendar.js';
import {
  type UnitPlan,
  type UnitPlanInput,
  UnitPlanInputSchema,
  UnitPlanSchema,
  unitPlanId,
} from '../unit-plans/unit-plan.js';
import { ACCESS_AUDIT_ACTIONS, auditEntryInDivision } from './audit-scope.js';
import { accessFrozen, forbidden, hiddenOrMissing, invalidInput } from './errors.js';
import {
  type AccessPolicy,
  type AccessTarget,
  DEFAULT_ACCESS_POLICY,
  isAllowed,
  mayGrantRole,
  type Permission,
  scopeOf,
} from './permissions.js';

/** Options of {@link scopeStore}. */
export interface ScopeOptions {
  /** The access policy; defaults to {@link DEFAULT_ACCESS_POLICY}. */
  policy?: AccessPolicy;
  /** Clock for write timestamps; defaults to the store's own clock. */
  now?: () => Date;
  /**
   * Log every read of one account's file (profile, history, contacts, tier
   * history) as an `account.read` audit entry: key-account files are
   * confidential and their reading is logged (DOMAIN.md §9). Off by default.
   */
  auditReads?: boolean;
}

/** A tier override as a scoped caller submits it: the author is always the caller. */
export type OverrideInput = Omit<TierOverride, 'author' | 'createdAt'> & { createdAt?: string };

/** Owners to set on a hand-over or a move; `null` clears a role, omitted keeps (hand-over) or decides by division (move). */
export interface OwnerChange {
  ownerA?: string | null;
  ownerB?: string | null;
}

/** One account handed over while offboarding. */
export interface HandedOverAccount {
  accountId: string;
  before: { ownerA: string | null; ownerB: string | null };
  after: { ownerA: string | null; ownerB: string | null };
}

/** Result of {@link ScopedStore.offboardUser}. */
export interface OffboardResult {
  /** The departing user, now frozen. */
  user: User;
  /** Every account they owned, with owners before and after. */
  handedOver: HandedOverAccount[];
}

/** A task as a manager assigns it: the assigner is the caller, the id generated when not given. */
export interface TaskAssignment {
  id?: string;
  accountId: string;
  assigneeId: string;
  title: string;
  detail?: string;
  /** `YYYY-MM-DD`. */
  dueDate: string;
  /** The interaction recorded on completion (default `visit`). */
  kind?: InteractionKind;
}

/** How a task was done: the interaction recorded on completion. */
export interface TaskCompletion {
  /** The account, when the id names tasks of several accounts the caller can see. */
  accountId?: string;
  /** What happened, stored as the interaction's note (default: the task's title). */
  note?: string;
  /** When it was done (default: now). */
  at?: string;
  /** The interaction kind (default: the task's). */
  kind?: InteractionKind;
  actorLevel?: ActorLevel;
  contactId?: string;
}

/** One planned visit of a weekly plan. */
export interface PlanItem {
  accountId: string;
  /** The planned day, inside the plan's week. */
  dueDate: string;
  title?: string;
  detail?: string;
  kind?: InteractionKind;
}

/** A supervisor's decision on a weekly plan. */
export interface PlanDecision {
  /** Whose plan. */
  assigneeId: string;
  /** The plan's week (its Monday). */
  week: string;
  decision: 'approve' | 'return';
  /** Required when returning the plan. */
  note?: string;
}

/**
 * The store as seen by one user. Single-record reads throw `NOT_FOUND` both for
 * a missing record and for one the user may not see (same code, same message);
 * list reads leave out what the user may not see; a refused write throws
 * `FORBIDDEN` when the user may see the record and the same `NOT_FOUND`
 * otherwise. A frozen user is refused everything (`FORBIDDEN`). The user is
 * re-read from the store on every call, so freezing or a role change takes
 * effect at once.
 */
export interface ScopedStore {
  /** The acting user as currently stored. @throws KamError `FORBIDDEN` when frozen. */
  me(): Promise<User>;
  /** Whether the acting user holds `permission` on `target` (false when frozen). */
  can(permission: Permission, target: AccessTarget): Promise<boolean>;
  /** Like {@link ScopedStore.can} but throws `FORBIDDEN`, e.g. `assertCan('import.run', { division })`. */
  assertCan(permission: Permission, target: AccessTarget): Promise<void>;
  /** Run `work` atomically on a scoped view of one store transaction. */
  transaction<T>(work: (scoped: ScopedStore) => Promise<T>): Promise<T>;

  /** One account the user may read. @throws KamError `NOT_FOUND` when it is missing or out of the user's reach (the same error). */
  getAccount(id: string): Promise<Account>;
  /** The accounts the user may read that match `filter`; others are left out silently. */
  listAccounts(filter?: AccountFilter): Promise<Account[]>;
  /** Every version of an account the user may read, oldest first; `NOT_FOUND` otherwise. */
  accountHistory(id: string): Promise<AccountVersion[]>;
  /** Create an account; refused (`FORBIDDEN`) outside the user's write scope, `CONFLICT` when the id is taken. */
  createAccount(input: AccountInput, options?: { reason?: string }): Promise<AccountVersion>;
  /**
   * Edit an account (appends a version). Division and owners change only
   * through move and hand-over. Concurrent edits do not lose each other: the
   * patch is applied in a transaction to the latest version and applied again
   * when another edit won the race; with `expectedVersion` (the version the
   * caller read) a stale edit is refused with `CONFLICT` instead.
   */
  updateAccount(
    id: string,
    patch: Partial<Omit<AccountInput, 'id'>>,
    options?: { reason?: string; expectedVersion?: number },
  ): Promise<AccountVersion>;
  /** Move an account to another division (HQ only), recorded as `account.move` with the reason. */
  moveAccount(id: string, toDivision: string, reason: string, owners?: OwnerChange): Promise<Account>;
  /** Change an account's owners A/B within its division, recorded as `account.handover`. */
  handOverAccount(id: string, change: OwnerChange & { reason: string }): Promise<Account>;

  /**
   * The contacts of an account the user may read; `NOT_FOUND` otherwise.
   * Without an account id: the contacts of every account the user may read
   * contacts of, ordered by account id, then id (others left out).
   */
  listContacts(accountId?: string): Promise<Contact[]>;
  /** Create or update a contact of an account the user may write; returns the stored contact. */
  putContact(input: ContactInput, options?: { reason?: string }): Promise<Contact>;

  /** Insert transactions; every row's account must be writable by the user, or nothing is inserted. */
  insertTransactions(rows: readonly Transaction[]): ReturnType<Store['insertTransactions']>;
  /** The monthly aggregates of the accounts the user may read. */
  aggregate(query?: AggregateQuery): Promise<MonthlyAggregate[]>;

  /** Insert payments (回款) of accounts the user may write payments for (`payment.write`). */
  insertPayments(rows: readonly PaymentInput[]): ReturnType<Store['insertPayments']>;
  /** Payments of the accounts the user may read payments of (`payment.read`); others are left out. */
  listPayments(filter?: PaymentFilter): Promise<Payment[]>;
  /** Monthly payment totals of the accounts the user may read payments of. */
  paymentTotals(query?: AggregateQuery): Promise<MonthlyPaymentTotal[]>;

  /** Insert interactions; every row's account must be writable by the user, or nothing is inserted. */
  insertInteractions(rows: readonly Interaction[]): ReturnType<Store['insertInteractions']>;
  /** Interactions of the accounts the user may read, oldest first. */
  listInteractions(filter?: { accountIds?: readonly string[]; since?: string }): Promise<Interaction[]>;
  /** Create or update a complaint of an account the user may write; returns the stored complaint. */
  putComplaint(input: Complaint, options?: { reason?: string }): Promise<Complaint>;
  /** Complaints of the accounts the user may read. */
  listComplaints(filter?: { accountIds?: readonly string[] }): Promise<Complaint[]>;
  /**
   * Create or update a contract of an account the user may edit
   * (`account.write`: a contract is part of the account's file); returns the
   * stored contract. Audited with the user as actor.
   */
  putContract(input: ContractInput, options?: { reason?: string }): Promise<Contract>;
  /**
   * One contract of an account the user may read. Ids are unique per account;
   * `accountId` picks one when the user can see the same id under several.
   * @throws KamError `NOT_FOUND` when it is missing or out of the user's reach
   * (the same error); `CONFLICT` when the id names contracts of several
   * visible accounts and `accountId` is not given.
   */
  getContract(id: string, accountId?: string): Promise<Contract>;
  /** Contracts of the accounts the user may read (`account.read`). */
  listContracts(filter?: { ids?: readonly string[]; accountIds?: readonly string[] }): Promise<Contract[]>;
  /**
   * Record (or correct) a satisfaction survey response of an account the user
   * may edit (`account.write`: a response is part of the account's file);
   * returns the stored response. Audited with the user as actor. Checking the
   * answers against the survey's questions and scales is the caller's
   * (`checkAnswers`), who knows the surveys in force.
   */
  putSurveyResponse(input: SurveyResponseInput, options?: { reason?: string }): Promise<SurveyResponse>;
  /**
   * One survey response of an account the user may read; `accountId` picks
   * one when the user can see the same id under several accounts.
   * @throws KamError `NOT_FOUND` when it is missing or out of the user's reach
   * (the same error); `CONFLICT` when the id names responses of several
   * visible accounts and `accountId` is not given.
   */
  getSurveyResponse(id: string, accountId?: string): Promise<SurveyResponse>;
  /** Survey responses of the accounts the user may read (`account.read`). */
  listSurveyResponses(filter?: {
    ids?: readonly string[];
    accountIds?: readonly string[];
  }): Promise<SurveyResponse[]>;

  /**
   * Write a unit's narrative of a month — what went well, next month's plan —
   * for a division the user may write it for (`narrative.write`); a text left
   * out keeps the stored one. Audited with the user as actor.
   * @throws KamError `NOT_FOUND` for an unknown division or one out of the
   * user's sight (the same error), `FORBIDDEN` for one they may only read.
   */
  putUnitPlan(input: UnitPlanInput, options?: { reason?: string }): Promise<UnitPlan>;
  /**
   * One unit's narrative of a month (`narrative.read`).
   * @throws KamError `NOT_FOUND` when it is missing or out of the user's reach (the same error).
   */
  getUnitPlan(division: string, period: string): Promise<UnitPlan>;
  /** Narratives of the divisions the user may read (`narrative.read`); others are left out. */
  listUnitPlans(filter?: { divisions?: readonly string[]; periods?: readonly string[] }): Promise<UnitPlan[]>;

  /**
   * Write an account's relationship development plan of a half-year, or
   * adjust it (a new revision; sections left out keep the stored text): by
   * the account's owner A or B. A filed plan stays filed while the new
   * revision is written. Audited as `relationship-plan.create` / `.update`.
   * @throws KamError `NOT_FOUND` for an account out of sight (like a missing one), `FORBIDDEN` for someone who is not its owner, `INVALID_STATE` while the plan awaits approval, `INVALID_INPUT` naming the field.
   */
  putRelationshipPlan(input: RelationshipPlanInput, options?: { reason?: string }): Promise<RelationshipPlan>;
  /**
   * Submit the plan for approval (its owner A or B): it then waits on the
   * due list of the submitter's supervisor.
   * @throws KamError `NOT_FOUND` (plan missing or out of sight), `FORBIDDEN`, `INVALID_STATE`, `INVALID_INPUT` (goals or actions missing).
   */
  submitRelationshipPlan(accountId: string, halfYear: string): Promise<RelationshipPlan>;
  /**
   * Approve a submitted plan (备案: its revision is filed) or return it with a
   * note: by the submitter's supervisor or a manager of their division
   * (`task.assign`, as for weekly plans), never the submitter. The note is
   * the audit entry's reason.
   * @throws KamError `NOT_FOUND` (out of sight), `FORBIDDEN`, `INVALID_STATE` (not submitted), `INVALID_INPUT` (`note`).
   */
  decideRelationshipPlan(
    accountId: string,
    halfYear: string,
    decision: RelationshipPlanDecision,
  ): Promise<RelationshipPlan>;
  /**
   * One account's plan of a half-year: of an account the user may read, or
   * submitted or written by someone they supervise.
   * @throws KamError `NOT_FOUND` when missing or out of reach (the same error).
   */
  getRelationshipPlan(accountId: string, halfYear: string): Promise<RelationshipPlan>;
  /** The plans the user may see (see {@link ScopedStore.getRelationshipPlan}); others are left out. */
  listRelationshipPlans(filter?: {
    accountIds?: readonly string[];
    halfYears?: readonly string[];
  }): Promise<RelationshipPlan[]>;

  /**
   * Assign a task on an account to a member of staff (`task.assign`): the
   * caller must be able to edit the account (`account.write`) and manage the
   * assignee — be their supervisor (`supervisorId`), or hold `task.assign`
   * on the assignee's division (a division head). The assignee must be able
   * to record interactions on the account. Audited as `task.create`.
   * @throws KamError `NOT_FOUND` (account or assignee out of sight), `FORBIDDEN`, `INVALID_INPUT` naming the field, `CONFLICT` when the id is taken.
   */
  assignTask(input: TaskAssignment, options?: { reason?: string }): Promise<Task>;
  /**
   * One task the user may see: a task of an account they may read, or of
   * someone they supervise. `accountId` picks one when the id names tasks of
   * several accounts. @throws KamError `NOT_FOUND` when missing or out of reach (the same error).
   */
  getTask(id: string, accountId?: string): Promise<Task>;
  /** The tasks the user may see (see {@link ScopedStore.getTask}), ordered by id. */
  listTasks(filter?: TaskFilter): Promise<Task[]>;
  /**
   * Complete an open task assigned to the caller: records the interaction
   * (the task's kind, by the caller, on its account) and links it, in one
   * transaction; the service cadence counts it like any interaction.
   * @throws KamError `FORBIDDEN` for someone else's task, `INVALID_STATE` when it is not open.
   */
  completeTask(id: string, completion?: TaskCompletion): Promise<{ task: Task; interaction: Interaction }>;
  /** Cancel an open task, with a reason: by whoever assigned it or manages its assignee. */
  cancelTask(id: string, options: { reason: string; accountId?: string }): Promise<Task>;
  /**
   * File the caller's visit plan for a week (a Monday): one plan task per
   * planned visit, each on an account the caller may record interactions on,
   * awaiting the supervisor's review. Filing the same week again replaces
   * the open items of the earlier filing (cancelled). A filed plan settles
   * the weekly-duty rules of the service policy (`planFilings`).
   */
  filePlan(
    input: { week: string; items: readonly PlanItem[] },
    options?: { reason?: string },
  ): Promise<Task[]>;
  /**
   * Approve a weekly plan, or return it with a note: by the filer's
   * supervisor or a manager of their division (`task.assign`). A returned
   * plan no longer counts as filed until it is filed again.
   */
  reviewPlan(decision: PlanDecision): Promise<Task[]>;

  /**
   * File an attribution claim for the caller's unit (`claim.file` on their
   * division) on an account another division holds: the caller names the
   * account by id without being able to read its file. Audited `claim.create`.
   * @throws KamError `NOT_FOUND` when no account has the id, `INVALID_STATE`
   *   when it is already the caller's unit's, `CONFLICT` when the unit has a
   *   pending claim on it or the claim id is taken, `INVALID_INPUT` naming the field.
   */
  fileClaim(input: ClaimInput): Promise<Claim>;
  /**
   * Answer a pending claim on an account of the caller's division
   * (`claim.answer`): `accept` moves the account to the claimant through the
   * account move (audited `account.move`), `contest` sends the claim to the
   * level above. The note is required.
   * @throws KamError `NOT_FOUND` (missing or out of sight), `FORBIDDEN`, `INVALID_STATE` when not open.
   */
  answerClaim(id: string, answer: ClaimAnswer, note: string): Promise<Claim>;
  /**
   * Decide a contested claim, finally (`claim.decide`, the level above):
   * `move` moves the account to the claimant (audited `account.move`),
   * `keep` leaves it where it is. The note is required.
   * @throws KamError `NOT_FOUND` (missing or out of sight), `FORBIDDEN`, `INVALID_STATE` when not contested.
   */
  decideClaim(id: string, decision: ClaimDecision, note: string): Promise<Claim>;
  /**
   * One claim the caller may see (`claim.read` on the claiming or the holding
   * division, or filed by the caller): a third unit sees nothing of it.
   * @throws KamError `NOT_FOUND` when missing or out of sight (the same error).
   */
  getClaim(id: string): Promise<Claim>;
  /** The claims the caller may see (see {@link ScopedStore.getClaim}), ordered by id. */
  listClaims(filter?: ClaimFilter): Promise<Claim[]>;

  /** Save scores (needs `score.write` on every row's account). */
  saveScores(rows: readonly StoredScore[]): Promise<void>;
  /** Stored scores of the accounts the user may read. */
  listScores(filter?: {
    period?: string;
    accountIds?: readonly string[];
    modelId?: string;
  }): Promise<StoredScore[]>;
  /** Save tier assignments; a tier change is audited with the caller as actor. */
  saveTierAssignments(rows: readonly StoredTierAssignment[], options?: { reason?: string }): Promise<void>;
  /** Tier history of an account the user may read; `NOT_FOUND` otherwise. */
  tierHistory(accountId: string, policyId?: string): Promise<StoredTierAssignment[]>;
  /** Stored tier assignments of the accounts the user may read. */
  listTierAssignments(filter?: { period?: string; policyId?: string }): Promise<StoredTierAssignment[]>;
  /** Grant or edit a manual tier override (needs `override.write`), with its author set to the user. */
  putOverride(input: OverrideInput, options?: { reason?: string }): Promise<TierOverride>;
  /** Overrides of the accounts the user may read. */
  listOverrides(filter?: { accountId?: string; policyId?: string }): Promise<TierOverride[]>;
  /** Save alerts (needs `alert.write` on every row's account). */
  saveAlerts(rows: readonly StoredAlert[]): Promise<void>;
  /**
   * Acknowledge, explain, assign or close an alert of an account the user may
   * write (`alert.write`); an alert the user may not read is `NOT_FOUND`.
   * Audited with the user as actor, in the same transaction.
   */
  updateAlert(
    id: string,
    change: AlertChange,
    options: {
      causes: readonly AlertCause[];
      reason?: string;
      /** The alert as a run found it, saved first when it is not stored yet (same id). */
      ifMissing?: StoredAlert;
    },
  ): Promise<StoredAlert>;
  /** Alerts of the accounts the user may read. */
  listAlerts(filter?: {
    ids?: readonly string[];
    accountIds?: readonly string[];
    status?: StoredAlert['status'];
  }): Promise<StoredAlert[]>;

  /** One user the acting user may read; `NOT_FOUND` otherwise. */
  getUser(id: string): Promise<User>;
  /** The users the acting user may read. */
  listUsers(): Promise<User[]>;
  /** Create or edit a user. Role, division and status changes are recorded as `user.permission`. */
  putUser(input: UserInput, options?: { reason?: string }): Promise<User>;
  /** Freeze a user at once (recorded as `user.freeze`). */
  freezeUser(id: string, reason: string): Promise<User>;
  /** Freeze a departing user and hand all their accounts to `handoverTo`, in one transaction. */
  offboardUser(id: string, options: { handoverTo: string; reason: string }): Promise<OffboardResult>;

  /** Audit entries the user may read: everything (group management, system admin), their division's (heads, admins), nothing (account managers). */
  listAudit(filter?: AuditFilter): Promise<AuditEntry[]>;
}

const SUBJECTS = {
  account: { 'zh-CN': '客户档案', en: 'account' },
  contact: { 'zh-CN': '联系人', en: 'contact' },
  complaint: { 'zh-CN': '投诉', en: 'complaint' },
  contract: { 'zh-CN': '合同', en: 'contract' },
  claim: { 'zh-CN': '归属申请', en: 'attribution claim' },
  unitPlan: { 'zh-CN': '单位月度小结', en: 'unit narrative' },
  relationshipPlan: { 'zh-CN': '客户关系发展计划', en: 'relationship plan' },
  task: { 'zh-CN': '任务', en: 'task' },
  surveyResponse: { 'zh-CN': '满意度问卷回答', en: 'survey response' },
  user: { 'zh-CN': '用户', en: 'user' },
} as const;

/** A short task id (`t` and six hex digits): easy to type in chat, unique per account in practice (checked). */
function newTaskId(): string {
  return `t${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 6)}`;
}

function taskStateError(task: Task): KamError {
  return new KamError({
    code: KAM_ERROR_CODES.INVALID_STATE,
    path: 'status',
    message:
      task.status === 'done'
        ? { 'zh-CN': `任务 ${task.id} 已完成`, en: `Task ${task.id} is already done` }
        : { 'zh-CN': `任务 ${task.id} 已取消`, en: `Task ${task.id} was cancelled` },
  });
}

function userTarget(user: Pick<User, 'id' | 'division'>): AccessTarget {
  return { division: user.division, userId: user.id };
}

function owners(account: Pick<Account, 'ownerA' | 'ownerB'>): {
  ownerA: string | null;
  ownerB: string | null;
} {
  return { ownerA: account.ownerA, ownerB: account.ownerB };
}

/**
 * The id an alert saved through the scoped store must carry: its monitor (or
 * kind), account and period ({@link alertId}). It names its account, so it can
 * never name another account's alert: an id that does not fit is refused the
 * same way whether or not some alert holds it.
 */
function checkAlertId(row: StoredAlert, path: string): void {
  const expected = alertId({
    monitorId: row.monitorId ?? row.kind,
    accountId: row.accountId,
    period: row.period,
  });
  if (row.id === expected) return;
  throw invalidInput(path, {
    'zh-CN': `预警编号必须为“监测项|客户|期间”：应为 ${expected}`,
    en: `an alert id must be monitor|account|period: expected ${expected}`,
  });
}

function requireReason(reason: string | undefined): string {
  const trimmed = reason?.trim() ?? '';
  if (trimmed === '') {
    throw invalidInput('reason', { 'zh-CN': '必须填写原因', en: 'a reason is required' });
  }
  return trimmed;
}

/** How often an edit without an expected version is tried when other edits keep winning. */
const UPDATE_ATTEMPTS = 5;

/** Thrown inside an update's transaction (rolling it back) when the account changed since it was read. */
class StaleVersion extends Error {
  constructor(readonly found: number) {
    super('stale account version');
  }
}

function editConflict(id: string, found: number): KamError {
  return new KamError({
    code: KAM_ERROR_CODES.CONFLICT,
    path: 'expectedVersion',
    message: {
      'zh-CN': `客户 ${id} 已被他人修改（当前版本 ${found}），请重新读取后再改`,
      en: `Account ${id} was changed by someone else (now version ${found}); read it again and retry`,
    },
  });
}

class AccessScopedStore implements ScopedStore {
  private readonly policy: AccessPolicy;

  constructor(
    private readonly store: Store,
    private readonly userId: string,
    private readonly options: ScopeOptions,
    private readonly inTransaction: boolean,
  ) {
    this.policy = options.policy ?? DEFAULT_ACCESS_POLICY;
  }

  // ---- principal and checks -------------------------------------------------

  async me(): Promise<User> {
    const user = await this.store.getUser(this.userId);
    if (user?.status !== 'active') throw accessFrozen(this.userId);
    return user;
  }

  async can(permission: Permission, target: AccessTarget): Promise<boolean> {
    const user = await this.store.getUser(this.userId);
    return user !== undefined && isAllowed(this.policy, user, permission, target);
  }

  async assertCan(permission: Permission, target: AccessTarget): Promise<void> {
    const user = await this.me();
    if (!isAllowed(this.policy, user, permission, target)) {
      throw forbidden(permission, target.userId ?? target.division ?? '-');
    }
  }

  transaction<T>(work: (scoped: ScopedStore) => Promise<T>): Promise<T> {
    if (this.inTransaction) return work(this);
    return this.store.transaction((tx) => work(new AccessScopedStore(tx, this.userId, this.options, true)));
  }

  #meta(user: User, reason?: string): WriteMeta {
    const meta: WriteMeta = { actor: user.id };
    if (this.options.now) meta.at = this.options.now().toISOString();
    if (reason !== undefined) meta.reason = reason;
    return meta;
  }

  /** Load an account and check `permission` on it: NOT_FOUND when missing or unseen, FORBIDDEN when seen. */
  async #accountFor(user: User, id: string, permission: Permission): Promise<Account> {
    const account = await this.store.getAccount(id);
    if (!account) throw hiddenOrMissing('account', id);
    const target = accountTarget(account);
    if (isAllowed(this.policy, user, permission, target)) return account;
    if (isAllowed(this.policy, user, 'account.read', target)) throw forbidden(permission, id);
    throw hiddenOrMissing('account', id);
  }

  /** Check `permission` on every account the rows name (each id once). */
  async #checkAccounts(
    user: User,
    rows: readonly { accountId: string }[],
    permission: Permission,
  ): Promise<void> {
    const seen = new Set<string>();
    for (const row of rows) {
      if (seen.has(row.accountId)) continue;
      seen.add(row.accountId);
      await this.#accountFor(user, row.accountId, permission);
    }
  }

  /** The authorisation layer's principal for `user`: every visibility question goes through it. */
  #principal(user: User): AccessPrincipal {
    return principalOf(this.store, user, { policy: this.policy });
  }

  /** Ids of the accounts on which `user` holds `permission`; `undefined` means every account. */
  #visibleAccountIds(user: User, permission: Permission): Promise<ReadonlySet<string> | undefined> {
    return this.#principal(user).visibleAccountIds(permission);
  }

  /** The account ids to ask the store for, or `undefined` for "no restriction"; `[]` means ask nothing. */
  #restrict(
    user: User,
    permission: Permission,
    requested: readonly string[] | undefined,
  ): Promise<readonly string[] | undefined> {
    return this.#principal(user).restrictAccountIds(permission, requested);
  }

  /**
   * Load a user and check `permission` on them: NOT_FOUND when missing or
   * unseen, FORBIDDEN when seen. A write (`user.write`) also follows the role
   * hierarchy: only a user whose role the caller may give can be changed at
   * all (renamed, re-mailed, frozen, offboarded), not only when the role changes.
   */
  async #userFor(user: User, id: string, permission: Permission): Promise<User> {
    const found = await this.store.getUser(id);
    if (!found) throw hiddenOrMissing('user', id);
    const target = userTarget(found);
    if (isAllowed(this.policy, user, permission, target)) {
      if (
        permission === 'user.write' &&
        found.id !== user.id &&
        !mayGrantRole(this.policy, user.role, found.role)
      )
        throw forbidden('user.write', id, 'role');
      return found;
    }
    if (isAllowed(this.policy, user, 'user.read', target)) throw forbidden(permission, id);
    throw hiddenOrMissing('user', id);
  }

  /** Owners must be active users of the account's division. */
  async #checkOwner(division: string, ownerId: string | null, path: string): Promise<void> {
    if (ownerId === null) return;
    const owner = await this.store.getUser(ownerId);
    if (owner?.status !== 'active' || owner.division !== division) {
      throw invalidInput(path, {
        'zh-CN': `负责人 ${ownerId} 必须是事业部 ${division} 的在职用户`,
        en: `owner ${ownerId} must be an active user of division ${division}`,
      });
    }
  }

  async #checkOwners(division: string, next: { ownerA: string | null; ownerB: string | null }) {
    if (next.ownerA !== null && next.ownerA === next.ownerB) {
      throw invalidInput('ownerB', {
        'zh-CN': 'A 角与 B 角不能是同一人',
        en: 'owner A and owner B must be different people',
      });
    }
    await this.#checkOwner(division, next.ownerA, 'ownerA');
    await this.#checkOwner(division, next.ownerB, 'ownerB');
  }

  // ---- accounts -------------------------------------------------------------

  /** Record a read of one account's file when {@link ScopeOptions.auditReads} is on. */
  async #logRead(user: User, accountId: string, what: string): Promise<void> {
    if (!this.options.auditReads) return;
    await this.store.appendAudit({
      actor: user.id,
      at: this.options.now?.().toISOString(),
      action: ACCESS_AUDIT_ACTIONS.READ,
      entity: 'account',
      entityId: accountId,
      before: null,
      after: { read: what },
    });
  }

  async getAccount(id: string): Promise<Account> {
    const user = await this.me();
    const account = await this.#accountFor(user, id, 'account.read');
    await this.#logRead(user, id, 'profile');
    return account;
  }

  async listAccounts(filter: AccountFilter = {}): Promise<Account[]> {
    const user = await this.me();
    const scope = scopeOf(this.policy, user.role, 'account.read');
    let query: AccountFilter = filter;
    if (scope === 'division' && user.division !== null) {
      if (filter.division !== undefined && filter.division !== user.division) return [];
      query = { ...filter, division: user.division };
    } else if (scope === 'owned') {
      if (filter.ownerId !== undefined && filter.ownerId !== user.id) return [];
      query = { ...filter, ownerId: user.id };
    } else if (scope !== 'all') {
      return [];
    }
    const accounts = await this.store.listAccounts(query);
    return accounts.filter((account) => isAllowed(this.policy, user, 'account.read', accountTarget(account)));
  }

  async accountHistory(id: string): Promise<AccountVersion[]> {
    const user = await this.me();
    await this.#accountFor(user, id, 'account.read');
    await this.#logRead(user, id, 'history');
    return this.store.accountHistory(id);
  }

  async createAccount(input: AccountInput, options: { reason?: string } = {}): Promise<AccountVersion> {
    const user = await this.me();
    const account = parseWith(AccountSchema, input, SUBJECTS.account, KAM_ERROR_CODES.INVALID_INPUT);
    // The scope check looks only at the input, so its answer does not depend on what exists.
    if (!isAllowed(this.policy, user, 'account.write', accountTarget(account))) {
      throw forbidden('account.write', account.id);
    }
    await this.#checkOwners(account.division, owners(account));
    return this.transaction(async (scoped) => {
      const store = (scoped as AccessScopedStore).store;
      if (await store.getAccount(account.id)) {
        throw new KamError({
          code: KAM_ERROR_CODES.CONFLICT,
          path: 'id',
          message: {
            'zh-CN': `客户编号已被占用：${account.id}`,
            en: `Account id already taken: ${account.id}`,
          },
        });
      }
      return store.putAccount(account, this.#meta(user, options.reason));
    });
  }

  async updateAccount(
    id: string,
    patch: Partial<Omit<AccountInput, 'id'>>,
    options: { reason?: string; expectedVersion?: number } = {},
  ): Promise<AccountVersion> {
    // Without an expected version, an edit that lost the race is applied again
    // on top of the winner's version (field-level patches merge); with one, it
    // is refused with CONFLICT.
    const attempts = options.expectedVersion === undefined && !this.inTransaction ? UPDATE_ATTEMPTS : 1;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.transaction((scoped) =>
          (scoped as AccessScopedStore).#updateOnce(id, patch, options),
        );
      } catch (error) {
        if (!(error instanceof StaleVersion) || attempt >= attempts) {
          if (error instanceof StaleVersion) throw editConflict(id, error.found);
          throw error;
        }
      }
    }
  }

  /** One attempt of {@link updateAccount}, inside a transaction. */
  async #updateOnce(
    id: string,
    patch: Partial<Omit<AccountInput, 'id'>>,
    options: { reason?: string; expectedVersion?: number },
  ): Promise<AccountVersion> {
    const user = await this.me();
    const checked = await this.#accountFor(user, id, 'account.write');
    // The base and its version come from one read (the latest stored version),
    // so the check after the write tells whether the edit was built on it.
    const latest = (await this.store.accountHistory(id)).at(-1);
    const read = latest?.version ?? 0;
    const current = latest?.account ?? checked;
    if (
      current.division !== checked.division ||
      current.ownerA !== checked.ownerA ||
      current.ownerB !== checked.ownerB
    )
      throw new StaleVersion(read);
    if (options.expectedVersion !== undefined && options.expectedVersion !== read)
      throw new StaleVersion(read);
    if (patch.division !== undefined && patch.division !== current.division) {
      throw invalidInput('division', {
        'zh-CN': '跨事业部调动须经总部：请使用 moveAccount',
        en: 'moving between divisions goes through HQ: use moveAccount',
      });
    }
    for (const key of ['ownerA', 'ownerB'] as const) {
      if (patch[key] !== undefined && patch[key] !== current[key]) {
        throw invalidInput(key, {
          'zh-CN': '更换负责人请使用 handOverAccount',
          en: 'changing owners is a hand-over: use handOverAccount',
        });
      }
    }
    const next = parseWith(
      AccountSchema,
      { ...current, ...patch, id },
      SUBJECTS.account,
      KAM_ERROR_CODES.INVALID_INPUT,
    );
    const written = await this.store.putAccount(next, this.#meta(user, options.reason));
    // The store appends version read+1 unless another edit came in between
    // (the server store locks the account row for the write; the version it
    // reports tells whether ours was built on the latest one).
    if (written.version !== read + 1 && written.version !== read) throw new StaleVersion(written.version - 1);
    return written;
  }

  async moveAccount(
    id: string,
    toDivision: string,
    reason: string,
    change: OwnerChange = {},
  ): Promise<Account> {
    const why = requireReason(reason);
    const division = toDivision.trim();
    if (division === '') {
      throw invalidInput('toDivision', {
        'zh-CN': '必须指定目标事业部',
        en: 'a target division is required',
      });
    }
    return this.transaction(async (scoped) => {
      const self = scoped as AccessScopedStore;
      const user = await self.me();
      const current = await self.#accountFor(user, id, 'account.move');
      if (current.division === division) {
        throw new KamError({
          code: KAM_ERROR_CODES.INVALID_STATE,
          path: 'toDivision',
          message: {
            'zh-CN': `客户 ${id} 已在事业部 ${division}`,
            en: `Account ${id} is already in division ${division}`,
          },
        });
      }
      const nextOwners = await self.#ownersAfterMove(current, division, change);
      const next: Account = { ...current, division, ...nextOwners };
      if (!isAllowed(self.policy, user, 'account.move', accountTarget(next))) {
        throw forbidden('account.move', id, 'toDivision');
      }
      await self.#checkOwners(division, nextOwners);
      return self.#recordMove(user, current, division, nextOwners, why);
    });
  }

  /** The owners after a move: those named, else each current owner who belongs to the new division. */
  async #ownersAfterMove(
    current: Account,
    division: string,
    change: OwnerChange,
  ): Promise<{ ownerA: string | null; ownerB: string | null }> {
    const keepIfThere = async (ownerId: string | null) =>
      ownerId !== null && (await this.store.getUser(ownerId))?.division === division ? ownerId : null;
    return {
      ownerA: change.ownerA !== undefined ? change.ownerA : await keepIfThere(current.ownerA),
      ownerB: change.ownerB !== undefined ? change.ownerB : await keepIfThere(current.ownerB),
    };
  }

  /** Write an account's move to `division` and its `account.move` audit entry (the caller checked the right). */
  async #recordMove(
    user: User,
    current: Account,
    division: string,
    nextOwners: { ownerA: string | null; ownerB: string | null },
    why: string,
  ): Promise<Account> {
    const next: Account = { ...current, division, ...nextOwners };
    const meta = this.#meta(user, why);
    await this.store.putAccount(next, meta);
    await this.store.appendAudit({
      actor: user.id,
      at: meta.at,
      action: ACCESS_AUDIT_ACTIONS.MOVE,
      entity: 'account',
      entityId: current.id,
      before: { division: current.division, ...owners(current) },
      after: { division, ...nextOwners },
      reason: why,
    });
    return next;
  }

  async handOverAccount(id: string, change: OwnerChange & { reason: string }): Promise<Account> {
    const why = requireReason(change.reason);
    return this.transaction(async (scoped) => {
      const self = scoped as AccessScopedStore;
      const user = await self.me();
      const current = await self.#accountFor(user, id, 'account.handover');
      const nextOwners = {
        ownerA: change.ownerA !== undefined ? change.ownerA : current.ownerA,
        ownerB: change.ownerB !== undefined ? change.ownerB : current.ownerB,
      };
      await self.#checkOwners(current.division, nextOwners);
      return self.#recordHandover(user, current, nextOwners, why);
    });
  }

  async #recordHandover(
    user: User,
    current: Account,
    nextOwners: { ownerA: string | null; ownerB: string | null },
    reason: string,
  ): Promise<Account> {
    const next: Account = { ...current, ...nextOwners };
    const meta = this.#meta(user, reason);
    await this.store.putAccount(next, meta);
    await this.store.appendAudit({
      actor: user.id,
      at: meta.at,
      action: ACCESS_AUDIT_ACTIONS.HANDOVER,
      entity: 'account',
      entityId: current.id,
      before: { division: current.division, ...owners(current) },
      after: { division: current.division, ...nextOwners },
      reason,
    });
    return next;
  }

  // ---- contacts, transactions, interactions, complaints ---------------------

  async listContacts(accountId?: string): Promise<Contact[]> {
    const user = await this.me();
    if (accountId === undefined) {
      const visible = await this.#restrict(user, 'contact.read', undefined);
      const contacts = await this.store.listContacts();
      const ids = visible === undefined ? undefined : new Set(visible);
      const mine = ids === undefined ? contacts : contacts.filter((contact) => ids.has(contact.accountId));
      for (const id of new Set(mine.map((contact) => contact.accountId)))
        await this.#logRead(user, id, 'contacts');
      return mine;
    }
    await this.#accountFor(user, accountId, 'contact.read');
    await this.#logRead(user, accountId, 'contacts');
    return this.store.listContacts(accountId);
  }

  async putContact(input: ContactInput, options: { reason?: string } = {}): Promise<Contact> {
    const user = await this.me();
    const contact = parseWith(ContactSchema, input, SUBJECTS.contact, KAM_ERROR_CODES.INVALID_INPUT);
    await this.#accountFor(user, contact.accountId, 'contact.write');
    await this.store.putContact(contact, this.#meta(user, options.reason));
    return contact;
  }

  async insertTransactions(rows: readonly Transaction[]): ReturnType<Store['insertTransactions']> {
    const user = await this.me();
    await this.#checkAccounts(user, rows, 'transaction.write');
    return this.store.insertTransactions(rows, this.#meta(user));
  }

  async aggregate(query: AggregateQuery = {}): Promise<MonthlyAggregate[]> {
    const accountIds = await this.#restrict(await this.me(), 'transaction.read', query.accountIds);
    if (accountIds === undefined) return this.store.aggregate(query);
    if (accountIds.length === 0) return [];
    return this.store.aggregate({ ...query, accountIds });
  }

  async insertPayments(rows: readonly PaymentInput[]): ReturnType<Store['insertPayments']> {
    const user = await this.me();
    // Validate first, so a bad row is reported as such rather than as an unknown account.
    const valid = checkPayments(rows);
    await this.#checkAccounts(user, valid, 'payment.write');
    return this.store.insertPayments(valid, this.#meta(user));
  }

  async listPayments(filter: PaymentFilter = {}): Promise<Payment[]> {
    const accountIds = await this.#restrict(await this.me(), 'payment.read', filter.accountIds);
    if (accountIds === undefined) return this.store.listPayments(filter);
    if (accountIds.length === 0) return [];
    return this.store.listPayments({ ...filter, accountIds });
  }

  async paymentTotals(query: AggregateQuery = {}): Promise<MonthlyPaymentTotal[]> {
    const accountIds = await this.#restrict(await this.me(), 'payment.read', query.accountIds);
    if (accountIds === undefined) return this.store.paymentTotals(query);
    if (accountIds.length === 0) return [];
    return this.store.paymentTotals({ ...query, accountIds });
  }

  async insertInteractions(rows: readonly Interaction[]): ReturnType<Store['insertInteractions']> {
    const user = await this.me();
    await this.#checkAccounts(user, rows, 'interaction.write');
    return this.store.insertInteractions(rows, this.#meta(user));
  }

  async listInteractions(
    filter: { accountIds?: readonly string[]; since?: string } = {},
  ): Promise<Interaction[]> {
    const accountIds = await this.#restrict(await this.me(), 'interaction.read', filter.accountIds);
    if (accountIds === undefined) return this.store.listInteractions(filter);
    if (accountIds.length === 0) return [];
    return this.store.listInteractions({ ...filter, accountIds });
  }

  async putComplaint(input: Complaint, options: { reason?: string } = {}): Promise<Complaint> {
    const user = await this.me();
    const complaint = parseWith(ComplaintSchema, input, SUBJECTS.complaint, KAM_ERROR_CODES.INVALID_INPUT);
    await this.#accountFor(user, complaint.accountId, 'complaint.write');
    await this.store.putComplaint(complaint, this.#meta(user, options.reason));
    return complaint;
  }

  async listComplaints(filter: { accountIds?: readonly string[] } = {}): Promise<Complaint[]> {
    const accountIds = await this.#restrict(await this.me(), 'complaint.read', filter.accountIds);
    if (accountIds === undefined) return this.store.listComplaints(filter);
    if (accountIds.length === 0) return [];
    return this.store.listComplaints({ ...filter, accountIds });
  }

  async putContract(input: ContractInput, options: { reason?: string } = {}): Promise<Contract> {
    const user = await this.me();
    const contract = parseWith(ContractSchema, input, SUBJECTS.contract, KAM_ERROR_CODES.INVALID_INPUT);
    await this.#accountFor(user, contract.accountId, 'account.write');
    return this.store.putContract(contract, this.#meta(user, options.reason));
  }

  async getContract(id: string, accountId?: string): Promise<Contract> {
    const found = await this.listContracts({
      ids: [id],
      ...(accountId === undefined ? {} : { accountIds: [accountId] }),
    });
    const [contract] = found;
    if (!contract) throw hiddenOrMissing('contract', id);
    if (found.length > 1)
      throw new KamError({
        code: KAM_ERROR_CODES.CONFLICT,
        path: 'accountId',
        message: {
          'zh-CN': `合同 ${id} 在多个客户下都有（${found.map((row) => row.accountId).join('、')}），请指明客户`,
          en: `Contract ${id} exists under several accounts (${found.map((row) => row.accountId).join(', ')}); name the account`,
        },
      });
    return contract;
  }

  async listContracts(
    filter: { ids?: readonly string[]; accountIds?: readonly string[] } = {},
  ): Promise<Contract[]> {
    const accountIds = await this.#restrict(await this.me(), 'account.read', filter.accountIds);
    if (accountIds === undefined) return this.store.listContracts(filter);
    if (accountIds.length === 0) return [];
    return this.store.listContracts({ ...filter, accountIds });
  }

  // ---- attribution claims -----------------------------------------------------

  /**
   * True when the user may read claims (`claim.read`) of the claiming or the
   * holding division, or filed the claim: a claim is seen by the two units
   * and the level above, never by a third unit.
   */
  #seesClaim(user: User, claim: Claim): boolean {
    if (claim.filedBy === user.id) return true;
    return (
      isAllowed(this.policy, user, 'claim.read', { division: claim.claimantDivision }) ||
      isAllowed(this.policy, user, 'claim.read', { division: claim.holdingDivision })
    );
  }

  async fileClaim(input: ClaimInput): Promise<Claim> {
    const parsed = parseWith(ClaimInputSchema, input, SUBJECTS.claim, KAM_ERROR_CODES.INVALID_INPUT);
    return this.transaction(async (scoped) => {
      const self = scoped as AccessScopedStore;
      const user = await self.me();
      if (user.division === null || !isAllowed(self.policy, user, 'claim.file', { division: user.division }))
        throw forbidden('claim.file', parsed.accountId);
      // The claimant names an account of another unit: read past the scope, show nothing of it but its id.
      const account = await self.store.getAccount(parsed.accountId);
      if (!account) throw hiddenOrMissing('account', parsed.accountId);
      if (account.division === user.division) {
        throw new KamError({
          code: KAM_ERROR_CODES.INVALID_STATE,
          path: 'accountId',
          message: {
            'zh-CN': `客户 ${account.id} 已归属本单位（${user.division}），无需申请`,
            en: `Account ${account.id} is already registered to your unit (${user.division}); there is nothing to claim`,
          },
        });
      }
      const pending = await self.store.listClaims({
        accountIds: [account.id],
        statuses: ['open', 'contested'],
      });
      const mine = pending.find((claim) => claim.claimantDivision === user.division);
      if (mine) {
        throw new KamError({
          code: KAM_ERROR_CODES.CONFLICT,
          path: 'accountId',
          message: {
            'zh-CN': `本单位对客户 ${account.id} 已有待处理的归属申请 ${mine.id}`,
            en: `Your unit already has a pending claim on account ${account.id}: ${mine.id}`,
          },
        });
      }
      const meta = self.#meta(user);
      const at = meta.at ?? new Date().toISOString();
      const id = parsed.id ?? claimId(account.id, at);
      if ((await self.store.listClaims({ ids: [id] })).length > 0) {
        throw new KamError({
          code: KAM_ERROR_CODES.CONFLICT,
          path: 'id',
          message: { 'zh-CN': `归属申请编号已被占用：${id}`, en: `Claim id already taken: ${id}` },
        });
      }
      const claim: Claim = {
        id,
        accountId: account.id,
        claimantDivision: user.division,
        holdingDivision: account.division,
        reason: parsed.reason,
        ...(parsed.contractId === undefined ? {} : { contractId: parsed.contractId }),
        status: 'open',
        filedBy: user.id,
        filedAt: at,
      };
      return self.store.putClaim(claim, meta);
    });
  }

  /** A pending claim the user may see, at the stage `stage`, and the account it names, still where the claim found it. */
  async #pendingClaim(
    user: User,
    id: string,
    right: 'claim.answer' | 'claim.decide',
  ): Promise<{ claim: Claim; account: Account }> {
    const [claim] = await this.store.listClaims({ ids: [id] });
    if (!claim || !this.#seesClaim(user, claim)) throw hiddenOrMissing('claim', id);
    if (!isAllowed(this.policy, user, right, { division: claim.holdingDivision })) throw forbidden(right, id);
    const wanted = right === 'claim.answer' ? 'open' : 'contested';
    if (claim.status !== wanted) {
      throw new KamError({
        code: KAM_ERROR_CODES.INVALID_STATE,
        path: 'status',
        message: {
          'zh-CN': `归属申请 ${id} 的状态为“${CLAIM_STATUS_LABELS[claim.status]['zh-CN']}”，${right === 'claim.answer' ? '只有待答复的申请可以答复' : '只有有异议的申请可以裁决'}`,
          en: `Claim ${id} is ${CLAIM_STATUS_LABELS[claim.status].en}; ${right === 'claim.answer' ? 'only an open claim can be answered' : 'only a contested claim can be decided'}`,
        },
      });
    }
    const account = await this.store.getAccount(claim.accountId);
    if (!account || account.division !== claim.holdingDivision) {
      throw new KamError({
        code: KAM_ERROR_CODES.INVALID_STATE,
        path: 'accountId',
        message: {
          'zh-CN': `客户 ${claim.accountId} 已不在 ${claim.holdingDivision}，此申请无法再处理`,
          en: `Account ${claim.accountId} is no longer held by ${claim.holdingDivision}; the claim cannot be acted on`,
        },
      });
    }
    return { claim, account };
  }

  /** Move a claimed account to the claimant's unit, as an `account.move` naming the claim. */
  async #moveClaimed(user: User, claim: Claim, account: Account, note: string): Promise<void> {
    const nextOwners = await this.#ownersAfterMove(account, claim.claimantDivision, {});
    await this.#recordMove(
      user,
      account,
      claim.claimantDivision,
      nextOwners,
      `归属申请 ${claim.id} / attribution claim ${claim.id}: ${note}`,
    );
  }

  async answerClaim(id: string, answer: ClaimAnswer, note: string): Promise<Claim> {
    const why = requireReason(note);
    if (answer !== 'accept' && answer !== 'contest')
      throw invalidInput('answer', { 'zh-CN': '答复须为接受或异议', en: 'the answer is accept or contest' });
    return this.transaction(async (scoped) => {
      const self = scoped as AccessScopedStore;
      const user = await self.me();
      const { claim, account } = await self.#pendingClaim(user, id, 'claim.answer');
      const meta = self.#meta(user, why);
      const at = meta.at ?? new Date().toISOString();
      // The claim first: the store refuses it when someone answered meanwhile, before anything moves.
      const answered = await self.store.putClaim(
        {
          ...claim,
          status: answer === 'accept' ? 'accepted' : 'contested',
          answer: { by: user.id, at, note: why, accept: answer === 'accept' },
        },
        meta,
      );
      if (answer === 'accept') await self.#moveClaimed(user, claim, account, why);
      return answered;
    });
  }

  async decideClaim(id: string, decision: ClaimDecision, note: string): Promise<Claim> {
    const why = requireReason(note);
    if (decision !== 'move' && decision !== 'keep')
      throw invalidInput('decision', { 'zh-CN': '裁决须为划转或维持', en: 'the decision is move or keep' });
    return this.transaction(async (scoped) => {
      const self = scoped as AccessScopedStore;
      const user = await self.me();
      const { claim, account } = await self.#pendingClaim(user, id, 'claim.decide');
      const meta = self.#meta(user, why);
      const at = meta.at ?? new Date().toISOString();
      const decided = await self.store.putClaim(
        {
          ...claim,
          status: decision === 'move' ? 'awarded' : 'dismissed',
          decision: { by: user.id, at, note: why, move: decision === 'move' },
        },
        meta,
      );
      if (decision === 'move') await self.#moveClaimed(user, claim, account, why);
      return decided;
    });
  }

  async getClaim(id: string): Promise<Claim> {
    const [claim] = await this.listClaims({ ids: [id] });
    if (!claim) throw hiddenOrMissing('claim', id);
    return claim;
  }

  async listClaims(filter: ClaimFilter = {}): Promise<Claim[]> {
    const user = await this.me();
    return (await this.store.listClaims(filter)).filter((claim) => this.#seesClaim(user, claim));
  }

  // ---- units' monthly narratives ---------------------------------------------

  /** True when some user or account belongs to `division`. */
  async #divisionExists(division: string): Promise<boolean> {
    if ((await this.store.listUsers()).some((other) => other.division === division)) return true;
    return (await this.store.listAccounts({ division })).length > 0;
  }

  async putUnitPlan(input: UnitPlanInput, options: { reason?: string } = {}): Promise<UnitPlan> {
    const parsed = parseWith(UnitPlanInputSchema, input, SUBJECTS.unitPlan, KAM_ERROR_CODES.INVALID_INPUT);
    return this.transaction(async (scoped) => {
      const self = scoped as AccessScopedStore;
      const user = await self.me();
      const target: AccessTarget = { division: parsed.division };
      const known = await self.#divisionExists(parsed.division);
      if (!known || !isAllowed(self.policy, user, 'narrative.write', target)) {
        if (known && isAllowed(self.policy, user, 'narrative.read', target))
          throw forbidden('narrative.write', parsed.division, 'division');
        throw hiddenOrMissing('division', parsed.division);
      }
      const id = unitPlanId(parsed);
      const [before] = await self.store.listUnitPlans({
        divisions: [parsed.division],
        periods: [parsed.period],
      });
      const meta = self.#meta(user, options.reason);
      const plan = parseWith(
        UnitPlanSchema,
        {
          id,
          division: parsed.division,
          period: parsed.period,
          wentWell: parsed.wentWell ?? before?.wentWell,
          nextPlan: parsed.nextPlan ?? before?.nextPlan,
          updatedBy: user.id,
          updatedAt: meta.at ?? new Date().toISOString(),
        },
        SUBJECTS.unitPlan,
        KAM_ERROR_CODES.INVALID_INPUT,
      );
      return self.store.putUnitPlan(plan, meta);
    });
  }

  async getUnitPlan(division: string, period: string): Promise<UnitPlan> {
    const [plan] = await this.listUnitPlans({ divisions: [division], periods: [period] });
    if (!plan) throw hiddenOrMissing('unit-plan', unitPlanId({ division, period }));
    return plan;
  }

  async listUnitPlans(
    filter: { divisions?: readonly string[]; periods?: readonly string[] } = {},
  ): Promise<UnitPlan[]> {
    const user = await this.me();
    const scope = scopeOf(this.policy, user.role, 'narrative.read');
    if (scope === 'all') return this.store.listUnitPlans(filter);
    if (scope !== 'division' || user.division === null) return [];
    if (filter.divisions !== undefined && !filter.divisions.includes(user.division)) return [];
    return this.store.listUnitPlans({ ...filter, divisions: [user.division] });
  }

  // ---- relationship development plans ----------------------------------------

  /** The account of a plan the caller writes or submits: NOT_FOUND when unseen, FORBIDDEN unless they are owner A or B. */
  async #planOwnerAccount(user: User, accountId: string): Promise<Account> {
    const account = await this.#accountFor(user, accountId, 'account.read');
    if (account.ownerA === user.id || account.ownerB === user.id) return account;
    throw new KamError({
      code: KAM_ERROR_CODES.FORBIDDEN,
      path: 'accountId',
      message: {
        'zh-CN': `只有客户 ${accountId} 的 A 角或 B 角可以编写和提交客户关系发展计划`,
        en: `Only owner A or B of account ${accountId} may write and submit its relationship plan`,
      },
    });
  }

  async putRelationshipPlan(
    input: RelationshipPlanInput,
    options: { reason?: string } = {},
  ): Promise<RelationshipPlan> {
    const parsed = parseWith(
      RelationshipPlanInputSchema,
      input,
      SUBJECTS.relationshipPlan,
      KAM_ERROR_CODES.INVALID_INPUT,
    );
    return this.transaction(async (scoped) => {
      const self = scoped as AccessScopedStore;
      const user = await self.me();
      await self.#planOwnerAccount(user, parsed.accountId);
      const [before] = await self.store.listRelationshipPlans({
        accountIds: [parsed.accountId],
        halfYears: [parsed.halfYear],
      });
      const meta = self.#meta(user, options.reason);
      const plan = writeRelationshipPlan(before, parsed, { by: user.id, at: meta.at ?? self.#now() });
      return self.store.putRelationshipPlan(plan, meta);
    });
  }

  async submitRelationshipPlan(accountId: string, halfYear: string): Promise<RelationshipPlan> {
    return this.transaction(async (scoped) => {
      const self = scoped as AccessScopedStore;
      const user = await self.me();
      await self.#planOwnerAccount(user, accountId);
      const [plan] = await self.store.listRelationshipPlans({
        accountIds: [accountId],
        halfYears: [halfYear],
      });
      if (!plan) throw hiddenOrMissing('relationship-plan', relationshipPlanId({ accountId, halfYear }));
      const meta = self.#meta(user);
      return self.store.putRelationshipPlan(
        submitRelationshipPlan(plan, { by: user.id, at: meta.at ?? self.#now() }),
        meta,
      );
    });
  }

  async decideRelationshipPlan(
    accountId: string,
    halfYear: string,
    decision: RelationshipPlanDecision,
  ): Promise<RelationshipPlan> {
    return this.transaction(async (scoped) => {
      const self = scoped as AccessScopedStore;
      const user = await self.me();
      const plan = await self.getRelationshipPlan(accountId, halfYear);
      const submitter = await self.store.getUser(plan.submittedBy ?? plan.updatedBy);
      if (submitter === undefined || submitter.id === user.id || !self.#manages(user, submitter))
        throw new KamError({
          code: KAM_ERROR_CODES.FORBIDDEN,
          path: 'decision',
          message: {
            'zh-CN': `只有提交人的上级主管可以审批 ${plan.id} 的客户关系发展计划`,
            en: `Only the submitter's supervisor may approve or return the relationship plan ${plan.id}`,
          },
        });
      const note = decision.note?.trim();
      const meta = self.#meta(user, note === '' ? undefined : note);
      return self.store.putRelationshipPlan(
        decideRelationshipPlan(plan, decision, { by: user.id, at: meta.at ?? self.#now() }),
        meta,
      );
    });
  }

  async getRelationshipPlan(accountId: string, halfYear: string): Promise<RelationshipPlan> {
    const [plan] = await this.listRelationshipPlans({ accountIds: [accountId], halfYears: [halfYear] });
    if (!plan) throw hiddenOrMissing('relationship-plan', relationshipPlanId({ accountId, halfYear }));
    return plan;
  }

  async listRelationshipPlans(
    filter: { accountIds?: readonly string[]; halfYears?: readonly string[] } = {},
  ): Promise<RelationshipPlan[]> {
    const user = await this.me();
    const readable = await this.#visibleAccountIds(user, 'account.read');
    const supervisees = await this.#supervisees(user);
    if (readable !== undefined && readable.size === 0 && supervisees.size === 0) return [];
    const rows = await this.store.listRelationshipPlans(filter);
    return rows.filter(
      (plan) =>
        readable === undefined ||
        readable.has(plan.accountId) ||
        supervisees.has(plan.submittedBy ?? plan.updatedBy),
    );
  }

  // ---- tasks and weekly plans ----------------------------------------------

  /** True when `user` manages `other`: their supervisor, or `task.assign` on their division. */
  #manages(user: User, other: User): boolean {
    if (other.supervisorId === user.id) return true;
    return isAllowed(this.policy, user, 'task.assign', { division: other.division });
  }

  /** A user the caller may name as assignee or plan filer: NOT_FOUND when missing or out of sight. */
  async #staffFor(user: User, id: string): Promise<User> {
    const found = await this.store.getUser(id);
    if (
      found &&
      (isAllowed(this.policy, user, 'user.read', userTarget(found)) || found.supervisorId === user.id)
    )
      return found;
    throw hiddenOrMissing('user', id);
  }

  #now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  async assignTask(input: TaskAssignment, options: { reason?: string } = {}): Promise<Task> {
    const user = await this.me();
    const account = await this.#accountFor(user, input.accountId, 'account.read');
    // Someone who manages nobody is refused before the assignee is looked up.
    if (
      scopeOf(this.policy, user.role, 'task.assign') === 'none' &&
      (await this.#supervisees(user)).size === 0
    )
      throw forbidden('task.assign', account.id);
    const assignee = await this.#staffFor(user, input.assigneeId);
    if (
      !this.#manages(user, assignee) ||
      !isAllowed(this.policy, user, 'account.write', accountTarget(account))
    )
      throw forbidden('task.assign', account.id);
    if (
      assignee.status !== 'active' ||
      !isAllowed(this.policy, assignee, 'interaction.write', accountTarget(account))
    )
      throw invalidInput('assigneeId', {
        'zh-CN': `${assignee.name}（${assignee.id}）不能在客户 ${account.id} 录入拜访记录，不能接受此任务`,
        en: `${assignee.name} (${assignee.id}) cannot record interactions on account ${account.id}, so cannot take this task`,
      });
    const task = parseWith(
      TaskSchema,
      {
        ...input,
        id: input.id ?? newTaskId(),
        assignedBy: user.id,
        status: 'open',
        createdAt: this.#now(),
      },
      SUBJECTS.task,
      KAM_ERROR_CODES.INVALID_INPUT,
    );
    return this.transaction(async (scoped) => {
      const store = (scoped as AccessScopedStore).store;
      if ((await store.listTasks({ ids: [task.id], accountIds: [task.accountId] })).length > 0)
        throw new KamError({
          code: KAM_ERROR_CODES.CONFLICT,
          path: 'id',
          message: { 'zh-CN': `任务编号已被占用：${task.id}`, en: `Task id already taken: ${task.id}` },
        });
      return store.putTask(task, this.#meta(user, options.reason));
    });
  }

  /** Whether `user` sees `task`: its account is readable (`readable`), or they supervise its assignee. */
  #seesTask(
    task: Task,
    readable: ReadonlySet<string> | undefined,
    supervisees: ReadonlySet<string>,
  ): boolean {
    return readable === undefined || readable.has(task.accountId) || supervisees.has(task.assigneeId);
  }

  async #supervisees(user: User): Promise<Set<string>> {
    const users = await this.store.listUsers();
    return new Set(users.filter((other) => other.supervisorId === user.id).map((other) => other.id));
  }

  async listTasks(filter: TaskFilter = {}): Promise<Task[]> {
    const user = await this.me();
    const readable = await this.#visibleAccountIds(user, 'account.read');
    const supervisees = await this.#supervisees(user);
    if (readable !== undefined && readable.size === 0 && supervisees.size === 0) return [];
    const rows = await this.store.listTasks(filter);
    return rows.filter((task) => this.#seesTask(task, readable, supervisees));
  }

  async getTask(id: string, accountId?: string): Promise<Task> {
    const found = await this.listTasks({
      ids: [id],
      ...(accountId === undefined ? {} : { accountIds: [accountId] }),
    });
    const [task] = found;
    if (!task) throw hiddenOrMissing('task', id);
    if (found.length > 1)
      throw new KamError({
        code: KAM_ERROR_CODES.CONFLICT,
        path: 'accountId',
        message: {
          'zh-CN': `任务 ${id} 在多个客户下都有（${found.map((row) => row.accountId).join('、')}），请指明客户`,
          en: `Task ${id} exists under several accounts (${found.map((row) => row.accountId).join(', ')}); name the account`,
        },
      });
    return task;
  }

  async completeTask(
    id: string,
    completion: TaskCompletion = {},
  ): Promise<{ task: Task; interaction: Interaction }> {
    const user = await this.me();
    return this.transaction(async (scoped) => {
      const self = scoped as AccessScopedStore;
      const task = await self.getTask(id, completion.accountId);
      if (task.assigneeId !== user.id)
        throw new KamError({
          code: KAM_ERROR_CODES.FORBIDDEN,
          path: 'assigneeId',
          message: {
            'zh-CN': `只有任务的执行人（${task.assigneeId}）可以完成任务 ${task.id}`,
            en: `Only the task's assignee (${task.assigneeId}) can complete task ${task.id}`,
          },
        });
      if (task.status !== 'open') throw taskStateError(task);
      await self.#accountFor(user, task.accountId, 'interaction.write');
      const now = self.#now();
      const interaction: Interaction = {
        id: `task:${task.id}`,
        accountId: task.accountId,
        kind: completion.kind ?? task.kind,
        at: completion.at ?? now,
        userId: user.id,
        actorLevel: completion.actorLevel ?? 'specialist',
        ...(completion.contactId === undefined ? {} : { contactId: completion.contactId }),
        note: completion.note?.trim() || task.title,
      };
      const meta = self.#meta(user);
      const inserted = await self.store.insertInteractions([interaction], meta);
      if (inserted.inserted === 0)
        throw new KamError({
          code: KAM_ERROR_CODES.CONFLICT,
          path: 'interactionId',
          message: {
            'zh-CN': `拜访记录 ${interaction.id} 已存在`,
            en: `Interaction ${interaction.id} already exists`,
          },
        });
      const done = await self.store.putTask(
        { ...task, status: 'done', doneAt: now, interactionId: interaction.id },
        meta,
      );
      return { task: done, interaction };
    });
  }

  async cancelTask(id: string, options: { reason: string; accountId?: string }): Promise<Task> {
    const user = await this.me();
    const why = requireReason(options.reason);
    return this.transaction(async (scoped) => {
      const self = scoped as AccessScopedStore;
      const task = await self.getTask(id, options.accountId);
      const assignee = await self.store.getUser(task.assigneeId);
      const allowed =
        task.assignedBy === user.id || (assignee !== undefined && self.#manages(user, assignee));
      if (!allowed) throw forbidden('task.assign', task.id);
      if (task.status !== 'open') throw taskStateError(task);
      return self.store.putTask(
        { ...task, status: 'cancelled', cancelledAt: self.#now(), cancelReason: why },
        self.#meta(user, why),
      );
    });
  }

  async filePlan(
    input: { week: string; items: readonly PlanItem[] },
    options: { reason?: string } = {},
  ): Promise<Task[]> {
    const user = await this.me();
    const week = input.week?.trim() ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(week) || !isMonday(week))
      throw invalidInput('week', {
        'zh-CN': `计划周应为一周的星期一（YYYY-MM-DD）：${week}`,
        en: `the plan's week must be its Monday (YYYY-MM-DD): ${week}`,
      });
    if (input.items.length === 0)
      throw invalidInput('items', {
        'zh-CN': '周拜访计划至少要有一项拜访',
        en: 'a weekly visit plan needs at least one visit',
      });
    const sunday = addDays(week, 6);
    const now = this.#now();
    const title = user.locale === 'en' ? 'Planned visit' : '计划拜访';
    const tasks: Task[] = [];
    for (const [index, item] of input.items.entries()) {
      await this.#accountFor(user, item.accountId, 'interaction.write');
      if (!(item.dueDate >= week && item.dueDate <= sunday))
        throw invalidInput(`items[${index}].dueDate`, {
          'zh-CN': `拜访日期应在计划周内（${week}～${sunday}）：${item.dueDate}`,
          en: `the visit's date must fall in the plan's week (${week} to ${sunday}): ${item.dueDate}`,
        });
      tasks.push(
        parseWith(
          TaskSchema,
          {
            ...item,
            title: item.title ?? title,
            id: newTaskId(),
            assigneeId: user.id,
            assignedBy: user.id,
            createdAt: now,
            planWeek: week,
            review: { status: 'pending' },
          },
          { 'zh-CN': `计划第 ${index + 1} 项`, en: `plan item ${index + 1}` },
          KAM_ERROR_CODES.INVALID_INPUT,
        ),
      );
    }
    return this.transaction(async (scoped) => {
      const self = scoped as AccessScopedStore;
      const meta = self.#meta(user, options.reason);
      const earlier = await self.store.listTasks({ assigneeIds: [user.id], planWeek: week, status: 'open' });
      for (const task of earlier)
        await self.store.putTask(
          {
            ...task,
            status: 'cancelled',
            cancelledAt: now,
            cancelReason: user.locale === 'en' ? 'replaced by a new filing' : '已重新提交计划',
          },
          meta,
        );
      const stored: Task[] = [];
      for (const task of tasks) stored.push(await self.store.putTask(task, meta));
      return stored;
    });
  }

  async reviewPlan(decision: PlanDecision): Promise<Task[]> {
    const user = await this.me();
    const filer = await this.#staffFor(user, decision.assigneeId);
    if (filer.id === user.id || !this.#manages(user, filer)) throw forbidden('task.assign', filer.id);
    const note = decision.note?.trim() ?? '';
    if (decision.decision === 'return' && note === '')
      throw invalidInput('note', {
        'zh-CN': '退回计划时必须写明原因',
        en: 'a note is required when returning a plan',
      });
    return this.transaction(async (scoped) => {
      const self = scoped as AccessScopedStore;
      const items = (await self.store.listTasks({ assigneeIds: [filer.id], planWeek: decision.week })).filter(
        (task) => task.status !== 'cancelled',
      );
      if (items.length === 0)
        throw new KamError({
          code: KAM_ERROR_CODES.NOT_FOUND,
          path: 'week',
          message: {
            'zh-CN': `${filer.id} 没有 ${decision.week} 这一周的拜访计划`,
            en: `${filer.id} has no visit plan for the week of ${decision.week}`,
          },
        });
      const review = {
        status: decision.decision === 'approve' ? ('approved' as const) : ('returned' as const),
        by: user.id,
        at: self.#now(),
        ...(note === '' ? {} : { note }),
      };
      const meta = self.#meta(user, note === '' ? undefined : note);
      const stored: Task[] = [];
      for (const task of items) stored.push(await self.store.putTask({ ...task, review }, meta));
      return stored;
    });
  }
  async putSurveyResponse(
    input: SurveyResponseInput,
    options: { reason?: string } = {},
  ): Promise<SurveyResponse> {
    const user = await this.me();
    const response = parseWith(
      SurveyResponseSchema,
      input,
      SUBJECTS.surveyResponse,
      KAM_ERROR_CODES.INVALID_INPUT,
    );
    await this.#accountFor(user, response.accountId, 'account.write');
    return this.store.putSurveyResponse(response, this.#meta(user, options.reason));
  }

  async getSurveyResponse(id: string, accountId?: string): Promise<SurveyResponse> {
    const found = await this.listSurveyResponses({
      ids: [id],
      ...(accountId === undefined ? {} : { accountIds: [accountId] }),
    });
    const [response] = found;
    if (!response) throw hiddenOrMissing('survey-response', id);
    if (found.length > 1)
      throw new KamError({
        code: KAM_ERROR_CODES.CONFLICT,
        path: 'accountId',
        message: {
          'zh-CN': `问卷回答 ${id} 在多个客户下都有（${found.map((row) => row.accountId).join('、')}），请指明客户`,
          en: `Survey response ${id} exists under several accounts (${found.map((row) => row.accountId).join(', ')}); name the account`,
        },
      });
    return response;
  }

  async listSurveyResponses(
    filter: { ids?: readonly string[]; accountIds?: readonly string[] } = {},
  ): Promise<SurveyResponse[]> {
    const accountIds = await this.#restrict(await this.me(), 'account.read', filter.accountIds);
    if (accountIds === undefined) return this.store.listSurveyResponses(filter);
    if (accountIds.length === 0) return [];
    return this.store.listSurveyResponses({ ...filter, accountIds });
  }

  // ---- scores, tiers, overrides, alerts -------------------------------------

  async saveScores(rows: readonly StoredScore[]): Promise<void> {
    const user = await this.me();
    await this.#checkAccounts(user, rows, 'score.write');
    await this.store.saveScores(rows, this.#meta(user));
  }

  async listScores(
    filter: { period?: string; accountIds?: readonly string[]; modelId?: string } = {},
  ): Promise<StoredScore[]> {
    const accountIds = await this.#restrict(await this.me(), 'score.read', filter.accountIds);
    if (accountIds === undefined) return this.store.listScores(filter);
    if (accountIds.length === 0) return [];
    return this.store.listScores({ ...filter, accountIds });
  }

  async saveTierAssignments(
    rows: readonly StoredTierAssignment[],
    options: { reason?: string } = {},
  ): Promise<void> {
    const user = await this.me();
    await this.#checkAccounts(user, rows, 'tier.write');
    await this.store.saveTierAssignments(rows, this.#meta(user, options.reason));
  }

  async tierHistory(accountId: string, policyId?: string): Promise<StoredTierAssignment[]> {
    const user = await this.me();
    await this.#accountFor(user, accountId, 'tier.read');
    await this.#logRead(user, accountId, 'tiers');
    return this.store.tierHistory(accountId, policyId);
  }

  async listTierAssignments(
    filter: { period?: string; policyId?: string } = {},
  ): Promise<StoredTierAssignment[]> {
    const visible = await this.#visibleAccountIds(await this.me(), 'tier.read');
    const rows = await this.store.listTierAssignments(filter);
    return visible === undefined ? rows : rows.filter((row) => visible.has(row.accountId));
  }

  async putOverride(input: OverrideInput, options: { reason?: string } = {}): Promise<TierOverride> {
    const user = await this.me();
    await this.#accountFor(user, input.accountId, 'override.write');
    if (input.reason.trim() === '') {
      throw invalidInput('reason', { 'zh-CN': '人工调级必须填写原因', en: 'an override needs a reason' });
    }
    const override: TierOverride = {
      ...input,
      author: user.id,
      createdAt: input.createdAt ?? (this.options.now?.() ?? new Date()).toISOString(),
    };
    await this.store.putOverride(override, this.#meta(user, options.reason ?? input.reason));
    return override;
  }

  async listOverrides(filter: { accountId?: string; policyId?: string } = {}): Promise<TierOverride[]> {
    const visible = await this.#visibleAccountIds(await this.me(), 'override.read');
    if (visible !== undefined && filter.accountId !== undefined && !visible.has(filter.accountId)) return [];
    const rows = await this.store.listOverrides(filter);
    return visible === undefined ? rows : rows.filter((row) => visible.has(row.accountId));
  }

  async saveAlerts(rows: readonly StoredAlert[]): Promise<void> {
    const user = await this.me();
    // Checked on the input alone: an alert id names its account, so it cannot
    // reach (or tell of) another account's alert.
    for (const [index, row] of rows.entries()) checkAlertId(row, `[${index}].id`);
    await this.#checkAccounts(user, rows, 'alert.write');
    await this.store.saveAlerts(rows, this.#meta(user));
  }

  async updateAlert(
    id: string,
    change: AlertChange,
    options: { causes: readonly AlertCause[]; reason?: string; ifMissing?: StoredAlert },
  ): Promise<StoredAlert> {
    const user = await this.me();
    if (options.ifMissing !== undefined) checkAlertId(options.ifMissing, 'ifMissing.id');
    const [stored] = await this.store.listAlerts({ ids: [id] });
    const raise = stored === undefined && options.ifMissing?.id === id ? options.ifMissing : undefined;
    const row = stored ?? raise;
    const readable = await this.#visibleAccountIds(user, 'alert.read');
    if (row === undefined || (readable !== undefined && !readable.has(row.accountId)))
      throw alertNotFound(id);
    await this.#accountFor(user, row.accountId, 'alert.write');
    const meta = this.#meta(user, options.reason);
    return this.store.transaction(async (tx) => {
      if (raise) {
        await tx.saveAlerts([raise]);
        await tx.appendAudit({
          actor: user.id,
          action: 'alert.raise',
          entity: 'alert',
          entityId: id,
          before: null,
          after: { status: raise.status },
          ...(meta.at !== undefined ? { at: meta.at } : {}),
        });
      }
      return updateAlert(tx, id, change, { causes: options.causes, meta });
    });
  }

  async listAlerts(
    filter: { ids?: readonly string[]; accountIds?: readonly string[]; status?: StoredAlert['status'] } = {},
  ): Promise<StoredAlert[]> {
    const accountIds = await this.#restrict(await this.me(), 'alert.read', filter.accountIds);
    if (accountIds === undefined) return this.store.listAlerts(filter);
    if (accountIds.length === 0) return [];
    return this.store.listAlerts({ ...filter, accountIds });
  }

  // ---- users ----------------------------------------------------------------

  async getUser(id: string): Promise<User> {
    const user = await this.me();
    const found = await this.store.getUser(id);
    if (!found || !isAllowed(this.policy, user, 'user.read', userTarget(found))) {
      throw hiddenOrMissing('user', id);
    }
    return found;
  }

  async listUsers(): Promise<User[]> {
    const user = await this.me();
    const users = await this.store.listUsers();
    return users.filter((other) => isAllowed(this.policy, user, 'user.read', userTarget(other)));
  }

  async putUser(input: UserInput, options: { reason?: string } = {}): Promise<User> {
    const next = parseWith(UserSchema, input, SUBJECTS.user, KAM_ERROR_CODES.INVALID_INPUT);
    return this.transaction(async (scoped) => {
      const self = scoped as AccessScopedStore;
      const user = await self.me();
      // Checked on the input first, so the answer does not depend on what exists.
      const nextTarget = userTarget(next);
      if (!isAllowed(self.policy, user, 'user.write', nextTarget)) {
        if (isAllowed(self.policy, user, 'user.read', nextTarget)) throw forbidden('user.write', next.id);
        throw hiddenOrMissing('user', next.id);
      }
      const current = await self.store.getUser(next.id);
      // User ids are one namespace for the whole company (like log-in names):
      // one the caller may not see is "taken", naming no division, role or name.
      if (current && !isAllowed(self.policy, user, 'user.read', userTarget(current)))
        throw new KamError({
          code: KAM_ERROR_CODES.CONFLICT,
          path: 'id',
          message: { 'zh-CN': `用户编号已被占用：${next.id}`, en: `User id already taken: ${next.id}` },
        });
      if (current) await self.#userFor(user, next.id, 'user.write');
      const permissionChanged =
        !current ||
        current.role !== next.role ||
        current.division !== next.division ||
        current.status !== next.status;
      if (permissionChanged && next.id === user.id) {
        throw forbidden('user.write', next.id, 'role');
      }
      if ((!current || current.role !== next.role) && !mayGrantRole(self.policy, user.role, next.role)) {
        throw forbidden('user.write', next.id, 'role');
      }
      const meta = self.#meta(user, options.reason);
      await self.store.putUser(next, meta);
      if (permissionChanged) {
        await self.store.appendAudit({
          actor: user.id,
          at: meta.at,
          action: ACCESS_AUDIT_ACTIONS.PERMISSION,
          entity: 'user',
          entityId: next.id,
          before: current ? { role: current.role, division: current.division, status: current.status } : null,
          after: { role: next.role, division: next.division, status: next.status },
          reason: options.reason,
        });
      }
      return next;
    });
  }

  async freezeUser(id: string, reason: string): Promise<User> {
    const why = requireReason(reason);
    return this.transaction(async (scoped) => {
      const self = scoped as AccessScopedStore;
      const user = await self.me();
      const target = await self.#userFor(user, id, 'user.write');
      return self.#freeze(user, target, ACCESS_AUDIT_ACTIONS.FREEZE, why, {});
    });
  }

  async #freeze(
    user: User,
    target: User,
    action: string,
    reason: string,
    extra: { before?: Record<string, unknown>; after?: Record<string, unknown> },
  ): Promise<User> {
    if (target.id === user.id) throw forbidden('user.write', target.id, 'status');
    const frozen: User = { ...target, status: 'frozen' };
    const meta = this.#meta(user, reason);
    await this.store.putUser(frozen, meta);
    await this.store.appendAudit({
      actor: user.id,
      at: meta.at,
      action,
      entity: 'user',
      entityId: target.id,
      before: { role: target.role, division: target.division, status: target.status, ...extra.before },
      after: { role: target.role, division: target.division, status: 'frozen', ...extra.after },
      reason,
    });
    return frozen;
  }

  async offboardUser(id: string, options: { handoverTo: string; reason: string }): Promise<OffboardResult> {
    const why = requireReason(options.reason);
    return this.transaction(async (scoped) => {
      const self = scoped as AccessScopedStore;
      const user = await self.me();
      const departing = await self.#userFor(user, id, 'user.write');
      if (options.handoverTo === id) {
        throw invalidInput('handoverTo', {
          'zh-CN': '接任者不能是离职者本人',
          en: 'the successor must be someone other than the departing user',
        });
      }
      const successor = await self.#userFor(user, options.handoverTo, 'user.read');
      if (successor.status !== 'active') {
        throw invalidInput('handoverTo', {
          'zh-CN': `接任者 ${successor.id} 已冻结`,
          en: `successor ${successor.id} is frozen`,
        });
      }
      const accounts = await self.store.listAccounts({ ownerId: id });
      const plans: { account: Account; next: { ownerA: string | null; ownerB: string | null } }[] = [];
      for (const account of accounts) {
        if (account.ownerA !== id && account.ownerB !== id) continue;
        if (!isAllowed(self.policy, user, 'account.handover', accountTarget(account))) {
          // Named by the departing user, never by an account the caller may not see.
          throw forbidden('account.handover', id, 'handoverTo');
        }
        const next = {
          ownerA: account.ownerA === id ? successor.id : account.ownerA,
          ownerB: account.ownerB === id ? successor.id : account.ownerB,
        };
        // The successor already held the other role: the departing user's role falls vacant.
        if (next.ownerA === next.ownerB) next.ownerB = null;
        if (successor.division !== account.division) {
          throw invalidInput('handoverTo', {
            'zh-CN': `接任者 ${successor.id} 不属于客户 ${account.id} 的事业部 ${account.division}`,
            en: `successor ${successor.id} is not in division ${account.division} of account ${account.id}`,
          });
        }
        plans.push({ account, next });
      }
      const frozen = await self.#freeze(user, departing, ACCESS_AUDIT_ACTIONS.OFFBOARD, why, {
        before: { accounts: plans.map((plan) => plan.account.id) },
        after: { handoverTo: successor.id },
      });
      const handedOver: HandedOverAccount[] = [];
      for (const plan of plans) {
        await self.#recordHandover(user, plan.account, plan.next, why);
        handedOver.push({ accountId: plan.account.id, before: owners(plan.account), after: plan.next });
      }
      return { user: frozen, handedOver };
    });
  }

  // ---- audit ----------------------------------------------------------------

  async listAudit(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const user = await this.me();
    const scope = scopeOf(this.policy, user.role, 'audit.read');
    if (scope === 'all') return this.store.listAudit(filter);
    if (scope !== 'division' || user.division === null) return [];
    const division = user.division;
    const { limit, ...rest } = filter;
    const [entries, accounts, users] = await Promise.all([
      this.store.listAudit(rest),
      this.store.listAccounts({ division }),
      this.store.listUsers(),
    ]);
    const records = {
      division,
      accountIds: new Set(accounts.map((account) => account.id)),
      userIds: new Set(users.filter((other) => other.division === division).map((other) => other.id)),
    };
    const visible = entries.filter((entry) => auditEntryInDivision(entry, records));
    return limit === undefined ? visible : visible.slice(0, limit);
  }
}

/**
 * Scope `store` to one user: every read and write is checked against the
 * access policy (DOMAIN.md §9).
 *
 * @param user - the acting user, or their id; re-read from the store on every call.
 * @example
 * ```ts
 * const store = await openStore();
 * const kam = scopeStore(store, 'u-li');
 * const mine = await kam.listAccounts();              // only what Li may see
 * await kam.getAccount('A-hidden');                    // NOT_FOUND, as if it did not exist
 * await scopeStore(store, 'u-admin').offboardUser('u-li', { handoverTo: 'u-wang', reason: '离职' });
 * ```
 */
export function scopeStore(store: Store, user: User | string, options: ScopeOptions = {}): ScopedStore {
  return new AccessScopedStore(store, typeof user === 'string' ? user : user.id, options, false);
}
