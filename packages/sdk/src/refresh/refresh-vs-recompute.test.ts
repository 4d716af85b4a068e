/**
 * Property: stored results refreshed the way users get them (the debounced
 * refresh jobs after writes) equal a full recomputation from scratch — a new
 * store loaded with the same final data in bulk, and {@link computeMonth} over
 * it — after any sequence of writes: transactions, payments and interactions
 * inserted, accounts edited (flags, owners, attributes, parent) and added,
 * with refreshes in between.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountInput } from '../domain/account.js';
import type { Interaction } from '../domain/interaction.js';
import type { PaymentInput } from '../domain/payment.js';
import type { Transaction } from '../domain/transaction.js';
import type { UserInput } from '../domain/user.js';
import { defaultPolicies } from '../portfolio/policies.js';
import { readReportInputs } from '../reports/data/source.js';
import { computeMonth } from '../results/compute-month.js';
import { monthFreshness } from '../results/freshness.js';
import { usePglite } from '../store/__fixtures__/pglite.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { ensureMonthResults } from './ensure-month.js';
import { startRefreshJobs } from './refresh-jobs.js';
import { type ComputeMonthFunction, refreshMonth } from './refresh-month.js';

const MONTH = '2026-10';
const TODAY = '2026-10-31';
const WRITE = { actor: 'u-1', at: '2026-10-31T02:00:00.000Z' };
const USERS: UserInput[] = [
  { id: 'u-1', name: '李经理', role: 'account-manager', division: '华东' },
  { id: 'u-2', name: '王经理', role: 'account-manager', division: '华东' },
];
const FLAGS = ['agreement', 'VIP', 'high-risk', 'lead', 'one-off'] as const;
const CATEGORIES = ['general', 'express', 'parcel'] as const;
const KINDS = ['call', 'visit', 'meeting'] as const;
const LEVELS = ['specialist', 'supervisor', 'executive'] as const;

/** What the test has written: the data a from-scratch store is loaded with. */
interface Model {
  accounts: Map<string, AccountInput>;
  transactions: Transaction[];
  payments: PaymentInput[];
  interactions: Interaction[];
}

type Write =
  | { kind: 'transaction'; account: number; month: number; day: number; amount: number; category: number }
  | { kind: 'payment'; account: number; month: number; amount: number }
  | { kind: 'interaction'; account: number; day: number; interaction: number; level: number; user: number }
  | {
      kind: 'edit';
      account: number;
      flags: string[];
      owner: number | null;
      credit: number | null;
      potential: number | null;
      standing: number | null;
      parent: number | null;
    }
  | { kind: 'add'; amount: number; flags: string[] }
  | { kind: 'refresh' };

