/**
 * The in-memory {@link Store}: for tests, examples and one-off scripts. State
 * lives in this process only and is gone when it exits; use the PostgreSQL
 * adapter (`openStore()`) for anything that must survive a restart or be
 * shared between bot replicas.
 *
 * @module
 */

import { assertClaimSteps, type Claim } from '../claims/claim.js';
import type { Contract } from '../contracts/contract.js';
import type { Account } from '../domain/account.js';
import type { Complaint } from '../domain/complaint.js';
import type { Contact } from '../domain/contact.js';
import type { Interaction } from '../domain/interaction.js';
import type { Payment } from '../domain/payment.js';
import type { Transaction } from '../domain/transaction.js';
import type { User } from '../domain/user.js';
import { addToAggregate, emptyAggregate, type MonthlyAggregate } from '../metrics/aggregate.js';
import { aggregateColumnsOf } from '../metrics/aggregate-columns.js';
import type { RelationshipPlan } from '../relationship-plans/relationship-plan.js';
import {
  emptyResultsState,
  type MemoryResultsState,
  memoryResultsStore,
} from '../results/memory-results-store.js';
import type { SurveyResponse } from '../satisfaction/survey.js';
import { type Task, taskMatches } from '../tasks/task.js';
import { monthOfDate } from '../time/calendar.js';
import type { UnitPlan } from '../unit-plans/unit-plan.js';
import type {
  AccountFilter,
  AccountVersion,
  AggregateColumnsOptions,
  AggregateQuery,
  AuditEntry,
  AuditFilter,
  InsertResult,
  MonthlyPaymentTotal,
  PaymentFilter,
  PutManyResult,
  Store,
  StoredAlert,
  StoredScore,
  StoredTierAssignment,
  TierOverride,
  WriteMeta,
} from './port.js';
import {
  auditOfPut,
  auditOfScore,
  canonicalJson,
  check,
  checkInteractions,
  checkMany,
  checkPayments,
  checkStorable,
  checkTransactions,
  compareMonthFirst,
  compareText,
  copy,
  InsertedRanges,
  lastByKey,
  normaliseInstant,
  recordKey,
  SUBJECTS,
  SYSTEM_META,
  tierAuditValue,
  tierChanges,
} from './records.js';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** The clock for default timestamps and expiry checks (default: `() => new Date()`). */
  clock?: () => Date;
}

interface Expiring<T> {
  value: T;
  expiresAt: number;
}

/** Everything the memory store holds. */
interface State {
  users: Map<string, User>;
  accounts: Map<string, Account>;
  versions: Map<string, AccountVersion[]>;
  contacts: Map<string, Contact>;
  transactionIds: Set<string>;
  /** account → `month\0category` → bucket: the maintained roll-up. */
  rollup: Map<string, Map<string, MonthlyAggregate>>;
  interactions: Map<string, Interaction>;
  payments: Map<string, Payment>;
  complaints: Map<string, Complaint>;
  contracts: Map<string, Contract>;
  claims: Map<string, Claim>;
  unitPlans: Map<string, UnitPlan>;
  relationshipPlans: Map<string, RelationshipPlan>;
  tasks: Map<string, Task>;
  surveyResponses: Map<string, SurveyResponse>;
  scores: Map<string, StoredScore>;
  /** `account\0policy` → period → assignment. */
  tiers: Map<string, Map<string, StoredTierAssignment>>;
  overrides: Map<string, TierOverride>;
  alerts: Map<string, StoredAlert>;
  dialogs: Map<string, Expiring<unknown>>;
  idempotency: Map<string, number>;
  audit: AuditEntry[];
  results: MemoryResultsState;
}

/** Undo steps of the running transaction, replayed in reverse on failure. */
type Journal = (() => void)[];

function setIn<K, V>(map: Map<K, V>, key: K, value: V, journal: Journal | undefined): void {
  if (journal) {
    const had = map.has(key);
    const previous = map.get(key);
    journal.push(() => {
      if (had) map.set(key, previous as V);
      else map.delete(key);
    });
  }
  map.set(key, value);
}

function deleteIn<K, V>(map: Map<K, V>, key: K, journal: Journal | undefined): void {
  if (!map.has(key)) return;
  if (journal) {
    const previous = map.get(key) as V;
    journal.push(() => map.set(key, previous));
  }
  map.delete(key);
}

