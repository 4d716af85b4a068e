/**
 * Every write of every store adapter leaves an audit entry, in the same
 * transaction. The methods are enumerated from the store object itself: a
 * method added to the port without being listed here as a read, an audited
 * write or an exempt write fails the first test.
 */
import { describe, expect, it } from 'vitest';
import { AccountSchema } from '../domain/account.js';
import { UserSchema } from '../domain/user.js';
import { usePglite } from './__fixtures__/pglite.js';
import { createMemoryStore } from './memory-store.js';
import type { Store, WriteMeta } from './port.js';

const meta: WriteMeta = { actor: 'u-audit', reason: 'coverage' };
const at = '2026-10-15T08:00:00.000Z';

const account = (id: string) =>
  AccountSchema.parse({ id, name: `${id} 集团`, division: 'east', ownerA: null, ownerB: null });

/** Writes that must append an audit entry, each changing the seeded state. */
const AUDITED_WRITES = {
  putUser: (store) =>
    store.putUser(
      UserSchema.parse({ id: 'u-new', name: '新人', role: 'account-manager', division: 'east' }),
      meta,
    ),
  putUsers: (store) =>
    store.putUsers(
      [UserSchema.parse({ id: 'u-bulk', name: '批量', role: 'account-manager', division: 'east' })],
      meta,
    ),
  putAccount: (store) => store.putAccount(account('acme-2'), meta),
  putAccounts: (store) => store.putAccounts([account('acme-3')], meta),
  putContacts: (store) => store.putContacts([{ id: 'c-3', accountId: 'acme', name: '赵六' }], meta),
  putContact: (store) => store.putContact({ id: 'c-2', accountId: 'acme', name: '王五' }, meta),
  insertTransactions: (store) =>
    store.insertTransactions(
      [{ id: 't-2', accountId: 'acme', date: '2026-10-02', amountFen: 500, category: 'general' }],
      meta,
    ),
  loadTransactions: (store) =>
    (store.loadTransactions as NonNullable<Store['loadTransactions']>)(
      (add) =>
        add([{ id: 't-3', accountId: 'acme', date: '2026-10-03', amountFen: 700, category: 'general' }]),
      meta,
    ),
  insertPayments: (store) =>
    store.insertPayments([{ id: 'p-2', accountId: 'acme', date: '2026-10-04', amountFen: 300 }], meta),
  insertInteractions: (store) =>
    store.insertInteractions(
      [{ id: 'i-2', accountId: 'acme', at, kind: 'visit', userId: 'u-seed', actorLevel: 'specialist' }],
      meta,
    ),
  putComplaint: (store) =>
    store.putComplaint(
      { id: 'k-2', accountId: 'acme', channel: 'phone', receivedAt: at, summary: '迟到' },
      meta,
    ),
  putContract: (store) =>
    store.putContract(
      {
        id: 'ct-2',
        accountId: 'acme',
        parties: ['Acme 集团', '我方'],
        type: 'service',
        scope: 'national',
        startDate: '2026-01-01',
        endDate: '2026-12-31',
      },
      meta,
    ),
  putClaim: (store) =>
    store.putClaim(
      {
        id: 'CL-1',
        accountId: 'acme',
        claimantDivision: 'west',
        holdingDivision: 'east',
        reason: '协议由西区签订',
        status: 'open',
        filedBy: 'u-seed',
        filedAt: at,
      },
      meta,
    ),
  putUnitPlan: (store) =>
    store.putUnitPlan(
      {
        id: 'east|2026-10',
        division: 'east',
        period: '2026-10',
        wentWell: '走访全覆盖',
        updatedBy: 'u-seed',
        updatedAt: at,
      },
      meta,
    ),
  putRelationshipPlan: (store) =>
    store.putRelationshipPlan(
      {
        id: 'acme|2026-H2',
        accountId: 'acme',
        halfYear: '2026-H2',
        goals: '张总（决策人）：从认识到兴趣',
        revision: 1,
        status: 'draft',
        updatedBy: 'u-seed',
        updatedAt: at,
      },
      meta,
    ),
  putTask: (store) =>
    store.putTask(
      {
        id: 'tk-2',
        accountId: 'acme',
        assigneeId: 'u-seed',
        assignedBy: 'u-audit',
        title: '拜访财务总监',
        dueDate: '2026-10-20',
        createdAt: at,
      },
      meta,
    ),
  putSurveyResponse: (store) =>
    store.putSurveyResponse(
      {
        id: 's-2',
        accountId: 'acme',
        surveyId: 'standard',
        answers: { overall: 5 },
        channel: 'import',
        respondedAt: at,
        recordedBy: 'u-li',
      },
      meta,
    ),
  saveScores: (store) =>
    store.saveScores(
      [{ accountId: 'acme', period: '2026-10', modelId: 'm', score: 42, factors: [], at }],
      meta,
    ),
  saveTierAssignments: (store) =>
    store.saveTierAssignments(
      [{ accountId: 'acme', period: '2026-10', policyId: 'p', tier: 'A', explanation: null, at }],
      meta,
    ),
  putOverride: (store) =>
    store.putOverride(
      {
        id: 'o-2',
        accountId: 'acme',
        policyId: 'p',
        tier: 'B',
        reason: '战略',
        author: 'u-audit',
        createdAt: at,
        expiresOn: null,
      },
      meta,
    ),
  saveAlerts: (store) =>
    store.saveAlerts(
      [
        {
          id: 'al-1',
          accountId: 'acme',
          kind: 'drop',
          period: '2026-10',
          status: 'closed',
          figures: {},
          createdAt: at,
        },
      ],
      meta,
    ),
} satisfies Partial<Record<keyof Store, (store: Store) => Promise<unknown>>>;

