/**
 * The store conformance suite: identical cases run on every adapter (memory,
 * PGlite, a PostgreSQL server). An adapter that passes behaves the same as
 * the others for every caller. Test-only: imported by `store/*.test.ts`.
 *
 * @module
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Account, AccountSchema } from '../domain/account.js';
import { type Complaint, ComplaintSchema } from '../domain/complaint.js';
import { type Contact, ContactSchema } from '../domain/contact.js';
import { type Interaction, InteractionSchema } from '../domain/interaction.js';
import type { Payment } from '../domain/payment.js';
import type { Transaction } from '../domain/transaction.js';
import { type User, UserSchema } from '../domain/user.js';
import { isKamError } from '../errors/index.js';
import { aggregateTransactions, type MonthlyAggregate } from '../metrics/aggregate.js';
import { aggregateColumnsOf } from '../metrics/aggregate-columns.js';
import {
  decideRelationshipPlan,
  submitRelationshipPlan,
  writeRelationshipPlan,
} from '../relationship-plans/relationship-plan.js';
import { addMonths, dayNumber } from '../time/calendar.js';
import type { MigrationReport } from './migrations.js';
import type {
  AuditEntry,
  MonthlyPaymentTotal,
  Store,
  StoredAlert,
  StoredScore,
  StoredTierAssignment,
  TierOverride,
} from './port.js';
import { compareMonthFirst, recordKey } from './records.js';

/** What the suite needs from an adapter's test file. */

