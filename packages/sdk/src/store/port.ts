/**
 * The `Store` port: everything KAMkit keeps. Adapters: in-memory (tests,
 * examples) and PostgreSQL (PGlite embedded, or a server through `pg`).
 * Every adapter passes the same conformance suite.
 *
 * Ownership: `store/` owns this file. Other modules add their own tables
 * through {@link Migration}s and their own typed repositories over
 * {@link SqlClient} (PostgreSQL) or a memory implementation.
 *
 * @module
 */

import type { Claim, ClaimStatus } from '../claims/claim.js';
import type { Contract, ContractInput } from '../contracts/contract.js';
import type { Account, AccountInput } from '../domain/account.js';
import type { Complaint } from '../domain/complaint.js';
import type { Contact, ContactInput } from '../domain/contact.js';
import type { Interaction } from '../domain/interaction.js';
import type { Payment, PaymentInput } from '../domain/payment.js';
import type { Transaction } from '../domain/transaction.js';
import type { User, UserInput } from '../domain/user.js';
import type { MonthlyAggregate } from '../metrics/aggregate.js';
import type { AggregateColumns } from '../metrics/aggregate-columns.js';
import type { RelationshipPlan } from '../relationship-plans/relationship-plan.js';
import type { ResultsStore } from '../results/results-store.js';
import type { SurveyResponse, SurveyResponseInput } from '../satisfaction/survey.js';
import type { Task, TaskFilter, TaskInput } from '../tasks/task.js';
import type { UnitPlan } from '../unit-plans/unit-plan.js';

/** Who made a write and why; recorded with every versioned or audited write. */
export interface WriteMeta {
  /** User id of the author, or `system`. */
  actor: string;
  /** When (ISO instant); defaults to the store's clock. */
  at?: string;
  /** Free-text reason (overrides, moves, hand-overs). */
  reason?: string;
}

/** One version of an account profile: edits append a version, never overwrite. */
export interface AccountVersion {
  accountId: string;
  version: number;
  account: Account;
  actor: string;
  at: string;
  reason?: string | undefined;
}

/** Filter for listing accounts. */
export interface AccountFilter {
  ids?: readonly string[];
  division?: string;
  /** Accounts where this user is owner A or B. */
  ownerId?: string;
}

/** One account with the records its status card shows ({@link Store.getAccountRecords}). */
export interface AccountRecords {
  account: Account;
  /** Its contacts, ordered by id, as {@link Store.listContacts} lists them. */
  contacts: Contact[];
  /** Its survey responses, ordered by id, as {@link Store.listSurveyResponses} lists them. */
  surveyResponses: SurveyResponse[];
}

/** Query of the aggregation port: which accounts and months. */
export interface AggregateQuery {
  accountIds?: readonly string[];
  /** First month `YYYY-MM`, inclusive. */
  fromMonth?: string;
  /** Last month `YYYY-MM`, inclusive. */
  toMonth?: string;
  /** Only these months (`YYYY-MM`), e.g. this month, last month and a year ago; with from/to, both apply. */
  months?: readonly string[];
}

/** Options of {@link Store.aggregateColumns}. */
export interface AggregateColumnsOptions {
  /**
   * `'account'` (default): account, then month, then category — the order of
   * `aggregate()`. `'month'`: month, then account, then category.
   */
  order?: 'account' | 'month';
}

/** Filter for listing payments (回款): which accounts and which receipt dates. */
export interface PaymentFilter {
  accountIds?: readonly string[];
  /** First receipt date `YYYY-MM-DD`, inclusive. */
  from?: string;
  /** Last receipt date `YYYY-MM-DD`, inclusive. */
  to?: string;
}

/** The payments of one account received in one month (`YYYY-MM` of the receipt date). */
export interface MonthlyPaymentTotal {
  accountId: string;
  month: string;
  /** Sum of the payments in fen. */
  amountFen: number;
  /** Number of payments. */
  count: number;
}

/** Result of inserting rows that carry natural ids: duplicates are skipped, not errors. */
export interface InsertResult {
  inserted: number;
  skipped: number;
}

/**
 * What a bulk put ({@link Store.putUsers}, {@link Store.putAccounts},
 * {@link Store.putContacts}) did: records created, records changed, and
 * records left alone because they were stored exactly so already.
 */