/** Writes outside the audit, each with the reason. */
const EXEMPT = {
  appendAudit: 'is the audit log itself',
  putDialog: 'conversation state of a chat turn, not a business record (expires)',
  deleteDialog: 'conversation state of a chat turn, not a business record',
  claimIdempotencyKey: 'de-duplicates deliveries; expires and holds no business data',
  transaction: 'runs other methods, each audited on its own',
  close: 'releases the connection',
  results:
    'stored monthly results are derived from audited records (recomputable at any time), tagged with the data generation they were computed from',
} satisfies Partial<Record<keyof Store, string>>;

/** Reads: they change nothing (checked below by the fingerprint). */
const READS = [
  'kind',
  'sql',
  'getUser',
  'listUsers',
  'getAccount',
  'getAccountRecords',
  'listAccounts',
  'accountHistory',
  'countAccounts',
  'latestMonthWithData',
  'listContacts',
  'aggregate',
  'aggregateColumns',
  'listPayments',
  'paymentTotals',
  'listInteractions',
  'listComplaints',
  'listContracts',
  'listUnitPlans',
  'listClaims',
  'listRelationshipPlans',
  'listTasks',
  'listSurveyResponses',
  'listScores',
  'tierHistory',
  'listTierAssignments',
  'listOverrides',
  'listAlerts',
  'getDialog',
  'listAudit',
] as const satisfies readonly (keyof Store)[];

async function seed(store: Store): Promise<void> {
  await store.putUser(
    UserSchema.parse({ id: 'u-seed', name: '种子', role: 'account-manager', division: 'east' }),
    meta,
  );
  await store.putAccount(account('acme'), meta);
  await store.saveAlerts(
    [
      {
        id: 'al-1',
        accountId: 'acme',
        kind: 'drop',
        period: '2026-10',
        status: 'open',
        figures: {},
        createdAt: at,
      },
    ],
    meta,
  );
}

/** Everything the store's reads return: equal fingerprints, equal state. */
async function fingerprint(store: Store): Promise<string> {
  const accounts = await store.listAccounts();
  return JSON.stringify([
    await store.listUsers(),
    accounts,
    await Promise.all(accounts.map((row) => store.accountHistory(row.id))),
    await store.listContacts(),
    await store.aggregate(),
    await store.listPayments(),
    await store.listInteractions(),
    await store.listComplaints(),
    await store.listContracts(),
    await store.listUnitPlans(),
    await store.listClaims(),
    await store.listRelationshipPlans(),
    await store.listTasks(),
    await store.listSurveyResponses(),
    await store.listScores({}),
    await store.listTierAssignments({}),
    await store.listOverrides(),
    await store.listAlerts(),
  ]);
}