function pushTo<T>(list: T[], value: T, journal: Journal | undefined): void {
  list.push(value);
  if (journal) journal.push(() => list.pop());
}

function emptyState(): State {
  return {
    users: new Map(),
    accounts: new Map(),
    versions: new Map(),
    contacts: new Map(),
    transactionIds: new Set(),
    rollup: new Map(),
    interactions: new Map(),
    payments: new Map(),
    complaints: new Map(),
    contracts: new Map(),
    claims: new Map(),
    unitPlans: new Map(),
    relationshipPlans: new Map(),
    tasks: new Map(),
    surveyResponses: new Map(),
    scores: new Map(),
    tiers: new Map(),
    overrides: new Map(),
    alerts: new Map(),
    dialogs: new Map(),
    idempotency: new Map(),
    audit: [],
    results: emptyResultsState(),
  };
}

function inList(list: readonly string[] | undefined): (value: string) => boolean {
  if (!list) return () => true;
  const set = new Set(list);
  return (value) => set.has(value);
}

const byId = <T extends { id: string }>(left: T, right: T) => compareText(left.id, right.id);
/** Records under an account: by id, then account (the same id may name a record of each account). */
const byRecordKey = <T extends { id: string; accountId: string }>(left: T, right: T) =>
  compareText(left.id, right.id) || compareText(left.accountId, right.accountId);