/** A date `YYYY-MM-DD` from November 2025 to March 2026 (the property tests' span, across a year end). */
const winterDate = fc
  .date({ min: new Date('2025-11-01T00:00:00Z'), max: new Date('2026-03-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

export interface ConformanceOptions {
  /** Re-apply migrations to the database of the most recent store (PostgreSQL adapters). */
  migrateAgain?: () => Promise<MigrationReport>;
  /** fast-check runs of the aggregation property (default 50). */
  propertyRuns?: number;
}

/** The suite's clock, moved by the cases. */
interface TestClock {
  now: Date;
  readonly clock: () => Date;
}

const START = '2026-10-15T08:00:00.000Z';

function account(id: string, overrides: Partial<Account> = {}): Account {
  return AccountSchema.parse({
    id,
    name: `${id} 集团`,
    division: 'east',
    ownerA: 'u-li',
    ownerB: 'u-wang',
    flags: ['agreement'],
    attributes: { headcount: 1200, listed: true, note: null },
    ...overrides,
  });
}

const user = (id: string, overrides: Partial<User> = {}): User =>
  UserSchema.parse({ id, name: `用户 ${id}`, role: 'account-manager', division: 'east', ...overrides });

const transaction = (
  id: string,
  accountId: string,
  date: string,
  amountFen: number,
  extra: Partial<Transaction> = {},
) => ({ id, accountId, date, amountFen, category: 'general', ...extra }) as Transaction;

function sortAggregates(rows: MonthlyAggregate[]): MonthlyAggregate[] {
  const key = (row: MonthlyAggregate) => `${row.accountId}\u0000${row.month}\u0000${row.category}`;
  return [...rows].sort((left, right) => (key(left) < key(right) ? -1 : key(left) > key(right) ? 1 : 0));
}

/**
 * Register the conformance cases for one adapter.
 *
 * @param name - shown in the test report, e.g. `memory` or `PGlite`.
 * @param makeStore - a fresh, empty store that uses the given clock.
 * @example
 * ```ts
 * describeStoreConformance('memory', async ({ clock }) => createMemoryStore({ clock }));
 * ```
 */
export function describeStoreConformance(
  name: string,
  makeStore: (options: { clock: () => Date }) => Promise<Store>,
  options: ConformanceOptions = {},
): void {
  describe(`Store conformance: ${name}`, () => {
    const time: TestClock = {
      now: new Date(START),
      clock: () => time.now,
    };
    let store: Store;

    beforeEach(async () => {
      time.now = new Date(START);
      store = await makeStore({ clock: time.clock });
    }, 60_000);
    afterEach(async () => {
      await store.close();
    });

    describe('round-trips', () => {
      it('keys records under an account by account and id: the same id under two accounts names two records', async () => {
        const meta = { actor: 'u-li' };
        for (const accountId of ['a-corp', 'b-corp']) {
          await store.putContact({ id: 'same', accountId, name: `联系人 ${accountId}` }, meta);
          await store.putComplaint(
            {
              id: 'same',
              accountId,
              channel: 'phone',
              summary: accountId,
              receivedAt: '2026-10-01T00:00:00Z',
            },
            meta,
          );
          await store.putOverride(
            {
              id: 'same',
              accountId,
              policyId: 'p',
              tier: 'A',
              reason: accountId,
              expiresOn: null,
              author: 'u-li',
              createdAt: '2026-10-01T00:00:00.000Z',
            },
            meta,
          );
          expect(
            await store.insertTransactions(
              [{ id: 'same', accountId, date: '2026-10-02', amountFen: 100, category: 'general' }],
              meta,
            ),
          ).toEqual({ inserted: 1, skipped: 0 });
          expect(
            await store.insertPayments([{ id: 'same', accountId, date: '2026-10-03', amountFen: 100 }], meta),
          ).toEqual({ inserted: 1, skipped: 0 });
          expect(
            await store.insertInteractions(
              [
                {
                  id: 'same',
                  accountId,
                  at: '2026-10-01T00:00:00.000Z',
                  kind: 'call',
                  userId: 'u-li',
                  actorLevel: 'specialist',
                },
              ],
              meta,
            ),
          ).toEqual({ inserted: 1, skipped: 0 });
        }
        expect(await store.putContacts([{ id: 'same', accountId: 'a-corp', name: '改名' }], meta)).toEqual({
          inserted: 0,
          updated: 1,
          unchanged: 0,
        });
        expect((await store.listContacts()).map((row) => [row.accountId, row.name])).toEqual([
          ['a-corp', '改名'],
          ['b-corp', '联系人 b-corp'],
        ]);
        expect((await store.listComplaints()).map((row) => row.summary)).toEqual(['a-corp', 'b-corp']);
        expect((await store.listOverrides()).map((row) => row.reason)).toEqual(['a-corp', 'b-corp']);
        expect((await store.listPayments()).map((row) => row.accountId)).toEqual(['a-corp', 'b-corp']);
        expect((await store.listInteractions()).map((row) => row.accountId)).toEqual(['a-corp', 'b-corp']);
        expect((await store.aggregate()).map((row) => [row.accountId, row.revenueFen])).toEqual([
          ['a-corp', 100],
          ['b-corp', 100],
        ]);
        // A re-run of the same rows is skipped per account.
        expect(
          await store.insertTransactions(
            [{ id: 'same', accountId: 'b-corp', date: '2026-10-02', amountFen: 100, category: 'general' }],
            meta,
          ),
        ).toEqual({ inserted: 0, skipped: 1 });
      });

      it('users', async () => {
        await store.putUser(user('u-li'), { actor: 'admin' });
        await store.putUser(user('u-an', { role: 'division-head', email: 'an@example.com' }), {
          actor: 'admin',
        });
        expect(await store.getUser('u-an')).toEqual(
          user('u-an', { role: 'division-head', email: 'an@example.com' }),
        );
        expect(await store.getUser('nobody')).toBeUndefined();
        expect((await store.listUsers()).map((row) => row.id)).toEqual(['u-an', 'u-li']);
      });

      it('accounts, with filters and count', async () => {
        await store.putAccount(account('b-corp', { division: 'west', ownerA: 'u-zhao', ownerB: null }), {
          actor: 'u-zhao',
        });
        await store.putAccount(account('a-corp'), { actor: 'u-li' });
        await store.putAccount(account('c-corp', { ownerA: 'u-zhao', ownerB: 'u-li', parentId: 'a-corp' }), {
          actor: 'u-li',
        });
        expect(await store.getAccount('a-corp')).toEqual(account('a-corp'));
        expect(await store.getAccount('missing')).toBeUndefined();
        expect(await store.countAccounts()).toBe(3);
        const ids = async (filter: Parameters<Store['listAccounts']>[0]) =>
          (await store.listAccounts(filter)).map((row) => row.id);
        expect(await ids(undefined)).toEqual(['a-corp', 'b-corp', 'c-corp']);
        expect(await ids({ division: 'east' })).toEqual(['a-corp', 'c-corp']);
        expect(await ids({ ownerId: 'u-zhao' })).toEqual(['b-corp', 'c-corp']);
        expect(await ids({ ownerId: 'u-li', division: 'east' })).toEqual(['a-corp', 'c-corp']);
        expect(await ids({ ids: ['c-corp', 'zzz', 'b-corp'] })).toEqual(['b-corp', 'c-corp']);
        expect(await ids({ ids: [] })).toEqual([]);
      });

      it('contacts', async () => {
        const contact: Contact = ContactSchema.parse({
          id: 'k2',
          accountId: 'a-corp',
          name: '张总',
          role: 'decision-maker',
          level: 'executive',
          stage: 'trust',
          email: 'zhang@example.com',
          birthday: '1968-09-12',
        });
        await store.putContact(contact, { actor: 'u-li' });
        await store.putContact(ContactSchema.parse({ id: 'k1', accountId: 'a-corp', name: '李经理' }), {
          actor: 'u-li',
        });
        await store.putContact(ContactSchema.parse({ id: 'k3', accountId: 'b-corp', name: '王' }), {
          actor: 'u-li',
        });
        const listed = await store.listContacts('a-corp');
        expect(listed.map((row) => row.id)).toEqual(['k1', 'k2']);
        expect(listed[1]).toEqual(contact);
        expect(await store.listContacts('no-such-account')).toEqual([]);
        // Without an account id: every contact in one read, by account, then id.
        await store.putContact(ContactSchema.parse({ id: 'k0', accountId: 'b-corp', name: '赵' }), {
          actor: 'u-li',
        });
        const all = await store.listContacts();
        expect(all.map((row) => `${row.accountId}/${row.id}`)).toEqual([
          'a-corp/k1',
          'a-corp/k2',
          'b-corp/k0',
          'b-corp/k3',
        ]);
        expect(all[1]).toEqual(contact);
      });

      it('interactions, filtered by account and time, duplicates skipped', async () => {
        const rows: Interaction[] = [
          InteractionSchema.parse({
            id: 'i2',
            accountId: 'a',
            kind: 'visit',
            at: '2026-10-02T09:00:00+08:00',
            userId: 'u-li',
          }),
          InteractionSchema.parse({
            id: 'i1',
            accountId: 'a',
            kind: 'call',
            at: '2026-09-01T01:00:00Z',
            userId: 'u-li',
            note: '回访',
          }),
          InteractionSchema.parse({
            id: 'i3',
            accountId: 'b',
            kind: 'email',
            at: '2026-10-03T00:00:00Z',
            userId: 'u-wang',
          }),
        ];
        expect(await store.insertInteractions(rows)).toEqual({ inserted: 3, skipped: 0 });
        expect(await store.insertInteractions([rows[0] as Interaction])).toEqual({ inserted: 0, skipped: 1 });
        expect((await store.listInteractions()).map((row) => row.id)).toEqual(['i1', 'i2', 'i3']);
        expect(await store.listInteractions({ accountIds: ['a'], since: '2026-10-01T00:00:00Z' })).toEqual([
          rows[0],
        ]);
      });

      it('complaints', async () => {
        const complaint: Complaint = ComplaintSchema.parse({
          id: 'c1',
          accountId: 'a',
          channel: 'phone',
          summary: '航班延误未通知',
          receivedAt: '2026-10-01T02:00:00Z',
          assignedTo: 'u-li',
          assignedAt: '2026-10-01T03:00:00Z',
        });
        await store.putComplaint(complaint, { actor: 'u-li' });
        await store.putComplaint(
          ComplaintSchema.parse({
            id: 'c2',
            accountId: 'b',
            channel: 'letter',
            summary: '发票',
            receivedAt: START,
          }),
          { actor: 'u-li' },
        );
        expect(await store.listComplaints({ accountIds: ['a'] })).toEqual([complaint]);
        expect((await store.listComplaints()).map((row) => row.id)).toEqual(['c1', 'c2']);
      });

      it('contracts: defaults applied, filtered by account and id, audited, bad input refused', async () => {
        const stored = await store.putContract(
          {
            id: 'k1',
            accountId: 'a',
            parties: ['甲方集团', '我方'],
            type: 'framework',
            scope: 'national',
            startDate: '2026-01-01',
            endDate: '2026-12-31',
            committedFen: 100_000_00,
            actualFen: 40_000_00,
          },
          { actor: 'u-li' },
        );
        expect(stored).toMatchObject({ renewal: 'manual', noticeDays: 30, status: 'active' });
        await store.putContract(
          { ...stored, id: 'k2', accountId: 'b', scope: 'regional', renewal: 'auto' },
          { actor: 'u-li' },
        );
        expect(await store.listContracts({ accountIds: ['a'] })).toEqual([stored]);
        expect((await store.listContracts({ ids: ['k2'] })).map((row) => row.accountId)).toEqual(['b']);
        expect((await store.listContracts()).map((row) => row.id)).toEqual(['k1', 'k2']);
        await store.putContract({ ...stored, endDate: '2027-12-31' }, { actor: 'u-wang', reason: 'renewed' });
        const audit = await store.listAudit({ entity: 'contract', entityId: 'k1' });
        expect(audit.map((entry) => `${entry.action} by ${entry.actor}`)).toEqual([
          'contract.create by u-li',
          'contract.update by u-wang',
        ]);
        await expect(
          store.putContract({ ...stored, id: 'k3', endDate: '2025-12-31' }, { actor: 'u-li' }),
        ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
        expect((await store.listContracts()).map((row) => row.id)).toEqual(['k1', 'k2']);
      });

      it('unit narratives: keyed by division and month, filtered, audited, bad input refused', async () => {
        const plan = {
          id: '华东|2026-10',
          division: '华东',
          period: '2026-10',
          wentWell: '重点客户走访全覆盖',
          updatedBy: 'u-li',
          updatedAt: '2026-11-20T02:00:00.000Z',
        };
        expect(await store.putUnitPlan(plan, { actor: 'u-li' })).toEqual(plan);
        await store.putUnitPlan(
          { ...plan, id: '华北|2026-10', division: '华北', nextPlan: '续签三份合同' },
          { actor: 'u-wang' },
        );
        await store.putUnitPlan({ ...plan, id: '华东|2026-09', period: '2026-09' }, { actor: 'u-li' });
        // By month, then division (code-point order: 东 U+4E1C before 北 U+5317).
        expect((await store.listUnitPlans()).map((row) => row.id)).toEqual([
          '华东|2026-09',
          '华东|2026-10',
          '华北|2026-10',
        ]);
        expect(await store.listUnitPlans({ divisions: ['华东'], periods: ['2026-10'] })).toEqual([plan]);
        const edited = { ...plan, nextPlan: '走访全部白金客户' };
        await store.putUnitPlan(edited, { actor: 'u-li', reason: 'plan added' });
        expect(await store.listUnitPlans({ divisions: ['华东'], periods: ['2026-10'] })).toEqual([edited]);
        const audit = await store.listAudit({ entity: 'unit-plan', entityId: '华东|2026-10' });
        expect(audit.map((entry) => `${entry.action} by ${entry.actor}`)).toEqual([
          'unit-plan.create by u-li',
          'unit-plan.update by u-li',
        ]);
        expect(audit[1]?.after).toEqual(edited);
        await expect(
          store.putUnitPlan(
            { ...plan, id: '华南|2026-10', division: '华南', wentWell: undefined },
            { actor: 'u-li' },
          ),
        ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
        await expect(
          store.putUnitPlan({ ...plan, id: 'wrong', division: '华南' }, { actor: 'u-li' }),
        ).rejects.toMatchObject({ code: 'INVALID_INPUT', path: 'id' });
        expect(await store.listUnitPlans({ divisions: ['华南'] })).toEqual([]);
      });

      it('claims: keyed by id, filtered by account, either division and status, audited, bad input refused', async () => {
        const claim = {
          id: 'CL-2',
          accountId: 'a',
          claimantDivision: '华北',
          holdingDivision: '华东',
          reason: '合作协议由华北签订',
          contractId: 'K-9',
          status: 'open' as const,
          filedBy: 'u-wang',
          filedAt: '2026-11-02T02:00:00.000Z',
        };
        expect(await store.putClaim(claim, { actor: 'u-wang' })).toEqual(claim);
        await store.putClaim(
          { ...claim, id: 'CL-1', accountId: 'b', claimantDivision: '华南', contractId: undefined },
          { actor: 'u-zhao' },
        );
        expect((await store.listClaims()).map((row) => row.id)).toEqual(['CL-1', 'CL-2']);
        expect((await store.listClaims({ divisions: ['华北'] })).map((row) => row.id)).toEqual(['CL-2']);
        expect((await store.listClaims({ divisions: ['华东'] })).map((row) => row.id)).toEqual([
          'CL-1',
          'CL-2',
        ]);
        expect(await store.listClaims({ accountIds: ['a'], statuses: ['open'] })).toEqual([claim]);
        const contested = {
          ...claim,
          status: 'contested' as const,
          answer: { by: 'u-li', at: '2026-11-03T02:00:00.000Z', note: '协议由华东续签', accept: false },
        };
        await store.putClaim(contested, { actor: 'u-li', reason: '协议由华东续签' });
        expect(await store.listClaims({ statuses: ['open'] })).toHaveLength(1);
        expect(await store.listClaims({ statuses: ['contested'] })).toEqual([contested]);
        const audit = await store.listAudit({ entity: 'claim', entityId: 'CL-2' });
        expect(audit.map((entry) => `${entry.action} by ${entry.actor}`)).toEqual([
          'claim.create by u-wang',
          'claim.update by u-li',
        ]);
        // A status without its answer, and a claim on one's own division, are refused and store nothing.
        await expect(
          store.putClaim({ ...claim, id: 'CL-3', status: 'accepted' }, { actor: 'u-li' }),
        ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
        await expect(
          store.putClaim({ ...claim, id: 'CL-4', claimantDivision: '华东' }, { actor: 'u-li' }),
        ).rejects.toMatchObject({ code: 'INVALID_INPUT', path: 'claimantDivision' });
        expect((await store.listClaims()).map((row) => row.id)).toEqual(['CL-1', 'CL-2']);
      });

      it('relationship plans: keyed by account and half-year, filtered, every revision audited, bad input refused', async () => {
        const at = '2026-01-05T02:00:00.000Z';
        const draft = writeRelationshipPlan(
          undefined,
          { accountId: 'a', halfYear: '2026-H1', goals: '张总（决策人）：从兴趣到信赖', actions: '每月拜访' },
          { by: 'u-li', at },
        );
        expect(await store.putRelationshipPlan(draft, { actor: 'u-li' })).toEqual(draft);
        await store.putRelationshipPlan(
          writeRelationshipPlan(
            undefined,
            { accountId: 'b', halfYear: '2026-H1', goals: '建立联系' },
            { by: 'u-wang', at },
          ),
          { actor: 'u-wang' },
        );
        await store.putRelationshipPlan(
          writeRelationshipPlan(
            undefined,
            { accountId: 'a', halfYear: '2025-H2', goals: '认识采购部' },
            { by: 'u-li', at },
          ),
          { actor: 'u-li' },
        );
        // By half-year, then account; the same id under another account is another plan.
        expect((await store.listRelationshipPlans()).map((row) => row.id)).toEqual([
          'a|2025-H2',
          'a|2026-H1',
          'b|2026-H1',
        ]);
        expect(await store.listRelationshipPlans({ accountIds: ['a'], halfYears: ['2026-H1'] })).toEqual([
          draft,
        ]);
        const submitted = submitRelationshipPlan(draft, { by: 'u-li', at });
        await store.putRelationshipPlan(submitted, { actor: 'u-li' });
        const approved = decideRelationshipPlan(submitted, { decision: 'approve' }, { by: 'u-wang', at });
        await store.putRelationshipPlan(approved, { actor: 'u-wang' });
        expect(await store.listRelationshipPlans({ accountIds: ['a'], halfYears: ['2026-H1'] })).toEqual([
          approved,
        ]);
        const audit = await store.listAudit({ entity: 'relationship-plan', entityId: 'a|2026-H1' });
        expect(audit.map((entry) => `${entry.action} by ${entry.actor}`)).toEqual([
          'relationship-plan.create by u-li',
          'relationship-plan.update by u-li',
          'relationship-plan.update by u-wang',
        ]);
        expect(audit[2]?.before).toEqual(submitted);
        await expect(
          store.putRelationshipPlan(
            { ...draft, id: 'c|2026-H1', accountId: 'c', goals: undefined, actions: undefined },
            { actor: 'u-li' },
          ),
        ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
        await expect(
          store.putRelationshipPlan({ ...draft, id: 'wrong', accountId: 'c' }, { actor: 'u-li' }),
        ).rejects.toMatchObject({ code: 'INVALID_INPUT', path: 'id' });
        expect(await store.listRelationshipPlans({ accountIds: ['c'] })).toEqual([]);
      });

      it('tasks: defaults applied, filtered by id, account, assignee, status and plan week, audited, bad input refused', async () => {
        const base = {
          accountId: 'a',
          assigneeId: 'u-li',
          assignedBy: 'u-wang',
          title: '拜访财务总监',
          dueDate: '2026-10-20',
          createdAt: '2026-10-15T08:00:00.000Z',
        };
        const stored = await store.putTask({ ...base, id: 't1' }, { actor: 'u-wang' });
        expect(stored).toMatchObject({ kind: 'visit', status: 'open' });
        await store.putTask(
          { ...base, id: 't2', accountId: 'b', assigneeId: 'u-zhao', kind: 'call' },
          { actor: 'u-wang' },
        );
        const plan = await store.putTask(
          { ...base, id: 't3', assignedBy: 'u-li', planWeek: '2026-10-19', review: { status: 'pending' } },
          { actor: 'u-li' },
        );
        // The same id under another account is another task.
        await store.putTask({ ...base, id: 't1', accountId: 'b' }, { actor: 'u-wang' });
        expect(await store.listTasks({ ids: ['t1'], accountIds: ['a'] })).toEqual([stored]);
        expect((await store.listTasks({ ids: ['t1'] })).map((row) => row.accountId)).toEqual(['a', 'b']);
        expect((await store.listTasks({ assigneeIds: ['u-zhao'] })).map((row) => row.id)).toEqual(['t2']);
        expect(await store.listTasks({ planWeek: '2026-10-19' })).toEqual([plan]);
        await store.putTask(
          { ...stored, status: 'done', doneAt: '2026-10-20T02:00:00.000Z', interactionId: 'task:t1' },
          { actor: 'u-li' },
        );
        expect(
          (await store.listTasks({ status: 'open' })).map((row) => `${row.id}@${row.accountId}`),
        ).toEqual(['t1@b', 't2@b', 't3@a']);
        expect((await store.listTasks({ status: 'done' })).map((row) => row.interactionId)).toEqual([
          'task:t1',
        ]);
        const audit = await store.listAudit({ entity: 'task', entityId: 't1' });
        expect(audit.map((entry) => `${entry.action} by ${entry.actor}`)).toEqual([
          'task.create by u-wang',
          'task.create by u-wang',
          'task.update by u-li',
        ]);
        await expect(
          store.putTask({ ...base, id: 't4', status: 'done' }, { actor: 'u-li' }),
        ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
        await expect(
          store.putTask({ ...base, id: 't5', planWeek: '2026-10-20' }, { actor: 'u-li' }),
        ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
        expect((await store.listTasks()).map((row) => row.id)).toEqual(['t1', 't1', 't2', 't3']);
      });
      it('survey responses: filtered by account and id, audited, keyed per account, bad input refused', async () => {
        const stored = await store.putSurveyResponse(
          {
            id: 'r1',
            accountId: 'a',
            contactId: 'c-zhang',
            surveyId: 'standard',
            answers: { overall: 5, service: 4 },
            channel: 'chat',
            respondedAt: '2026-10-12T02:00:00.000Z',
            recordedBy: 'u-li',
          },
          { actor: 'u-li' },
        );
        expect(stored.answers).toEqual({ overall: 5, service: 4 });
        // The same id under another account is another response.
        await store.putSurveyResponse({ ...stored, accountId: 'b', channel: 'link' }, { actor: 'u-li' });
        await store.putSurveyResponse({ ...stored, id: 'r2', channel: 'import' }, { actor: 'u-li' });
        expect((await store.listSurveyResponses({ accountIds: ['a'] })).map((row) => row.id)).toEqual([
          'r1',
          'r2',
        ]);
        expect(
          (await store.listSurveyResponses({ ids: ['r1'] })).map((row) => `${row.accountId}:${row.channel}`),
        ).toEqual(['a:chat', 'b:link']);
        await store.putSurveyResponse(
          { ...stored, answers: { overall: 3 } },
          { actor: 'u-wang', reason: 'corrected' },
        );
        const audit = await store.listAudit({ entity: 'survey-response', entityId: 'r1' });
        expect(audit.map((entry) => `${entry.action} by ${entry.actor}`)).toEqual([
          'survey-response.create by u-li',
          'survey-response.create by u-li',
          'survey-response.update by u-wang',
        ]);
        await expect(
          store.putSurveyResponse({ ...stored, id: 'r3', answers: {} }, { actor: 'u-li' }),
        ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
        await expect(
          store.putSurveyResponse({ ...stored, id: 'r3', channel: 'fax' as never }, { actor: 'u-li' }),
        ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
        expect(await store.listSurveyResponses()).toHaveLength(3);
      });
      it('reads an account with its contacts and survey responses in one call, as the three reads return them', async () => {
        const meta = { actor: 'u-li' };
        for (const id of ['a', 'b'])
          await store.putAccount(AccountSchema.parse({ id, name: `客户${id}`, division: '华北' }), meta);
        expect(await store.getAccountRecords('a')).toEqual({
          account: await store.getAccount('a'),
          contacts: [],
          surveyResponses: [],
        });
        for (const id of ['k2', 'k1'])
          await store.putContact(
            ContactSchema.parse({ id, accountId: 'a', name: `联系人${id}`, role: 'decision-maker' }),
            meta,
          );
        await store.putContact(ContactSchema.parse({ id: 'k9', accountId: 'b', name: '王' }), meta);
        const response = {
          accountId: 'a',
          surveyId: 'standard',
          answers: { overall: 5 },
          channel: 'chat' as const,
          respondedAt: '2026-10-12T02:00:00.000Z',
          recordedBy: 'u-li',
        };
        for (const id of ['r2', 'r1']) await store.putSurveyResponse({ ...response, id }, meta);
        await store.putSurveyResponse({ ...response, id: 'r1', accountId: 'b' }, meta);
        const records = await store.getAccountRecords('a');
        expect(records).toEqual({
          account: await store.getAccount('a'),
          contacts: await store.listContacts('a'),
          surveyResponses: await store.listSurveyResponses({ accountIds: ['a'] }),
        });
        expect(records?.contacts.map((row) => row.id)).toEqual(['k1', 'k2']);
        expect(records?.surveyResponses.map((row) => `${row.accountId}/${row.id}`)).toEqual(['a/r1', 'a/r2']);
        // Contacts or responses filed under an account id that is not stored: no account, no records.
        await store.putContact(ContactSchema.parse({ id: 'k5', accountId: 'gone', name: '赵' }), meta);
        expect(await store.getAccountRecords('gone')).toBeUndefined();
      });

      it('scores, replaced by account × period × model', async () => {
        const score = (accountId: string, period: string, value: number): StoredScore => ({
          accountId,
          period,
          modelId: 'contribution',
          score: value,
          factors: { profit: { value: 0.4, weight: 0.5 }, growth: [1, 2] },
          at: START,
        });
        await store.saveScores([
          score('a', '2026-09', 70),
          score('b', '2026-09', 55),
          score('a', '2026-10', 71),
        ]);
        await store.saveScores([score('a', '2026-10', 72.5), score('a', '2026-10', 73.25)]);
        expect(await store.listScores({ period: '2026-10' })).toEqual([score('a', '2026-10', 73.25)]);
        expect((await store.listScores({ accountIds: ['a'] })).map((row) => row.score)).toEqual([70, 73.25]);
        expect(await store.listScores({ modelId: 'other' })).toEqual([]);
      });

      it('tier assignments and history', async () => {
        const tier = (accountId: string, period: string, value: string | null): StoredTierAssignment => ({
          accountId,
          period,
          policyId: 'retail',
          tier: value,
          explanation: { rule: 'ladder', figure: 150_000_000 },
          at: `${period}-28T00:00:00.000Z`,
        });
        await store.saveTierAssignments([
          tier('a', '2026-09', 'B'),
          tier('a', '2026-10', 'A'),
          tier('b', '2026-10', null),
        ]);
        await store.saveTierAssignments([{ ...tier('a', '2026-08', 'C'), policyId: 'postal' }]);
        expect(await store.tierHistory('a', 'retail')).toEqual([
          tier('a', '2026-09', 'B'),
          tier('a', '2026-10', 'A'),
        ]);
        expect((await store.tierHistory('a')).map((row) => `${row.period}/${row.policyId}`)).toEqual([
          '2026-08/postal',
          '2026-09/retail',
          '2026-10/retail',
        ]);
        expect(await store.listTierAssignments({ period: '2026-10', policyId: 'retail' })).toEqual([
          tier('a', '2026-10', 'A'),
          tier('b', '2026-10', null),
        ]);
      });

      it('overrides', async () => {
        const override: TierOverride = {
          id: 'o1',
          accountId: 'a',
          policyId: 'retail',
          tier: 'A',
          reason: '战略客户',
          author: 'u-an',
          createdAt: START,
          expiresOn: '2026-12-31',
        };
        await store.putOverride(override, { actor: 'u-an', reason: '战略客户' });
        await store.putOverride(
          { ...override, id: 'o2', accountId: 'b', expiresOn: null },
          { actor: 'u-an' },
        );
        expect(await store.listOverrides({ accountId: 'a' })).toEqual([override]);
        expect((await store.listOverrides({ policyId: 'retail' })).map((row) => row.id)).toEqual([
          'o1',
          'o2',
        ]);
      });

      it('alerts, updated by id and filtered by status', async () => {
        const alert = (id: string, status: StoredAlert['status'], createdAt: string): StoredAlert => ({
          id,
          accountId: 'a',
          kind: 'fluctuation',
          period: '2026-10',
          status,
          figures: { previous: 10_000_000, current: 6_900_000, change: -0.31 },
          createdAt,
        });
        await store.saveAlerts([
          alert('x2', 'open', '2026-10-02T00:00:00Z'),
          alert('x1', 'open', '2026-10-01T00:00:00Z'),
        ]);
        await store.saveAlerts([alert('x2', 'acknowledged', '2026-10-02T00:00:00Z')]);
        expect((await store.listAlerts()).map((row) => `${row.id}:${row.status}`)).toEqual([
          'x1:open',
          'x2:acknowledged',
        ]);
        expect(await store.listAlerts({ status: 'open', accountIds: ['a'] })).toEqual([
          alert('x1', 'open', '2026-10-01T00:00:00Z'),
        ]);
        expect((await store.listAlerts({ ids: ['x2', 'zz'] })).map((row) => row.id)).toEqual(['x2']);
        // The work-item fields travel with the alert.
        const explained: StoredAlert = {
          ...alert('x1', 'explained', '2026-10-01T00:00:00Z'),
          monitorId: 'fluctuation',
          severity: 'warning',
          message: { 'zh-CN': '波动', en: 'swing' },
          assignee: 'u-1',
          cause: 'price',
          note: '竞争对手降价',
          updatedBy: 'u-1',
          updatedAt: '2026-10-03T00:00:00.000Z',
        };
        await store.saveAlerts([explained]);
        expect(await store.listAlerts({ ids: ['x1'], status: 'explained' })).toEqual([explained]);
      });

      it('dialog state, replaced and deleted', async () => {
        await store.putDialog(
          'slack:T1:U1',
          { step: 'ask-account', draft: { name: '华东' } },
          '2026-10-15T09:00:00Z',
        );
        await store.putDialog('slack:T1:U1', { step: 'confirm' }, '2026-10-15T09:00:00Z');
        expect(await store.getDialog('slack:T1:U1')).toEqual({ step: 'confirm' });
        await store.deleteDialog('slack:T1:U1');
        await store.deleteDialog('slack:T1:U1');
        expect(await store.getDialog('slack:T1:U1')).toBeUndefined();
        await store.putDialog('empty', null, '2026-10-15T09:00:00Z');
        expect(await store.getDialog('empty')).toBeNull();
      });

      it('returned records are copies', async () => {
        await store.putAccount(account('a'), { actor: 'u-li' });
        const read = await store.getAccount('a');
        (read as Account).flags.push('changed');
        expect((await store.getAccount('a'))?.flags).toEqual(['agreement']);
      });

      it('rejects an invalid record with a KamError naming the field, and stores nothing', async () => {
        const bad = { ...account('a'), division: '' };
        const error = await store.putAccount(bad, { actor: 'u-li' }).catch((caught: unknown) => caught);
        expect(isKamError(error) && error.code).toBe('INVALID_INPUT');
        expect(isKamError(error) && error.path).toBe('division');
        const badRow = await store
          .insertTransactions([
            transaction('t1', 'a', '2026-10-01', 100),
            transaction('t2', 'a', '2026-13-01', 100),
          ])
          .catch((caught: unknown) => caught);
        expect(isKamError(badRow) && badRow.path).toBe('rows[1].date');
        expect(await store.countAccounts()).toBe(0);
        expect(await store.aggregate()).toEqual([]);
      });
    });

    describe('long lists', () => {
      // More rows than one statement of in-process PGlite reads (5,000): the lists come back
      // whole, in the port's order, also where many rows share the first sort key.
      const size = 12_001;
      const ids = Array.from(
        { length: size },
        (_, index) => `a${String((index * 7_919) % size).padStart(5, '0')}`,
      );
      const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

      it('every account and every alert, in order, across several reads', async () => {
        await store.putAccounts(
          ids.map((id, index) => account(id, { division: index % 3 === 0 ? 'west' : 'east' })),
          { actor: 'u-li' },
        );
        expect((await store.listAccounts()).map((row) => row.id)).toEqual([...ids].sort(byCodePoint));
        expect((await store.listAccounts({ division: 'west' })).map((row) => row.id)).toEqual(
          ids.filter((_, index) => index % 3 === 0).sort(byCodePoint),
        );
        // Three creation instants for 12,001 alerts: the order within one instant is the id's.
        const created = ['2026-10-01T08:00:00.000Z', '2026-10-01T08:00:00.001Z', '2026-11-01T00:00:00.000Z'];
        const alerts = ids.map(
          (id, index): StoredAlert => ({
            id: `al-${id}`,
            accountId: id,
            kind: 'fluctuation',
            period: '2026-10',
            status: index % 2 === 0 ? 'open' : 'acknowledged',
            figures: { previous: 100, current: 60, change: -0.4 },
            createdAt: created[index % 3]!,
          }),
        );
        await store.saveAlerts(alerts);
        const expected = [...alerts].sort(
          (a, b) => byCodePoint(a.createdAt, b.createdAt) || byCodePoint(a.id, b.id),
        );
        expect((await store.listAlerts()).map((row) => row.id)).toEqual(expected.map((row) => row.id));
        expect((await store.listAlerts({ status: 'open' })).map((row) => row.id)).toEqual(
          expected.filter((row) => row.status === 'open').map((row) => row.id),
        );
      }, 300_000);
    });

    describe('bulk puts (putUsers, putAccounts, putContacts)', () => {
      it('count what they created, changed and left alone, with a version and an audit entry per change', async () => {
        await store.putAccount(account('a'), { actor: 'u-li' });
        const result = await store.putAccounts(
          [account('a'), account('b'), account('c', { parentId: 'b' }), account('b', { name: '更名集团' })],
          { actor: 'u-wang', reason: 'import' },
        );
        expect(result).toEqual({ inserted: 2, updated: 1, unchanged: 1 });
        expect(
          (await store.accountHistory('b')).map((row) => [row.version, row.account.name, row.reason]),
        ).toEqual([
          [1, 'b 集团', 'import'],
          [2, '更名集团', 'import'],
        ]);
        expect(await store.accountHistory('a')).toHaveLength(1);
        expect((await store.getAccount('c'))?.parentId).toBe('b');
        const audit = await store.listAudit({ entity: 'account', actor: 'u-wang' });
        expect(audit.map((entry) => `${entry.action} ${entry.entityId}`).sort()).toEqual([
          'account.create b',
          'account.create c',
          'account.update b',
        ]);
        expect(await store.putUsers([user('u1'), user('u1')], { actor: 'u-li' })).toEqual({
          inserted: 1,
          updated: 0,
          unchanged: 1,
        });
        const contact = ContactSchema.parse({ id: 'k1', accountId: 'a', name: '李经理' });
        expect(await store.putContacts([contact, { ...contact, name: '李总' }], { actor: 'u-li' })).toEqual({
          inserted: 1,
          updated: 1,
          unchanged: 0,
        });
        expect((await store.listContacts('a')).map((row) => row.name)).toEqual(['李总']);
        expect(await store.listAudit({ entity: 'contact' })).toHaveLength(2);
      });

      it('reject a bad record naming rows[i].field, and store nothing of the batch', async () => {
        const attempt = store.putAccounts([account('a'), { ...account('b'), division: '' }], {
          actor: 'u-li',
        });
        await expect(attempt).rejects.toMatchObject({ code: 'INVALID_INPUT', path: 'rows[1].division' });
        expect(await store.countAccounts()).toBe(0);
        expect(await store.listAudit()).toEqual([]);
      });

      it('equal one put per record, in order, for any sequence (property)', async () => {
        let run = 0;
        const edit = fc.record({
          id: fc.constantFrom('a', 'b', '客户c'),
          name: fc.constantFrom('甲', '乙'),
          division: fc.constantFrom('east', 'west'),
        });
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.array(edit, { maxLength: 12 }), { minLength: 1, maxLength: 3 }),
            async (batches) => {
              run++;
              const prefix = `bulk${run}-`;
              const current = new Map<string, string>();
              const versions = new Map<string, string[]>();
              const expected = { inserted: 0, updated: 0, unchanged: 0 };
              const actual = { inserted: 0, updated: 0, unchanged: 0 };
              for (const batch of batches) {
                const records = batch.map((row) =>
                  account(prefix + row.id, { name: row.name, division: row.division }),
                );
                for (const record of records) {
                  const text = JSON.stringify([record.name, record.division]);
                  const before = current.get(record.id);
                  if (before === undefined) expected.inserted += 1;
                  else if (before === text) expected.unchanged += 1;
                  else expected.updated += 1;
                  if (before !== text) versions.set(record.id, [...(versions.get(record.id) ?? []), text]);
                  current.set(record.id, text);
                }
                const result = await store.putAccounts(records, { actor: 'u-li' });
                actual.inserted += result.inserted;
                actual.updated += result.updated;
                actual.unchanged += result.unchanged;
              }
              expect(actual).toEqual(expected);
              for (const [id, texts] of versions) {
                const history = await store.accountHistory(id);
                expect(
                  history.map((row) => JSON.stringify([row.account.name, row.account.division])),
                ).toEqual(texts);
                expect(history.map((row) => row.version)).toEqual(texts.map((_, index) => index + 1));
                expect((await store.listAudit({ entity: 'account', entityId: id })).length).toBe(
                  texts.length,
                );
              }
            },
          ),
          { numRuns: options.propertyRuns ?? 50 },
        );
      });
    });

    describe('account history (edits append, never overwrite)', () => {
      it('appends a version per edit with actor, time and reason', async () => {
        const first = await store.putAccount(account('a'), { actor: 'u-li' });
        time.now = new Date('2026-10-16T08:00:00Z');
        const second = await store.putAccount(account('a', { name: '新名称集团' }), {
          actor: 'u-wang',
          reason: '更名',
        });
        expect(first).toMatchObject({ accountId: 'a', version: 1, actor: 'u-li', at: START });
        expect(second).toMatchObject({
          version: 2,
          actor: 'u-wang',
          at: '2026-10-16T08:00:00.000Z',
          reason: '更名',
        });
        const history = await store.accountHistory('a');
        expect(history.map((row) => [row.version, row.account.name])).toEqual([
          [1, 'a 集团'],
          [2, '新名称集团'],
        ]);
        expect(history[0]).toEqual(first);
        expect((await store.getAccount('a'))?.name).toBe('新名称集团');
        expect(await store.accountHistory('missing')).toEqual([]);
      });

      it('key dates (客户纪念日) round-trip, and a changed date appends a version', async () => {
        const founding = { kind: 'founding' as const, date: '2003-06-18' };
        await store.putAccount(account('a', { keyDates: [founding] }), { actor: 'u-li' });
        const honour = { kind: 'honour' as const, date: '2026-11-02', label: '获评全国物流百强', once: true };
        const second = await store.putAccount(account('a', { keyDates: [founding, honour] }), {
          actor: 'u-li',
        });
        expect(second.version).toBe(2);
        expect((await store.getAccount('a'))?.keyDates).toEqual([founding, honour]);
        expect((await store.accountHistory('a')).map((row) => row.account.keyDates)).toEqual([
          [founding],
          [founding, honour],
        ]);
      });

      it('an unchanged put adds no version and no audit entry', async () => {
        await store.putAccount(account('a'), { actor: 'u-li' });
        const again = await store.putAccount(account('a'), { actor: 'u-wang', at: '2026-11-01T00:00:00Z' });
        expect(again.version).toBe(1);
        expect(await store.accountHistory('a')).toHaveLength(1);
        expect(await store.listAudit({ entity: 'account' })).toHaveLength(1);
      });
    });

    describe('aggregation port', () => {
      it('sums by account × month × category, skipping duplicate ids', async () => {
        const rows: Transaction[] = [
          transaction('t1', 'a', '2026-09-30', 100_00, { category: 'air', units: 1200, costFen: 80_00 }),
          transaction('t2', 'a', '2026-09-02', 50_00, {
            category: 'air',
            profitFen: 5_00,
            marketTotalFen: 200_00,
          }),
          transaction('t3', 'a', '2026-10-01', 70_00, { category: 'hotel' }),
          transaction('t4', 'b', '2026-10-05', 1, { category: 'air' }),
        ];
        expect(await store.insertTransactions([...rows, rows[0] as Transaction])).toEqual({
          inserted: 4,
          skipped: 1,
        });
        expect(await store.insertTransactions(rows.slice(0, 2))).toEqual({ inserted: 0, skipped: 2 });
        const all = await store.aggregate();
        expect(all).toEqual(sortAggregates(aggregateTransactions(rows)));
        expect(all[0]).toEqual({
          accountId: 'a',
          month: '2026-09',
          category: 'air',
          revenueFen: 150_00,
          count: 2,
          units: 1200,
          profitFen: 25_00,
          profitBaseFen: 150_00,
          marketTotalFen: 200_00,
          marketBaseFen: 50_00,
          lastDate: '2026-09-30',
        });
        expect(
          (await store.aggregate({ accountIds: ['a'], fromMonth: '2026-10' })).map((row) => row.category),
        ).toEqual(['hotel']);
        expect((await store.aggregate({ toMonth: '2026-09' })).map((row) => row.month)).toEqual(['2026-09']);
        expect(await store.aggregate({ accountIds: [] })).toEqual([]);
      });

      it('names the latest month with data, at or before a month', async () => {
        expect(await store.latestMonthWithData()).toBeUndefined();
        await store.insertTransactions([
          transaction('t1', 'a', '2026-07-31', 100_00),
          transaction('t2', 'b', '2026-09-02', 50_00, { category: 'hotel' }),
        ]);
        expect(await store.latestMonthWithData()).toBe('2026-09');
        expect(await store.latestMonthWithData({ atOrBefore: '2026-12' })).toBe('2026-09');
        expect(await store.latestMonthWithData({ atOrBefore: '2026-09' })).toBe('2026-09');
        expect(await store.latestMonthWithData({ atOrBefore: '2026-08' })).toBe('2026-07');
        expect(await store.latestMonthWithData({ atOrBefore: '2026-06' })).toBeUndefined();
      });

      it('gives the same rows in columns, in the same order, and filters by a list of months', async () => {
        const rows = [
          transaction('t1', 'b', '2025-10-03', 40_00, { category: 'air', units: 7 }),
          transaction('t2', 'a', '2026-09-30', 150_00, { costFen: 125_00, marketTotalFen: 200_00 }),
          transaction('t3', 'a', '2026-10-01', 70_00, { category: 'hotel' }),
          transaction('t4', 'a', '2026-08-12', 9_00),
          transaction('t5', '客户c', '2026-10-05', 1, { category: '铁路' }),
        ];
        await store.insertTransactions(rows);
        for (const query of [
          {},
          { accountIds: ['a'] },
          { fromMonth: '2026-09', toMonth: '2026-10' },
          { months: ['2025-10', '2026-10'] },
          { accountIds: ['a', '客户c'], months: ['2026-09', '2026-10'], toMonth: '2026-09' },
          { accountIds: [] },
        ]) {
          const rows = await store.aggregate(query);
          expect(await store.aggregateColumns(query)).toEqual(aggregateColumnsOf(rows));
          expect(await store.aggregateColumns(query, { order: 'month' })).toEqual(
            aggregateColumnsOf([...rows].sort(compareMonthFirst)),
          );
        }
        const picked = await store.aggregateColumns({ months: ['2025-10', '2026-10'] });
        expect(picked.accountId).toEqual(['a', 'b', '客户c']);
        expect([...picked.month]).toEqual([2026 * 12 + 9, 2025 * 12 + 9, 2026 * 12 + 9]);
        expect([...picked.revenueFen]).toEqual([70_00, 40_00, 1]);
        expect([...picked.lastDay]).toEqual([
          dayNumber('2026-10-01'),
          dayNumber('2025-10-03'),
          dayNumber('2026-10-05'),
        ]);
        expect((await store.aggregateColumns({ accountIds: [] })).size).toBe(0);
      });

      it('equals aggregateTransactions over the same rows (property)', async () => {
        let run = 0;
        const transactionArbitrary = fc.record({
          id: fc.integer({ min: 0, max: 400 }).map(String),
          accountId: fc.constantFrom('a', 'b', '客户c'),
          date: winterDate,
          amountFen: fc.integer({ min: 0, max: 5_000_000_000 }),
          category: fc.constantFrom('air', 'hotel', '铁路'),
          units: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
          costFen: fc.option(fc.integer({ min: 0, max: 5_000_000_000 }), { nil: undefined }),
          profitFen: fc.option(fc.integer({ min: -1_000_000, max: 1_000_000 }), { nil: undefined }),
          marketTotalFen: fc.option(fc.integer({ min: 0, max: 9_000_000_000 }), { nil: undefined }),
        });
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.array(transactionArbitrary, { maxLength: 40 }), { minLength: 1, maxLength: 3 }),
            async (batches) => {
              run++;
              const prefix = `r${run}-`;
              const scoped = batches.map((batch) =>
                batch.map((row) => {
                  const out: Transaction = { ...row, id: prefix + row.id, accountId: prefix + row.accountId };
                  for (const key of Object.keys(out) as (keyof Transaction)[]) {
                    if (out[key] === undefined) delete out[key];
                  }
                  return out;
                }),
              );
              const firstById = new Map<string, Transaction>();
              for (const batch of scoped) {
                for (const row of batch)
                  if (!firstById.has(recordKey(row))) firstById.set(recordKey(row), row);
              }
              let inserted = 0;
              for (const batch of scoped) inserted += (await store.insertTransactions(batch)).inserted;
              expect(inserted).toBe(firstById.size);
              const accountIds = ['a', 'b', '客户c'].map((id) => prefix + id);
              const stored = await store.aggregate({ accountIds });
              expect(sortAggregates(stored)).toEqual(
                sortAggregates(aggregateTransactions(firstById.values())),
              );
              expect(await store.aggregateColumns({ accountIds })).toEqual(aggregateColumnsOf(stored));
            },
          ),
          { numRuns: options.propertyRuns ?? 50 },
        );
      });

      it('reads a roll-up larger than one page of a bulk read whole and in order', async () => {
        // 101 accounts × 25 months × 20 categories = 50,500 roll-up rows: past the 50,000 rows per
        // page in which the PostgreSQL adapter sends aggregate() (the page boundary falls inside an account).
        const rows: Transaction[] = [];
        for (let account = 0; account < 101; account++)
          for (let month = 0; month < 25; month++)
            for (let category = 0; category < 20; category++) {
              const monthId = addMonths('2024-10', month);
              rows.push({
                id: `p-${account}-${month}-${category}`,
                accountId: `acct-${String(account).padStart(3, '0')}`,
                date: `${monthId}-${String(1 + ((account + category) % 28)).padStart(2, '0')}`,
                amountFen: 1 + account * 1_000 + month * 20 + category,
                category: `c${category}`,
                ...(category % 3 === 0 ? { units: category / 4 } : {}),
                ...(category % 4 === 0 ? { costFen: account * 7 } : {}),
              });
            }
        await store.insertTransactions(rows);
        const read = await store.aggregate();
        expect(read.length).toBe(50_500);
        expect(sortAggregates(read)).toEqual(sortAggregates(aggregateTransactions(rows)));
        expect(await store.aggregateColumns()).toEqual(aggregateColumnsOf(read));
      }, 120_000);
    });

    describe('payments (回款)', () => {
      const payment = (
        id: string,
        accountId: string,
        date: string,
        amountFen: number,
        extra = {},
      ): Payment => ({
        id,
        accountId,
        date,
        amountFen,
        ...extra,
      });

      it('round-trips payments, filtered by account and receipt date, duplicates skipped', async () => {
        const rows = [
          payment('p2', 'a', '2026-10-05', 120_000, { invoice: 'INV-2026-0901', note: '9 月账单' }),
          payment('p1', 'a', '2026-09-30', 50_000),
          payment('p3', 'b', '2026-10-05', 7_500),
        ];
        expect(await store.insertPayments(rows)).toEqual({ inserted: 3, skipped: 0 });
        expect(await store.insertPayments([rows[0] as Payment, payment('p4', 'b', '2026-11-01', 1)])).toEqual(
          {
            inserted: 1,
            skipped: 1,
          },
        );
        expect((await store.listPayments()).map((row) => row.id)).toEqual(['p1', 'p2', 'p3', 'p4']);
        expect(await store.listPayments({ accountIds: ['a'], from: '2026-10-01' })).toEqual([rows[0]]);
        expect(await store.listPayments({ to: '2026-10-05', from: '2026-10-05' })).toEqual([
          rows[0],
          rows[2],
        ]);
        expect(await store.listPayments({ accountIds: [] })).toEqual([]);
      });

      it('the first of repeated ids in one batch wins, as on a re-run', async () => {
        const result = await store.insertPayments([
          payment('p1', 'a', '2026-10-01', 100),
          payment('p1', 'a', '2026-10-01', 999),
        ]);
        expect(result).toEqual({ inserted: 1, skipped: 1 });
        expect((await store.listPayments()).map((row) => row.amountFen)).toEqual([100]);
      });

      it('sums payments per account × month of receipt, within a month range', async () => {
        await store.insertPayments([
          payment('p1', 'a', '2026-09-30', 50_000),
          payment('p2', 'a', '2026-10-01', 120_000),
          payment('p3', 'a', '2026-10-31', 30_000),
          payment('p4', '客户b', '2026-10-15', 7_500),
          payment('p5', 'a', '2026-11-01', 1),
        ]);
        const october: MonthlyPaymentTotal[] = [
          { accountId: 'a', month: '2026-10', amountFen: 150_000, count: 2 },
          { accountId: '客户b', month: '2026-10', amountFen: 7_500, count: 1 },
        ];
        expect(await store.paymentTotals({ fromMonth: '2026-10', toMonth: '2026-10' })).toEqual(october);
        expect(await store.paymentTotals({ accountIds: ['a'] })).toEqual([
          { accountId: 'a', month: '2026-09', amountFen: 50_000, count: 1 },
          october[0],
          { accountId: 'a', month: '2026-11', amountFen: 1, count: 1 },
        ]);
        expect(await store.paymentTotals({ accountIds: [] })).toEqual([]);
        expect(await store.paymentTotals({ months: ['2026-09', '2026-11'] })).toEqual([
          { accountId: 'a', month: '2026-09', amountFen: 50_000, count: 1 },
          { accountId: 'a', month: '2026-11', amountFen: 1, count: 1 },
        ]);
      });

      it('rejects a bad row with a KamError naming rows[i].field, and stores nothing', async () => {
        const attempt = store.insertPayments([
          payment('p1', 'a', '2026-10-01', 100),
          payment('p2', 'a', '2026-02-30', 100),
        ]);
        await expect(attempt).rejects.toMatchObject({ code: 'INVALID_INPUT', path: 'rows[1].date' });
        await expect(store.insertPayments([payment('p3', 'a', '2026-10-01', -1)])).rejects.toMatchObject({
          path: 'rows[0].amountFen',
        });
        await expect(store.insertPayments([payment('p4', 'a', '2026-10-01', 1.5)])).rejects.toSatisfy(
          isKamError,
        );
        expect(await store.listPayments()).toEqual([]);
      });

      it('a failed transaction leaves no payment behind', async () => {
        const failure = store.transaction(async (tx) => {
          await tx.insertPayments([payment('p1', 'a', '2026-10-01', 100)]);
          throw new Error('boom');
        });
        await expect(failure).rejects.toThrow('boom');
        expect(await store.listPayments()).toEqual([]);
        expect(await store.paymentTotals()).toEqual([]);
      });

      it('totals equal the sum of the first row per id (property)', async () => {
        let run = 0;
        const paymentArbitrary = fc.record({
          id: fc.integer({ min: 0, max: 200 }).map(String),
          accountId: fc.constantFrom('a', 'b', '客户c'),
          date: winterDate,
          amountFen: fc.integer({ min: 0, max: 5_000_000_000 }),
        });
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.array(paymentArbitrary, { maxLength: 30 }), { minLength: 1, maxLength: 3 }),
            fc.constantFrom('2025-12', '2026-01', '2026-02'),
            async (batches, fromMonth) => {
              run++;
              const prefix = `r${run}-`;
              const scoped = batches.map((batch) =>
                batch.map((row) => ({ ...row, id: prefix + row.id, accountId: prefix + row.accountId })),
              );
              const firstById = new Map<string, Payment>();
              for (const batch of scoped) {
                for (const row of batch)
                  if (!firstById.has(recordKey(row))) firstById.set(recordKey(row), row);
              }
              for (const batch of scoped) await store.insertPayments(batch);
              const expected = new Map<string, MonthlyPaymentTotal>();
              for (const row of firstById.values()) {
                const month = row.date.slice(0, 7);
                if (month < fromMonth) continue;
                const key = `${row.accountId}\u0000${month}`;
                const total = expected.get(key) ?? {
                  accountId: row.accountId,
                  month,
                  amountFen: 0,
                  count: 0,
                };
                total.amountFen += row.amountFen;
                total.count += 1;
                expected.set(key, total);
              }
              const accountIds = ['a', 'b', '客户c'].map((id) => prefix + id);
              const key = (row: MonthlyPaymentTotal) => `${row.accountId}\u0000${row.month}`;
              const sorted = [...expected.values()].sort((left, right) =>
                key(left) < key(right) ? -1 : key(left) > key(right) ? 1 : 0,
              );
              expect(await store.paymentTotals({ accountIds, fromMonth })).toEqual(sorted);
            },
          ),
          { numRuns: Math.min(options.propertyRuns ?? 50, 25) },
        );
      });
    });

    describe('transactions', () => {
      it('a failed transaction leaves nothing', async () => {
        await store.putAccount(account('a'), { actor: 'u-li' });
        await store.insertTransactions([transaction('t0', 'a', '2026-10-01', 500)]);
        await store.putDialog('d', { step: 1 }, '2026-10-16T00:00:00Z');
        const auditBefore = await store.listAudit();
        const failure = store.transaction(async (tx) => {
          await tx.putAccount(account('a', { name: '改名' }), { actor: 'u-li' });
          await tx.putAccount(account('new'), { actor: 'u-li' });
          await tx.putUser(user('u-x'), { actor: 'admin' });
          await tx.insertTransactions([
            transaction('t0', 'a', '2026-10-01', 500),
            transaction('t1', 'a', '2026-10-02', 700),
          ]);
          await tx.insertInteractions([
            InteractionSchema.parse({ id: 'i1', accountId: 'a', kind: 'call', at: START, userId: 'u-li' }),
          ]);
          await tx.saveTierAssignments([
            { accountId: 'a', period: '2026-10', policyId: 'p', tier: 'A', explanation: null, at: START },
          ]);
          await tx.claimIdempotencyKey('evt-1', '2026-10-16T00:00:00Z');
          await tx.putDialog('d', { step: 2 }, '2026-10-16T00:00:00Z');
          await tx.deleteDialog('d');
          await tx.appendAudit({
            actor: 'u-li',
            action: 'export',
            entity: 'report',
            entityId: 'r1',
            before: null,
            after: null,
          });
          await tx.transaction(async (nested) => {
            await nested.saveScores([
              { accountId: 'a', period: '2026-10', modelId: 'm', score: 1, factors: {}, at: START },
            ]);
          });
          throw new Error('boom');
        });
        await expect(failure).rejects.toThrow('boom');
        expect(await store.getAccount('a')).toEqual(account('a'));
        expect(await store.accountHistory('a')).toHaveLength(1);
        expect(await store.getAccount('new')).toBeUndefined();
        expect(await store.getUser('u-x')).toBeUndefined();
        expect((await store.aggregate()).map((row) => [row.revenueFen, row.count])).toEqual([[500, 1]]);
        expect(await store.listInteractions()).toEqual([]);
        expect(await store.listTierAssignments({})).toEqual([]);
        expect(await store.listScores({})).toEqual([]);
        expect(await store.getDialog('d')).toEqual({ step: 1 });
        expect(await store.listAudit()).toEqual(auditBefore);
        expect(await store.claimIdempotencyKey('evt-1', '2026-10-16T00:00:00Z')).toBe(true);
      });

      it('a successful transaction commits everything, nested calls joining it', async () => {
        const result = await store.transaction(async (tx) => {
          await tx.putAccount(account('a'), { actor: 'u-li' });
          await tx.transaction(async (nested) => {
            await nested.insertTransactions([transaction('t1', 'a', '2026-10-02', 700)]);
          });
          return tx.getAccount('a');
        });
        expect(result).toEqual(account('a'));
        expect(await store.getAccount('a')).toEqual(account('a'));
        expect(await store.aggregate()).toHaveLength(1);
      });
    });

    describe('idempotency keys and dialog expiry', () => {
      it('a key is claimed once until it expires, then can be claimed again', async () => {
        expect(await store.claimIdempotencyKey('evt-1', '2026-10-15T09:00:00Z')).toBe(true);
        expect(await store.claimIdempotencyKey('evt-1', '2026-10-15T09:00:00Z')).toBe(false);
        const racing = await Promise.all(
          Array.from({ length: 8 }, () => store.claimIdempotencyKey('evt-2', '2026-10-15T09:00:00Z')),
        );
        expect(racing.filter(Boolean)).toHaveLength(1);
        time.now = new Date('2026-10-15T08:59:59.999Z');
        expect(await store.claimIdempotencyKey('evt-1', '2026-10-15T10:00:00Z')).toBe(false);
        time.now = new Date('2026-10-15T09:00:00Z');
        expect(await store.claimIdempotencyKey('evt-1', '2026-10-15T10:00:00Z')).toBe(true);
        expect(await store.claimIdempotencyKey('evt-1', '2026-10-15T10:00:00Z')).toBe(false);
      });

      it('dialog state is gone once it expires', async () => {
        await store.putDialog('wechat:room:user', { step: 'ask-period' }, '2026-10-15T08:30:00+00:00');
        time.now = new Date('2026-10-15T08:29:59Z');
        expect(await store.getDialog('wechat:room:user')).toEqual({ step: 'ask-period' });
        time.now = new Date('2026-10-15T08:30:00Z');
        expect(await store.getDialog('wechat:room:user')).toBeUndefined();
        await store.putDialog('wechat:room:user', { step: 'again' }, '2026-10-15T09:30:00Z');
        expect(await store.getDialog('wechat:room:user')).toEqual({ step: 'again' });
      });
    });

    describe('audit log', () => {
      it('records who, when, what and before → after for every audited write', async () => {
        await store.putUser(user('u-li'), { actor: 'admin' });
        await store.putAccount(account('a'), { actor: 'u-li' });
        time.now = new Date('2026-10-16T00:00:00Z');
        await store.putAccount(account('a', { division: 'west' }), { actor: 'u-an', reason: '划转' });
        await store.putContact(ContactSchema.parse({ id: 'k1', accountId: 'a', name: '张' }), {
          actor: 'u-li',
        });
        await store.putComplaint(
          ComplaintSchema.parse({
            id: 'c1',
            accountId: 'a',
            channel: 'phone',
            summary: 's',
            receivedAt: START,
          }),
          { actor: 'u-li' },
        );
        await store.putOverride(
          {
            id: 'o1',
            accountId: 'a',
            policyId: 'p',
            tier: 'A',
            reason: 'r',
            author: 'u-an',
            createdAt: START,
            expiresOn: null,
          },
          { actor: 'u-an', reason: 'r' },
        );
        const entries = await store.listAudit();
        expect(entries.map((entry) => `${entry.action} ${entry.entityId} by ${entry.actor}`)).toEqual([
          'user.create u-li by admin',
          'account.create a by u-li',
          'account.update a by u-an',
          'contact.create k1 by u-li',
          'complaint.create c1 by u-li',
          'override.create o1 by u-an',
        ]);
        const move = entries[2] as AuditEntry;
        expect(move).toMatchObject({ entity: 'account', at: '2026-10-16T00:00:00.000Z', reason: '划转' });
        expect((move.before as Account).division).toBe('east');
        expect((move.after as Account).division).toBe('west');
        expect(entries[1]?.before).toBeNull();
        expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length);
        expect(entries.map((entry) => entry.id)).toEqual(
          [...entries.map((entry) => entry.id)].sort((left, right) => left - right),
        );
      });

      it('filters by actor, entity, time; newest first with a limit', async () => {
        await store.appendAudit({
          actor: 'u-li',
          action: 'import',
          entity: 'file',
          entityId: 'f1',
          before: null,
          after: { rows: 10 },
        });
        time.now = new Date('2026-10-17T00:00:00Z');
        await store.appendAudit({
          actor: 'u-an',
          action: 'permission.grant',
          entity: 'user',
          entityId: 'u-li',
          before: null,
          after: 'division-head',
        });
        await store.appendAudit({
          actor: 'u-li',
          action: 'import',
          entity: 'file',
          entityId: 'f2',
          before: null,
          after: null,
          at: '2026-10-18T08:00:00+08:00',
        });
        expect((await store.listAudit({ actor: 'u-li' })).map((entry) => entry.entityId)).toEqual([
          'f1',
          'f2',
        ]);
        expect((await store.listAudit({ entity: 'user', entityId: 'u-li' }))[0]?.after).toBe('division-head');
        expect(
          (await store.listAudit({ since: '2026-10-16T00:00:00Z', until: '2026-10-18T00:00:00Z' })).map(
            (entry) => entry.entityId,
          ),
        ).toEqual(['u-li', 'f2']);
        expect((await store.listAudit({ order: 'desc', limit: 2 })).map((entry) => entry.entityId)).toEqual([
          'f2',
          'u-li',
        ]);
        expect((await store.listAudit({ action: 'import', limit: 1 }))[0]?.at).toBe(START);
      });

      it('audits a tier change only when the tier differs from the previous assignment', async () => {
        const tier = (period: string, value: string | null, policyId = 'retail'): StoredTierAssignment => ({
          accountId: 'a',
          period,
          policyId,
          tier: value,
          explanation: {},
          at: `${period}-28T00:00:00.000Z`,
        });
        await store.saveTierAssignments([tier('2026-07', null), tier('2026-08', 'B'), tier('2026-09', 'B')]);
        await store.saveTierAssignments([tier('2026-10', 'A'), tier('2026-10', 'A', 'postal')], {
          actor: 'u-an',
          reason: '月度分级',
        });
        await store.saveTierAssignments([tier('2026-10', 'A')]);
        await store.saveTierAssignments([tier('2026-10', 'B')]);
        const changes = await store.listAudit({ action: 'tier.change' });
        expect(changes.map((entry) => [entry.before, entry.after, entry.actor])).toEqual([
          [
            { policyId: 'retail', period: '2026-07', tier: null },
            { policyId: 'retail', period: '2026-08', tier: 'B' },
            'system',
          ],
          [
            { policyId: 'retail', period: '2026-09', tier: 'B' },
            { policyId: 'retail', period: '2026-10', tier: 'A' },
            'u-an',
          ],
          [null, { policyId: 'postal', period: '2026-10', tier: 'A' }, 'u-an'],
          [
            { policyId: 'retail', period: '2026-10', tier: 'A' },
            { policyId: 'retail', period: '2026-10', tier: 'B' },
            'system',
          ],
        ]);
        expect(changes[0]).toMatchObject({ entity: 'tier', entityId: 'a', at: '2026-08-28T00:00:00.000Z' });
        expect(changes[1]?.reason).toBe('月度分级');
      });

      it('is append-only: returned entries are copies, and the database rejects UPDATE and DELETE', async () => {
        await store.putAccount(account('a'), { actor: 'u-li' });
        const entry = await store.appendAudit({
          actor: 'u-li',
          action: 'x',
          entity: 'e',
          entityId: '1',
          before: { a: 1 },
          after: { a: 2 },
        });
        (entry.after as { a: number }).a = 99;
        const [listed] = await store.listAudit({ action: 'x' });
        (listed?.before as { a: number }).a = 99;
        expect((await store.listAudit({ action: 'x' }))[0]).toMatchObject({
          before: { a: 1 },
          after: { a: 2 },
        });
        if (store.sql) {
          await expect(store.sql.query(`UPDATE audit_log SET actor = 'someone-else'`)).rejects.toThrow(
            /append-only/,
          );
          await expect(store.sql.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
          await expect(store.sql.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
          await expect(store.sql.query('DELETE FROM account_versions')).rejects.toThrow(/append-only/);
          await expect(store.sql.query(`UPDATE account_versions SET actor = 'x'`)).rejects.toThrow(
            /append-only/,
          );
          expect(await store.listAudit()).toHaveLength(2);
          expect(await store.accountHistory('a')).toHaveLength(1);
        }
      });
    });

    if (options.migrateAgain) {
      it('running the migrations again is a no-op that keeps the data', async () => {
        await store.putAccount(account('a'), { actor: 'u-li' });
        const report = await options.migrateAgain?.();
        expect(report?.applied).toEqual([]);
        expect(report?.alreadyApplied).toContain('0001_core');
        expect(await store.getAccount('a')).toEqual(account('a'));
      });
    }
  });
}