interface Adapter {
  name: string;
  open: () => Promise<Store>;
  /** Optional port methods this adapter does not offer. */
  without?: readonly (keyof Store)[];
  extra?: () => void;
}

function describeAuditCoverage({ name, open, without = [], extra }: Adapter): void {
  const writes = Object.entries(AUDITED_WRITES).filter(
    ([method]) => !without.includes(method as keyof Store),
  );
  describe(`every write is audited: ${name}`, () => {
    it('lists every method of the store as a read, an audited write or an exempt write', async () => {
      const store = await open();
      const listed = new Set<string>([...Object.keys(AUDITED_WRITES), ...Object.keys(EXEMPT), ...READS]);
      const unlisted = Object.keys(store).filter((key) => !listed.has(key));
      expect(unlisted).toEqual([]);
      for (const method of without) expect(store[method]).toBeUndefined();
      await store.close();
    });

    for (const [method, write] of writes) {
      it(`${method} changes the state and appends an audit entry by its actor`, async () => {
        const store = await open();
        await seed(store);
        const before = await fingerprint(store);
        const auditBefore = await store.listAudit();
        await write(store);
        expect(await fingerprint(store)).not.toBe(before);
        const added = (await store.listAudit()).slice(auditBefore.length);
        expect(added.length).toBeGreaterThan(0);
        for (const entry of added) expect(entry.actor).toBe(meta.actor);
        await store.close();
      });

      it(`${method} in a failed transaction leaves neither the write nor its audit entry`, async () => {
        const store = await open();
        await seed(store);
        const before = await fingerprint(store);
        const auditBefore = await store.listAudit();
        await expect(
          store.transaction(async (tx) => {
            await write(tx);
            throw new Error('stop');
          }),
        ).rejects.toThrow('stop');
        expect(await fingerprint(store)).toBe(before);
        expect(await store.listAudit()).toEqual(auditBefore);
        await store.close();
      });
    }

    it('reads leave the state and the audit log as they were', async () => {
      const store = await open();
      await seed(store);
      const before = await fingerprint(store);
      const auditBefore = await store.listAudit();
      await store.getUser('u-seed');
      await store.getAccount('acme');
      await store.countAccounts();
      await store.aggregateColumns();
      await store.paymentTotals();
      await store.tierHistory('acme');
      await store.getDialog('nothing');
      expect(await fingerprint(store)).toBe(before);
      expect(await store.listAudit()).toEqual(auditBefore);
      await store.close();
    });

    extra?.();
  });
}

describeAuditCoverage({
  name: 'memory',
  open: async () => createMemoryStore({ clock: () => new Date(at) }),
  without: ['loadTransactions'],
});

const pglite = usePglite();
describeAuditCoverage({
  name: 'PGlite',
  open: () => pglite.freshStore({ clock: () => new Date(at) }),
  extra: () => {
    it('no write commits when its audit entry cannot be written (same transaction)', async () => {
      const store = await pglite.freshStore({ clock: () => new Date(at) });
      await seed(store);
      const before = await fingerprint(store);
      await pglite.driver().exec(`
        CREATE FUNCTION audit_coverage_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit refused'; END $$;
        CREATE TRIGGER audit_coverage_refuse BEFORE INSERT ON audit_log
          FOR EACH STATEMENT EXECUTE FUNCTION audit_coverage_refuse();`);
      try {
        for (const [method, write] of Object.entries(AUDITED_WRITES)) {
          const outcome = await write(store).then(
            () => 'committed',
            (error: unknown) => String((error as Error).message),
          );
          expect(`${method}: ${outcome}`).toContain('audit refused');
          expect(await fingerprint(store)).toBe(before);
        }
      } finally {
        await pglite.driver().exec(`
          DROP TRIGGER audit_coverage_refuse ON audit_log;
          DROP FUNCTION audit_coverage_refuse();`);
      }
    });
  },
});