const writeArbitrary: fc.Arbitrary<Write> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('transaction' as const),
      account: fc.nat(),
      month: fc.integer({ min: 1, max: 11 }),
      day: fc.integer({ min: 1, max: 28 }),
      amount: fc.integer({ min: 0, max: 20_000_000 }),
      category: fc.nat({ max: CATEGORIES.length - 1 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('payment' as const),
      account: fc.nat(),
      month: fc.integer({ min: 6, max: 11 }),
      amount: fc.integer({ min: 0, max: 20_000_000 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('interaction' as const),
      account: fc.nat(),
      day: fc.integer({ min: 0, max: 120 }),
      interaction: fc.nat({ max: KINDS.length - 1 }),
      level: fc.nat({ max: LEVELS.length - 1 }),
      user: fc.nat({ max: 1 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      account: fc.nat(),
      flags: fc.subarray([...FLAGS]),
      owner: fc.option(fc.nat({ max: 1 })),
      credit: fc.option(fc.integer({ min: 0, max: 100 })),
      potential: fc.option(fc.integer({ min: 0, max: 1000 })),
      standing: fc.option(fc.integer({ min: 1, max: 5 })),
      parent: fc.option(fc.nat()),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      amount: fc.nat(150_000_000),
      flags: fc.subarray([...FLAGS]),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'refresh' as const }) },
);

/** Monthly purchases of the starting accounts, in fen. */
const MONTHLY_FEN = [100_000, 4_000_000, 9_000_000, 300_000];

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * The starting portfolio: four accounts with ten months of purchases, one in
 * each tier of the default policy (¥12k–¥1.2M a year), three with an agreement.
 */
function seedModel(): Model {
  const model: Model = { accounts: new Map(), transactions: [], payments: [], interactions: [] };
  for (let index = 0; index < 4; index++) {
    const id = `a-${index}`;
    model.accounts.set(id, {
      id,
      name: `客户 ${index}`,
      division: '华东',
      ownerA: USERS[index % 2]!.id,
      ownerB: null,
      flags: index < 3 ? ['agreement'] : [],
      attributes: { creditScore: 60 + index * 10 },
    });
    for (let month = 1; month <= 10; month++)
      model.transactions.push({
        id: `t-${id}-${month}`,
        accountId: id,
        date: `2026-${pad(month)}-15`,
        amountFen: MONTHLY_FEN[index]! * (month % 3 === 0 ? 2 : 1),
        category: 'general',
      });
  }
  return model;
}

/** Load a store in bulk with everything in the model (the from-scratch side). */
async function loadInBulk(store: Store, model: Model): Promise<void> {
  await store.putUsers(USERS, WRITE);
  await store.putAccounts([...model.accounts.values()], WRITE);
  await store.insertTransactions(model.transactions, WRITE);
  await store.insertPayments(model.payments, WRITE);
  await store.insertInteractions(model.interactions, WRITE);
}

/** Apply one write to the store, as a user's command would, and to the model. */
async function apply(store: Store, model: Model, write: Write, serial: number): Promise<void> {
  const ids = [...model.accounts.keys()];
  const pick = (index: number) => ids[index % ids.length]!;
  switch (write.kind) {
    case 'transaction': {
      const row: Transaction = {
        id: `t-w${serial}`,
        accountId: pick(write.account),
        date: `2026-${pad(write.month)}-${pad(write.day)}`,
        amountFen: write.amount,
        category: CATEGORIES[write.category]!,
      };
      model.transactions.push(row);
      await store.insertTransactions([row], WRITE);
      return;
    }
    case 'payment': {
      const row = {
        id: `p-w${serial}`,
        accountId: pick(write.account),
        date: `2026-${pad(write.month)}-10`,
        amountFen: write.amount,
      };
      model.payments.push(row);
      await store.insertPayments([row], WRITE);
      return;
    }
    case 'interaction': {
      const at = new Date(Date.parse('2026-07-15T02:00:00Z') + write.day * 86_400_000).toISOString();
      const row: Interaction = {
        id: `i-w${serial}`,
        accountId: pick(write.account),
        kind: KINDS[write.interaction]!,
        at,
        userId: USERS[write.user]!.id,
        actorLevel: LEVELS[write.level]!,
      };
      model.interactions.push(row);
      await store.insertInteractions([row], WRITE);
      return;
    }
    case 'edit': {
      const id = pick(write.account);
      const position = ids.indexOf(id);
      // A parent earlier in the list: the structure tree never has a cycle.
      const parentId = write.parent === null || position === 0 ? null : ids[write.parent % position]!;
      const attributes: Record<string, number> = {};
      if (write.credit !== null) attributes.creditScore = write.credit;
      if (write.potential !== null) attributes.potential = write.potential;
      if (write.standing !== null) attributes.industryStanding = write.standing;
      const account: AccountInput = {
        ...model.accounts.get(id)!,
        flags: write.flags,
        ownerA: write.owner === null ? null : USERS[write.owner]!.id,
        attributes,
        parentId,
      };
      model.accounts.set(id, account);
      await store.putAccount(account, WRITE);
      return;
    }
    case 'add': {
      const id = `a-new-${serial}`;
      const account: AccountInput = {
        id,
        name: `新客户 ${serial}`,
        division: '华东',
        ownerA: 'u-2',
        ownerB: null,
        flags: write.flags,
      };
      const row: Transaction = {
        id: `t-w${serial}`,
        accountId: id,
        date: `${MONTH}-05`,
        amountFen: write.amount,
        category: 'general',
      };
      model.accounts.set(id, account);
      model.transactions.push(row);
      await store.putAccount(account, WRITE);
      await store.insertTransactions([row], WRITE);
      return;
    }
    case 'refresh':
      return;
  }
}

const inThisThread: ComputeMonthFunction = async (inputs, policies, options) =>
  computeMonth(inputs, policies, options);

/** Run the property on stores made by `makeStore` (each run gets an empty one). */
async function refreshEqualsRecompute(
  makeStore: () => Promise<Store>,
  writes: readonly Write[],
): Promise<void> {
  const policies = defaultPolicies();
  const model = seedModel();
  const store = await makeStore();
  const errors: unknown[] = [];
  const jobs = startRefreshJobs(
    { store, policies },
    { debounceMs: 1, pollMs: 3_600_000, compute: inThisThread, onError: (error) => errors.push(error) },
  );
  try {
    await loadInBulk(store, model);
    // September closed (`kamkit run`): its tiers are the history October's hysteresis reads.
    await refreshMonth({ store, policies, month: '2026-09', record: true, now: () => new Date(WRITE.at) });
    await ensureMonthResults({ store, policies, month: MONTH });
    await jobs.idle();
    for (const [serial, write] of writes.entries()) {
      await apply(store, model, write, serial);
      jobs.changed();
      if (write.kind === 'refresh') await jobs.idle();
    }
    await jobs.idle();
    expect(errors).toEqual([]);
    expect((await monthFreshness(store, MONTH, policies))?.stale).toBe(false);

    const scratch = createMemoryStore();
    await loadInBulk(scratch, model);
    await scratch.saveTierAssignments(await store.listTierAssignments({ period: '2026-09' }));
    const expected = computeMonth(
      await readReportInputs(scratch, { asOf: MONTH, today: TODAY, policies }),
      policies,
    );
    const normal = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

    const stored = await store.results.listAccountMonths(MONTH);
    const wanted = normal([...expected.accounts].sort((a, b) => a.rank - b.rank));
    // Field by field first, so a failure names what differs.
    expect(
      stored.map((row) => [row.accountId, row.rank, row.score.value, row.tier.tier, row.tier.admitted]),
    ).toEqual(
      wanted.map((row) => [row.accountId, row.rank, row.score.value, row.tier.tier, row.tier.admitted]),
    );
    expect(stored.map((row) => row.alerts)).toEqual(wanted.map((row) => row.alerts));
    expect(stored.map((row) => row.dueActions)).toEqual(wanted.map((row) => row.dueActions));
    expect(stored).toEqual(wanted);
    expect(await store.results.getPortfolioMonth(MONTH)).toEqual(normal(expected.portfolio));
    expect(await store.results.getAgendas(MONTH)).toEqual(normal(expected.agendas));
    expect((await store.results.monthMeta(MONTH))?.accountCount).toBe(model.accounts.size);
  } finally {
    await jobs.stop();
    await store.close();
  }
}

describe('refresh vs recompute', () => {
  it('memory store: refreshed results equal a recomputation from scratch after any writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(writeArbitrary, { minLength: 1, maxLength: 25 }), (writes) =>
        refreshEqualsRecompute(async () => createMemoryStore(), writes),
      ),
      { numRuns: 60 },
    );
  }, 600_000);

  describe('PGlite', () => {
    const pglite = usePglite();
    it('embedded store: refreshed results equal a recomputation from scratch after any writes', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(writeArbitrary, { minLength: 1, maxLength: 20 }), (writes) =>
          refreshEqualsRecompute(() => pglite.freshStore(), writes),
        ),
        { numRuns: 15 },
      );
    }, 900_000);
  });
});