/**
 * Create an in-memory {@link Store}. Writes are validated, copied in and out
 * (callers never share objects with the store), audited like the PostgreSQL
 * adapter, and `transaction()` keeps an undo log so a failed transaction
 * leaves nothing behind. Nested `transaction()` calls join the outer one.
 *
 * Single-process only: two processes each get their own empty store.
 *
 * @example
 * ```ts
 * const store = createMemoryStore({ clock: () => new Date('2026-10-15T08:00:00Z') });
 * await store.putAccount({ ...account, id: 'acme' }, { actor: 'u-li' });
 * await store.insertTransactions(transactions);
 * const rows = await store.aggregate({ fromMonth: '2026-01', toMonth: '2026-10' });
 * ```
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const clock = options.clock ?? (() => new Date());
  return bind(emptyState(), clock, undefined);
}

function bind(state: State, clock: () => Date, journal: Journal | undefined): Store {
  const now = () => clock().toISOString();
  const atOf = (meta: WriteMeta) => (meta.at === undefined ? now() : normaliseInstant(meta.at, 'meta.at'));

  const appendAuditEntry = (entry: Omit<AuditEntry, 'id'>): AuditEntry => {
    const stored: AuditEntry = {
      ...copy(entry),
      before: copy(entry.before ?? null),
      after: copy(entry.after ?? null),
      id: state.audit.length + 1,
    };
    if (stored.reason === undefined) delete stored.reason;
    pushTo(state.audit, stored, journal);
    return copy(stored);
  };

  /** A write changed a month's figures: advance the data generation (undone with the transaction). */
  const dataChanged = (): void => {
    state.results.generation++;
    if (journal) journal.push(() => state.results.generation--);
  };

  /**
   * Write `record` under `key` (its id, or {@link recordKey} for a record
   * under an account) unless unchanged, auditing the change under its id; a
   * change of an input of the figures (not of an output such as an alert)
   * advances the data generation.
   */
  const putAudited = <T extends { id: string }>(
    map: Map<string, T>,
    entity: string,
    key: string,
    record: T,
    rawMeta: WriteMeta,
    changesFigures = true,
    guard?: (before: T | undefined) => void,
  ): boolean => {
    const meta = check.meta(rawMeta);
    const before = map.get(key);
    guard?.(before);
    if (before !== undefined && canonicalJson(before) === canonicalJson(record)) return false;
    const at = atOf(meta);
    setIn(map, key, copy(record), journal);
    appendAuditEntry(auditOfPut(entity, record.id, before ?? null, record, meta, at));
    if (changesFigures) dataChanged();
    return true;
  };

  /** A bulk put as one put per record, in one transaction, counting what changed. */
  const putEach = <T extends { id: string }>(
    records: readonly T[],
    stored: (record: T) => unknown,
    put: (tx: Store, record: T) => Promise<unknown>,
  ): Promise<PutManyResult> =>
    store.transaction(async (tx) => {
      const result: PutManyResult = { inserted: 0, updated: 0, unchanged: 0 };
      for (const record of records) {
        const before = stored(record);
        if (before === undefined) result.inserted += 1;
        else if (canonicalJson(before) === canonicalJson(record)) result.unchanged += 1;
        else result.updated += 1;
        await put(tx, record);
      }
      return result;
    });

  const store: Store = {
    kind: 'memory',
    sql: undefined,
    results: memoryResultsStore(state.results, journal ? (step) => journal.push(step) : undefined),

    async transaction<T>(work: (inner: Store) => Promise<T>): Promise<T> {
      if (journal) return work(store);
      const undo: Journal = [];
      try {
        return await work(bind(state, clock, undo));
      } catch (error) {
        for (let index = undo.length - 1; index >= 0; index--) (undo[index] as () => void)();
        throw error;
      }
    },

    async close() {},

    async putUser(user, meta) {
      const valid = check.user(user);
      putAudited(state.users, 'user', valid.id, valid, meta);
    },
    async putUsers(users, rawMeta) {
      const valid = checkMany.user(users);
      check.meta(rawMeta);
      return putEach(
        valid,
        (user) => state.users.get(user.id),
        (tx, user) => tx.putUser(user, rawMeta),
      );
    },
    async getUser(id) {
      return copy(state.users.get(id));
    },
    async listUsers() {
      return [...state.users.values()].sort(byId).map(copy);
    },

    async putAccount(account, rawMeta) {
      const valid = check.account(account);
      const meta = check.meta(rawMeta);
      const history = state.versions.get(valid.id) ?? [];
      const latest = history[history.length - 1];
      const before = state.accounts.get(valid.id);
      if (latest && before && canonicalJson(before) === canonicalJson(valid)) return copy(latest);
      const at = atOf(meta);
      const version: AccountVersion = {
        accountId: valid.id,
        version: history.length + 1,
        account: copy(valid),
        actor: meta.actor,
        at,
        ...(meta.reason === undefined ? {} : { reason: meta.reason }),
      };
      if (!state.versions.has(valid.id)) setIn(state.versions, valid.id, history, journal);
      pushTo(history, version, journal);
      setIn(state.accounts, valid.id, copy(valid), journal);
      appendAuditEntry(auditOfPut('account', valid.id, before ?? null, valid, meta, at));
      dataChanged();
      return copy(version);
    },
    async putAccounts(accounts, rawMeta) {
      const valid = checkMany.account(accounts);
      check.meta(rawMeta);
      return putEach(
        valid,
        (account) => state.accounts.get(account.id),
        (tx, account) => tx.putAccount(account, rawMeta),
      );
    },
    async getAccount(id) {
      return copy(state.accounts.get(id));
    },
    async getAccountRecords(id) {
      const account = await store.getAccount(id);
      if (account === undefined) return undefined;
      const [contacts, surveyResponses] = await Promise.all([
        store.listContacts(id),
        store.listSurveyResponses({ accountIds: [id] }),
      ]);
      return { account, contacts, surveyResponses };
    },
    async listAccounts(filter: AccountFilter = {}) {
      const wanted = inList(filter.ids);
      const out: Account[] = [];
      for (const account of state.accounts.values()) {
        if (!wanted(account.id)) continue;
        if (filter.division !== undefined && account.division !== filter.division) continue;
        if (
          filter.ownerId !== undefined &&
          account.ownerA !== filter.ownerId &&
          account.ownerB !== filter.ownerId
        ) {
          continue;
        }
        out.push(copy(account));
      }
      return out.sort(byId);
    },
    async accountHistory(id) {
      return (state.versions.get(id) ?? []).map(copy);
    },
    async latestMonthWithData(options = {}) {
      let latest: string | undefined;
      for (const buckets of state.rollup.values())
        for (const bucket of buckets.values())
          if (
            (options.atOrBefore === undefined || bucket.month <= options.atOrBefore) &&
            (latest === undefined || bucket.month > latest)
          )
            latest = bucket.month;
      return latest;
    },
    async countAccounts() {
      return state.accounts.size;
    },

    async putContact(contact, meta) {
      const valid = check.contact(contact);
      putAudited(state.contacts, 'contact', recordKey(valid), valid, meta);
    },
    async putContacts(contacts, rawMeta) {
      const valid = checkMany.contact(contacts);
      check.meta(rawMeta);
      return putEach(
        valid,
        (contact) => state.contacts.get(recordKey(contact)),
        (tx, contact) => tx.putContact(contact, rawMeta),
      );
    },
    async listContacts(accountId) {
      return [...state.contacts.values()]
        .filter((contact) => accountId === undefined || contact.accountId === accountId)
        .sort((left, right) => compareText(left.accountId, right.accountId) || byId(left, right))
        .map(copy);
    },

    async insertTransactions(rows: readonly Transaction[], rawMeta = SYSTEM_META): Promise<InsertResult> {
      checkTransactions(rows);
      const meta = check.meta(rawMeta);
      const ranges = new InsertedRanges();
      let inserted = 0;
      const touched = new Set<MonthlyAggregate>();
      for (const row of rows) {
        const key = recordKey(row);
        if (state.transactionIds.has(key)) continue;
        state.transactionIds.add(key);
        if (journal) journal.push(() => state.transactionIds.delete(key));
        inserted++;
        ranges.addRow(row);
        let buckets = state.rollup.get(row.accountId);
        if (!buckets) {
          buckets = new Map();
          setIn(state.rollup, row.accountId, buckets, journal);
        }
        const month = monthOfDate(row.date);
        const bucketKey = `${month}\u0000${row.category}`;
        let bucket = buckets.get(bucketKey);
        if (!bucket) {
          bucket = emptyAggregate(row.accountId, month, row.category);
          setIn(buckets, bucketKey, bucket, journal);
          touched.add(bucket);
        } else if (!touched.has(bucket)) {
          touched.add(bucket);
          if (journal) {
            const saved = { ...bucket };
            const target = bucket;
            journal.push(() => Object.assign(target, saved));
          }
        }
        addToAggregate(bucket, row);
      }
      for (const entry of ranges.entries('transaction', meta, atOf(meta))) appendAuditEntry(entry);
      if (inserted > 0) dataChanged();
      return { inserted, skipped: rows.length - inserted };
    },

    async aggregate(query: AggregateQuery = {}) {
      const accountIds = query.accountIds ?? [...state.rollup.keys()];
      const months = query.months === undefined ? undefined : new Set(query.months);
      const out: MonthlyAggregate[] = [];
      for (const accountId of new Set(accountIds)) {
        const buckets = state.rollup.get(accountId);
        if (!buckets) continue;
        for (const bucket of buckets.values()) {
          if (query.fromMonth !== undefined && bucket.month < query.fromMonth) continue;
          if (query.toMonth !== undefined && bucket.month > query.toMonth) continue;
          if (months !== undefined && !months.has(bucket.month)) continue;
          out.push({ ...bucket });
        }
      }
      return out.sort(
        (left, right) =>
          compareText(left.accountId, right.accountId) ||
          compareText(left.month, right.month) ||
          compareText(left.category, right.category),
      );
    },

    async insertPayments(rows, rawMeta = SYSTEM_META): Promise<InsertResult> {
      const valid = checkPayments(rows);
      const meta = check.meta(rawMeta);
      const ranges = new InsertedRanges();
      let inserted = 0;
      for (const row of valid) {
        if (state.payments.has(recordKey(row))) continue;
        setIn(state.payments, recordKey(row), copy(row), journal);
        ranges.addRow(row);
        inserted++;
      }
      for (const entry of ranges.entries('payment', meta, atOf(meta))) appendAuditEntry(entry);
      if (inserted > 0) dataChanged();
      return { inserted, skipped: rows.length - inserted };
    },
    async listPayments(filter: PaymentFilter = {}) {
      const wanted = inList(filter.accountIds);
      return [...state.payments.values()]
        .filter(
          (row) =>
            wanted(row.accountId) &&
            (filter.from === undefined || row.date >= filter.from) &&
            (filter.to === undefined || row.date <= filter.to),
        )
        .sort((left, right) => compareText(left.date, right.date) || byRecordKey(left, right))
        .map(copy);
    },
    async paymentTotals(query: AggregateQuery = {}) {
      const wanted = inList(query.accountIds);
      const totals = new Map<string, MonthlyPaymentTotal>();
      for (const row of state.payments.values()) {
        if (!wanted(row.accountId)) continue;
        const month = monthOfDate(row.date);
        if (query.fromMonth !== undefined && month < query.fromMonth) continue;
        if (query.toMonth !== undefined && month > query.toMonth) continue;
        if (query.months !== undefined && !query.months.includes(month)) continue;
        const key = `${row.accountId}\u0000${month}`;
        const total = totals.get(key) ?? { accountId: row.accountId, month, amountFen: 0, count: 0 };
        total.amountFen += row.amountFen;
        total.count += 1;
        totals.set(key, total);
      }
      return [...totals.values()].sort(
        (left, right) => compareText(left.accountId, right.accountId) || compareText(left.month, right.month),
      );
    },

    async aggregateColumns(query: AggregateQuery = {}, options: AggregateColumnsOptions = {}) {
      const rows = await store.aggregate(query);
      return aggregateColumnsOf(options.order === 'month' ? [...rows].sort(compareMonthFirst) : rows);
    },

    async insertInteractions(rows, rawMeta = SYSTEM_META) {
      const valid = checkInteractions(rows);
      const meta = check.meta(rawMeta);
      const ranges = new InsertedRanges();
      let inserted = 0;
      for (const row of valid) {
        if (state.interactions.has(recordKey(row))) continue;
        setIn(state.interactions, recordKey(row), copy(row), journal);
        ranges.addRow(row);
        inserted++;
      }
      for (const entry of ranges.entries('interaction', meta, atOf(meta))) appendAuditEntry(entry);
      if (inserted > 0) dataChanged();
      return { inserted, skipped: rows.length - inserted };
    },
    async listInteractions(filter = {}) {
      const wanted = inList(filter.accountIds);
      const since =
        filter.since === undefined ? undefined : Date.parse(normaliseInstant(filter.since, 'since'));
      return [...state.interactions.values()]
        .filter((row) => wanted(row.accountId) && (since === undefined || Date.parse(row.at) >= since))
        .sort((left, right) => Date.parse(left.at) - Date.parse(right.at) || byRecordKey(left, right))
        .map(copy);
    },
    async putComplaint(complaint, meta) {
      const valid = check.complaint(complaint);
      putAudited(state.complaints, 'complaint', recordKey(valid), valid, meta);
    },
    async listComplaints(filter = {}) {
      const wanted = inList(filter.accountIds);
      return [...state.complaints.values()]
        .filter((row) => wanted(row.accountId))
        .sort(byRecordKey)
        .map(copy);
    },
    async putContract(contract, meta) {
      const valid = check.contract(contract);
      putAudited(state.contracts, 'contract', recordKey(valid), valid, meta);
      return copy(valid);
    },
    async listContracts(filter = {}) {
      const wanted = inList(filter.accountIds);
      const wantedId = inList(filter.ids);
      return [...state.contracts.values()]
        .filter((row) => wanted(row.accountId) && wantedId(row.id))
        .sort(byRecordKey)
        .map(copy);
    },
    async putClaim(claim, meta) {
      const valid = check.claim(claim);
      // A claim changes no figure; the account's move, when it comes, does.
      putAudited(state.claims, 'claim', valid.id, valid, meta, false, (before) =>
        assertClaimSteps(before, valid),
      );
      return copy(valid);
    },
    async listClaims(filter = {}) {
      const wantedId = inList(filter.ids);
      const wantedAccount = inList(filter.accountIds);
      const wantedStatus = inList(filter.statuses);
      const divisions = filter.divisions;
      return [...state.claims.values()]
        .filter(
          (row) =>
            wantedId(row.id) &&
            wantedAccount(row.accountId) &&
            wantedStatus(row.status) &&
            (divisions === undefined ||
              divisions.includes(row.claimantDivision) ||
              divisions.includes(row.holdingDivision)),
        )
        .sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0))
        .map(copy);
    },
    async putUnitPlan(plan, meta) {
      const valid = check.unitPlan(plan);
      // A narrative changes no figure: the month's results stay fresh.
      putAudited(state.unitPlans, 'unit-plan', valid.id, valid, meta, false);
      return copy(valid);
    },
    async listUnitPlans(filter = {}) {
      const division = inList(filter.divisions);
      const period = inList(filter.periods);
      return [...state.unitPlans.values()]
        .filter((row) => division(row.division) && period(row.period))
        .sort(
          (left, right) =>
            compareText(left.period, right.period) || compareText(left.division, right.division),
        )
        .map(copy);
    },
    async putRelationshipPlan(plan, meta) {
      const valid = check.relationshipPlan(plan);
      // A plan changes no stored figure: the month's results stay fresh.
      putAudited(state.relationshipPlans, 'relationship-plan', recordKey(valid), valid, meta, false);
      return copy(valid);
    },
    async listRelationshipPlans(filter = {}) {
      const account = inList(filter.accountIds);
      const half = inList(filter.halfYears);
      return [...state.relationshipPlans.values()]
        .filter((row) => account(row.accountId) && half(row.halfYear))
        .sort(
          (left, right) =>
            compareText(left.halfYear, right.halfYear) || compareText(left.accountId, right.accountId),
        )
        .map(copy);
    },
    async putTask(task, meta) {
      const valid = check.task(task);
      putAudited(state.tasks, 'task', recordKey(valid), valid, meta);
      return copy(valid);
    },
    async listTasks(filter = {}) {
      return [...state.tasks.values()]
        .filter((row) => taskMatches(row, filter))
        .sort(byRecordKey)
        .map(copy);
    },
    async putSurveyResponse(response, meta) {
      const valid = check.surveyResponse(response);
      putAudited(state.surveyResponses, 'survey-response', recordKey(valid), valid, meta);
      return copy(valid);
    },
    async listSurveyResponses(filter = {}) {
      const wanted = inList(filter.accountIds);
      const wantedId = inList(filter.ids);
      return [...state.surveyResponses.values()]
        .filter((row) => wanted(row.accountId) && wantedId(row.id))
        .sort(byRecordKey)
        .map(copy);
    },

    async saveScores(rows, rawMeta = SYSTEM_META) {
      checkStorable(rows, SUBJECTS.score, 'rows');
      const meta = check.meta(rawMeta);
      const at = atOf(meta);
      for (const row of lastByKey(rows, (row) => `${row.accountId}\u0000${row.period}\u0000${row.modelId}`)) {
        setIn(state.scores, `${row.accountId}\u0000${row.period}\u0000${row.modelId}`, copy(row), journal);
        appendAuditEntry(auditOfScore(row, meta, at));
      }
    },
    async listScores(filter) {
      const wanted = inList(filter.accountIds);
      return [...state.scores.values()]
        .filter(
          (row) =>
            wanted(row.accountId) &&
            (filter.period === undefined || row.period === filter.period) &&
            (filter.modelId === undefined || row.modelId === filter.modelId),
        )
        .sort(
          (left, right) =>
            compareText(left.accountId, right.accountId) ||
            compareText(left.period, right.period) ||
            compareText(left.modelId, right.modelId),
        )
        .map(copy);
    },

    async saveTierAssignments(rows, rawMeta = { actor: 'system' }) {
      checkStorable(rows, SUBJECTS.tierAssignment, 'rows');
      const meta = check.meta(rawMeta);
      const batch = lastByKey(rows, (row) => `${row.accountId}\u0000${row.policyId}\u0000${row.period}`);
      const changes = tierChanges(batch, (accountId, policyId) => [
        ...(state.tiers.get(`${accountId}\u0000${policyId}`)?.values() ?? []),
      ]);
      for (const row of batch) {
        const pair = `${row.accountId}\u0000${row.policyId}`;
        let periods = state.tiers.get(pair);
        if (!periods) {
          periods = new Map();
          setIn(state.tiers, pair, periods, journal);
        }
        setIn(periods, row.period, copy(row), journal);
      }
      for (const { row, before } of changes) {
        appendAuditEntry({
          at: meta.at === undefined ? normaliseInstant(row.at, 'rows.at') : atOf(meta),
          actor: meta.actor,
          action: 'tier.change',
          entity: 'tier',
          entityId: row.accountId,
          before: before ? tierAuditValue(before) : null,
          after: tierAuditValue(row),
          reason: meta.reason,
        });
      }
    },
    async tierHistory(accountId, policyId) {
      const out: StoredTierAssignment[] = [];
      for (const periods of state.tiers.values()) {
        for (const row of periods.values()) {
          if (row.accountId === accountId && (policyId === undefined || row.policyId === policyId)) {
            out.push(copy(row));
          }
        }
      }
      return out.sort(
        (left, right) => compareText(left.period, right.period) || compareText(left.policyId, right.policyId),
      );
    },
    async listTierAssignments(filter) {
      const out: StoredTierAssignment[] = [];
      for (const periods of state.tiers.values()) {
        for (const row of periods.values()) {
          if (filter.period !== undefined && row.period !== filter.period) continue;
          if (filter.policyId !== undefined && row.policyId !== filter.policyId) continue;
          out.push(copy(row));
        }
      }
      return out.sort(
        (left, right) =>
          compareText(left.accountId, right.accountId) ||
          compareText(left.period, right.period) ||
          compareText(left.policyId, right.policyId),
      );
    },
    async putOverride(override, meta) {
      const valid = check.override(override);
      putAudited(state.overrides, 'override', recordKey(valid), valid, meta);
    },
    async listOverrides(filter = {}) {
      return [...state.overrides.values()]
        .filter(
          (row) =>
            (filter.accountId === undefined || row.accountId === filter.accountId) &&
            (filter.policyId === undefined || row.policyId === filter.policyId),
        )
        .sort(byRecordKey)
        .map(copy);
    },
    async saveAlerts(rows, meta = SYSTEM_META) {
      checkStorable(rows, SUBJECTS.alert, 'rows');
      for (const row of lastByKey(rows, (row) => row.id))
        putAudited(state.alerts, 'alert', row.id, row, meta, false);
    },
    async listAlerts(filter = {}) {
      const wanted = inList(filter.accountIds);
      const wantedId = inList(filter.ids);
      return [...state.alerts.values()]
        .filter(
          (row) =>
            wanted(row.accountId) &&
            wantedId(row.id) &&
            (filter.status === undefined || row.status === filter.status),
        )
        .sort((left, right) => Date.parse(left.createdAt) - Date.parse(right.createdAt) || byId(left, right))
        .map(copy);
    },

    async getDialog(key) {
      const entry = state.dialogs.get(key);
      if (!entry || entry.expiresAt <= clock().getTime()) return undefined;
      return copy(entry.value);
    },
    async putDialog(key, value, expiresAt) {
      const expires = Date.parse(normaliseInstant(expiresAt, 'expiresAt'));
      setIn(state.dialogs, key, { value: copy(value ?? null), expiresAt: expires }, journal);
    },
    async deleteDialog(key) {
      deleteIn(state.dialogs, key, journal);
    },
    async claimIdempotencyKey(key, expiresAt) {
      const expires = Date.parse(normaliseInstant(expiresAt, 'expiresAt'));
      const held = state.idempotency.get(key);
      if (held !== undefined && held > clock().getTime()) return false;
      setIn(state.idempotency, key, expires, journal);
      return true;
    },

    async appendAudit(entry) {
      if (typeof entry.actor !== 'string' || entry.actor.trim() === '') check.meta(entry);
      checkStorable(entry, SUBJECTS.audit);
      const at = entry.at === undefined ? now() : normaliseInstant(entry.at);
      return appendAuditEntry({ ...entry, at });
    },
    async listAudit(filter: AuditFilter = {}) {
      const since =
        filter.since === undefined ? undefined : Date.parse(normaliseInstant(filter.since, 'since'));
      const until =
        filter.until === undefined ? undefined : Date.parse(normaliseInstant(filter.until, 'until'));
      const out: AuditEntry[] = [];
      const entries = filter.order === 'desc' ? [...state.audit].reverse() : state.audit;
      for (const entry of entries) {
        if (filter.actor !== undefined && entry.actor !== filter.actor) continue;
        if (filter.action !== undefined && entry.action !== filter.action) continue;
        if (filter.entity !== undefined && entry.entity !== filter.entity) continue;
        if (filter.entityId !== undefined && entry.entityId !== filter.entityId) continue;
        const time = Date.parse(entry.at);
        if (since !== undefined && time < since) continue;
        if (until !== undefined && time > until) continue;
        out.push(copy(entry));
        if (filter.limit !== undefined && out.length >= filter.limit) break;
      }
      return out;
    },
  };
  return store;
}