export interface PutManyResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Adds one batch to a {@link Store.loadTransactions} bulk load. */
export type AddTransactions = (rows: readonly Transaction[]) => Promise<InsertResult>;

/** A stored tier assignment for one account and period. */
export interface StoredTierAssignment {
  accountId: string;
  /** Period label, e.g. `2026-10`. */
  period: string;
  policyId: string;
  tier: string | null;
  /** The assignment's explanation as JSON-serialisable data. */
  explanation: unknown;
  at: string;
}

/** A manual tier override: reason, author and expiry. */
export interface TierOverride {
  id: string;
  accountId: string;
  policyId: string;
  tier: string;
  reason: string;
  author: string;
  createdAt: string;
  /** ISO date (inclusive) after which the override no longer applies. */
  expiresOn: string | null;
}

/** A stored score for one account and period. */
export interface StoredScore {
  accountId: string;
  period: string;
  modelId: string;
  score: number;
  /** Per-factor breakdown as JSON-serialisable data. */
  factors: unknown;
  at: string;
}

/** The states of an alert as a work item: raised, seen, its cause recorded, done. */
export const ALERT_STATUSES = ['open', 'acknowledged', 'explained', 'closed'] as const;
/** One of {@link ALERT_STATUSES}. */
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/**
 * A stored alert: what raised it and, as a work item, who handles it, the
 * cause recorded (an id from the alert policy's `causes`) and a note.
 */
export interface StoredAlert {
  id: string;
  accountId: string;
  kind: string;
  period: string;
  status: AlertStatus;
  /** The figures that raised it, JSON-serialisable. */
  figures: unknown;
  createdAt: string;
  /** The monitor of the policy that raised it. */
  monitorId?: string | undefined;
  severity?: 'critical' | 'warning' | 'info' | undefined;
  /** The alert's message in both locales. */
  message?: { 'zh-CN': string; en: string } | undefined;
  /** The user asked to handle it (default: the account's owners). */
  assignee?: string | null | undefined;
  /** The recorded cause: an id of the alert policy's `causes`. */
  cause?: string | null | undefined;
  /** What was found, what was done. */
  note?: string | null | undefined;
  /** Who last changed its status, cause, note or assignee, and when. */
  updatedBy?: string | undefined;
  updatedAt?: string | undefined;
}

/** One audit record: who, when, what, before → after. Append-only. */
export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  reason?: string | undefined;
}

/** Filter for the audit log. */
export interface AuditFilter {
  actor?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  since?: string;
  until?: string;
  /** At most this many entries. */
  limit?: number;
  /** `asc` (default): oldest first; `desc`: newest first (with `limit`, the latest entries). */
  order?: 'asc' | 'desc';
}

/** Minimal SQL access shared by PGlite and `pg`, for modules that add tables. */
export interface SqlClient {
  /** Run one parameterised statement (`$1`, `$2`…) and return its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: Row[] }>;
  /** Run several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A forward-only schema migration. Ids sort lexically: core `0001_…`–`0099_…`, review360 `0100_…`, reports `0200_…`. */
export interface Migration {
  id: string;
  sql: string;
}

/**
 * The store port. All methods are async; writes inside {@link Store.transaction}
 * commit or roll back together.
 */
export interface Store {
  /** `memory` or `postgres` (PGlite or server). */
  readonly kind: 'memory' | 'postgres';

  /** Run `work` atomically; the callback's store writes commit together or not at all. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
  /** Release the connection (pool, PGlite instance); the store is unusable afterwards. */
  close(): Promise<void>;

  // users
  /** Create or update a user; input is validated and defaults applied. */
  putUser(user: UserInput, meta: WriteMeta): Promise<void>;
  /**
   * Create or update many users at once: the same as {@link Store.putUser}
   * for each, in order, atomically — one audit entry per changed user, in the
   * same transaction. Set-based on PostgreSQL (a few statements per 5,000
   * records, not per record): what imports and the demo use.
   *
   * @throws KamError `INVALID_INPUT` naming `rows[i].field`; nothing is written.
   */
  putUsers(users: readonly UserInput[], meta: WriteMeta): Promise<PutManyResult>;
  /** One user by id, or `undefined` when there is none. */
  getUser(id: string): Promise<User | undefined>;
  /** Every user, ordered by id. */
  listUsers(): Promise<User[]>;

  // accounts, versioned
  /** Create or edit an account; input is validated, defaults applied, and a version appended. */
  putAccount(account: AccountInput, meta: WriteMeta): Promise<AccountVersion>;
  /**
   * Create or edit many accounts at once: the same as {@link Store.putAccount}
   * for each, in order (an id given twice gets two versions), atomically — a
   * version and an audit entry per changed account, in the same transaction.
   * Set-based on PostgreSQL.
   *
   * @throws KamError `INVALID_INPUT` naming `rows[i].field`; nothing is written.
   */
  putAccounts(accounts: readonly AccountInput[], meta: WriteMeta): Promise<PutManyResult>;
  /** The current profile of one account, or `undefined` when there is none. */
  getAccount(id: string): Promise<Account | undefined>;
  /**
   * One account with its contacts and survey responses, exactly as
   * {@link Store.getAccount}, {@link Store.listContacts} and
   * {@link Store.listSurveyResponses} would return them, in one read (one
   * statement on PostgreSQL): what a status card needs, read by a chat turn
   * ahead of the authorisation layer's checks. `undefined` when the account
   * is not stored. Not access-checked: the scoped store checks what is
   * served from it.
   */
  getAccountRecords(id: string): Promise<AccountRecords | undefined>;
  /** Current profiles matching `filter` (ids, division, owner A or B), ordered by id. */
  listAccounts(filter?: AccountFilter): Promise<Account[]>;
  /** Every version of one account's profile, oldest first (empty for an unknown id). */
  accountHistory(id: string): Promise<AccountVersion[]>;
  /** How many accounts are stored. */
  countAccounts(): Promise<number>;

  // contacts
  /** Create or update a contact (validated); audited as `contact.create` / `contact.update`. */
  putContact(contact: ContactInput, meta: WriteMeta): Promise<void>;
  /**
   * Create or update many contacts at once: the same as
   * {@link Store.putContact} for each, in order, atomically, audited in the
   * same transaction. Set-based on PostgreSQL.
   *
   * @throws KamError `INVALID_INPUT` naming `rows[i].field`; nothing is written.
   */
  putContacts(contacts: readonly ContactInput[], meta: WriteMeta): Promise<PutManyResult>;
  /**
   * The contacts of one account, ordered by id; without an account id, every
   * stored contact in one read, ordered by account id, then id.
   */
  listContacts(accountId?: string): Promise<Contact[]>;

  // transactions and the aggregation port
  /**
   * Insert transactions and update the monthly roll-up in the same write;
   * a row whose id is already stored is skipped and counted in `skipped`.
   * Audited in the same transaction: one `transaction.insert` entry per
   * account that received rows (`after`: `{ accountId, inserted, firstId, lastId }`),
   * actor from `meta` (default `system`).
   */
  insertTransactions(rows: readonly Transaction[], meta?: WriteMeta): Promise<InsertResult>;
  /**
   * Bulk-load transactions: `work` adds batches through `add` (same rules as
   * {@link Store.insertTransactions}: rows whose id is stored — or added
   * earlier in the load — are skipped), all in one transaction (the caller's,
   * or its own). Adapters may defer the monthly roll-up and refresh it once,
   * for the accounts and months the load touched, after `work` resolves and
   * before the transaction commits — so `aggregate()` inside `work` may not
   * see the rows added yet. When `work` throws, nothing of the load is kept.
   * Optional: callers fall back to `insertTransactions` per batch. Audited
   * like {@link Store.insertTransactions}, per account of the load (or of each batch).
   */
  loadTransactions?<T>(work: (add: AddTransactions) => Promise<T>, meta?: WriteMeta): Promise<T>;
  /** The aggregation port: account × month × category sums, from the roll-up (never raw rows). */
  aggregate(query?: AggregateQuery): Promise<MonthlyAggregate[]>;
  /**
   * The rows of `aggregate(query)` as columns (typed arrays): what
   * `computeMetrics` reads, without an object per row. In the same order as
   * `aggregate()`, or with `{ order: 'month' }` month by month — which the
   * embedded store serves from memory without merging months, and from which
   * `computeMetrics` gives the very same figures.
   */
  aggregateColumns(query?: AggregateQuery, options?: AggregateColumnsOptions): Promise<AggregateColumns>;
  /**
   * The latest month (`YYYY-MM`) with at least one transaction in the
   * roll-up, at or before `atOrBefore` when given; `undefined` when there is
   * none. One indexed read: what the default month of every command and bot
   * is chosen from (see `defaultMonth`).
   */
  latestMonthWithData(options?: { atOrBefore?: string }): Promise<string | undefined>;

  // payments (回款)
  /**
   * Insert payments; input is validated (a bad row fails the whole call with
   * `rows[i].field` and stores nothing). Idempotent by id: a row whose id is
   * already stored, or repeated in the batch, is skipped (the first one wins).
   * Audited like {@link Store.insertTransactions} (`payment.insert` per account).
   */
  insertPayments(rows: readonly PaymentInput[], meta?: WriteMeta): Promise<InsertResult>;
  /** Payments matching `filter`, ordered by date then id. */
  listPayments(filter?: PaymentFilter): Promise<Payment[]>;
  /** Payments summed per account × month of receipt, ordered by account then month. */
  paymentTotals(query?: AggregateQuery): Promise<MonthlyPaymentTotal[]>;

  // interactions and complaints
  /**
   * Insert interactions (calls, visits, gifts…); ids already stored are skipped.
   * Audited like {@link Store.insertTransactions} (`interaction.insert` per account).
   */
  insertInteractions(rows: readonly Interaction[], meta?: WriteMeta): Promise<InsertResult>;
  /** Interactions of the given accounts (all when omitted) at or after `since` (ISO instant), oldest first. */
  listInteractions(filter?: { accountIds?: readonly string[]; since?: string }): Promise<Interaction[]>;
  /** Create or update a complaint (validated); audited as `complaint.create` / `complaint.update`. */
  putComplaint(complaint: Complaint, meta: WriteMeta): Promise<void>;
  /** Complaints of the given accounts (all when omitted), ordered by id. */
  listComplaints(filter?: { accountIds?: readonly string[] }): Promise<Complaint[]>;

  // contracts
  /** Create or update a contract (validated, defaults applied); audited as `contract.create` / `contract.update`. */
  putContract(contract: ContractInput, meta: WriteMeta): Promise<Contract>;
  /** Contracts of the given ids and/or accounts (all when omitted), ordered by id. */
  listContracts(filter?: { ids?: readonly string[]; accountIds?: readonly string[] }): Promise<Contract[]>;

  // attribution claims
  /** Create or update an attribution claim (validated); audited as `claim.create` / `claim.update`. */
  putClaim(claim: Claim, meta: WriteMeta): Promise<Claim>;
  /**
   * Claims of the given ids, accounts, divisions (claimant or holding) and/or
   * statuses (all when omitted), ordered by id.
   */
  listClaims(filter?: ClaimFilter): Promise<Claim[]>;

  // units' monthly narratives
  /**
   * Create or replace a unit's narrative of a month (validated; keyed by
   * division and period); audited as `unit-plan.create` / `unit-plan.update`.
   */
  putUnitPlan(plan: UnitPlan, meta: WriteMeta): Promise<UnitPlan>;
  /** Narratives of the given divisions and/or months (all when omitted), ordered by period, then division. */
  listUnitPlans(filter?: { divisions?: readonly string[]; periods?: readonly string[] }): Promise<UnitPlan[]>;
  // relationship development plans
  /**
   * Create or replace an account's relationship plan of a half-year
   * (validated; keyed by account and id); audited as
   * `relationship-plan.create` / `relationship-plan.update`, each revision
   * with the one before.
   */
  putRelationshipPlan(plan: RelationshipPlan, meta: WriteMeta): Promise<RelationshipPlan>;
  /** Plans of the given accounts and/or half-years (all when omitted), ordered by half-year, then account. */
  listRelationshipPlans(filter?: {
    accountIds?: readonly string[];
    halfYears?: readonly string[];
  }): Promise<RelationshipPlan[]>;
  // tasks
  /** Create or update a task (validated, defaults applied); audited as `task.create` / `task.update`. */
  putTask(task: TaskInput, meta: WriteMeta): Promise<Task>;
  /** Tasks matching `filter` (all when omitted), ordered by id, then account. */
  listTasks(filter?: TaskFilter): Promise<Task[]>;
  // survey responses
  /** Create or update a survey response (validated); audited as `survey-response.create` / `survey-response.update`. */
  putSurveyResponse(response: SurveyResponseInput, meta: WriteMeta): Promise<SurveyResponse>;
  /** Survey responses of the given ids and/or accounts (all when omitted), ordered by id. */
  listSurveyResponses(filter?: {
    ids?: readonly string[];
    accountIds?: readonly string[];
  }): Promise<SurveyResponse[]>;

  // scores, tiers, overrides, alerts
  /**
   * Upsert scores by account × period × model (saving a period again replaces
   * its rows). Each saved row appends a `score.save` audit entry in the same
   * transaction (actor from `meta`, default `system`).
   */
  saveScores(rows: readonly StoredScore[], meta?: WriteMeta): Promise<void>;
  /** Stored scores matching the filter (period, accounts, model). */
  listScores(filter: {
    period?: string;
    accountIds?: readonly string[];
    modelId?: string;
  }): Promise<StoredScore[]>;
  /**
   * Upsert assignments by account × period × policy. A row whose tier differs
   * from the account's previous assignment under that policy appends a
   * `tier.change` audit entry (actor from `meta`, default `system`).
   */
  saveTierAssignments(rows: readonly StoredTierAssignment[], meta?: WriteMeta): Promise<void>;
  /** One account's stored tier assignments (optionally under one policy), oldest period first. */
  tierHistory(accountId: string, policyId?: string): Promise<StoredTierAssignment[]>;
  /** Stored tier assignments of one period and/or policy. */
  listTierAssignments(filter: { period?: string; policyId?: string }): Promise<StoredTierAssignment[]>;
  /** Create or update a manual tier override (validated); audited as `override.create` / `override.update`. */
  putOverride(override: TierOverride, meta: WriteMeta): Promise<void>;
  /** Overrides of one account and/or policy (all when omitted), expired ones included, ordered by id. */
  listOverrides(filter?: { accountId?: string; policyId?: string }): Promise<TierOverride[]>;
  /**
   * Upsert alerts by id. Each new or changed alert (a resolve included)
   * appends an `alert.create` / `alert.update` audit entry (before → after)
   * in the same transaction; an unchanged row writes nothing.
   */
  saveAlerts(rows: readonly StoredAlert[], meta?: WriteMeta): Promise<void>;
  /** Alerts of the given ids, accounts and/or status, oldest first. */
  listAlerts(filter?: {
    ids?: readonly string[];
    accountIds?: readonly string[];
    status?: StoredAlert['status'];
  }): Promise<StoredAlert[]>;

  // conversation state (any replica answers the next message)
  /** The conversation state under `key`, or `undefined` when absent or expired. */
  getDialog(key: string): Promise<unknown | undefined>;
  /** Keep JSON-serialisable conversation state under `key` until `expiresAt` (ISO instant). */
  putDialog(key: string, state: unknown, expiresAt: string): Promise<void>;
  /** Forget the conversation state under `key` (no error when absent). */
  deleteDialog(key: string): Promise<void>;
  /** True the first time a key is claimed (until it expires), false on every repeat. */
  claimIdempotencyKey(key: string, expiresAt: string): Promise<boolean>;

  // audit (append-only)
  /** Append one audit entry (time defaults to the store's clock); returns it with its id. */
  appendAudit(entry: Omit<AuditEntry, 'id' | 'at'> & { at?: string }): Promise<AuditEntry>;
  /** Audit entries matching the filter, oldest first unless `order: 'desc'`. */
  listAudit(filter?: AuditFilter): Promise<AuditEntry[]>;

  /** Raw SQL for modules that add tables; `undefined` on the memory adapter. */
  readonly sql: SqlClient | undefined;

  /** Stored monthly results and the data generation (see `results/`). */
  readonly results: ResultsStore;
}

/** Which claims {@link Store.listClaims} returns; every field left out matches all. */
export interface ClaimFilter {
  ids?: readonly string[];
  accountIds?: readonly string[];
  /** Claims filed by or against these divisions. */
  divisions?: readonly string[];
  statuses?: readonly ClaimStatus[];
}
