import { describe, expect, it } from 'vitest';
import type { Account } from '../domain/account.js';
import { createMemoryStore } from '../store/memory-store.js';
import { defaultPolicies } from './policies.js';
import { runPortfolio } from './run-portfolio.js';

const account = (id: string, flags: string[] = []): Account => ({
  id,
  name: id,
  aliases: [],
  parentId: null,
  type: 'private',
  division: '华东',
  flags,
  ownerA: null,
  ownerB: null,
  attributes: {},
});

/** ¥1,000 a month through 2025 (¥12,000 last year), then `october` yuan in October 2026. */
function transactions(accountId: string, october: number) {
  const rows = [];
  for (let month = 1; month <= 12; month++) {
    rows.push({
      id: `${accountId}-2025-${month}`,
      accountId,
      date: `2025-${String(month).padStart(2, '0')}-10`,
      amountFen: 100_000,
      category: 'general',
    });
  }
  rows.push({
    id: `${accountId}-2026-10`,
    accountId,
    date: '2026-10-10',
    amountFen: october * 100,
    category: 'general',
  });
  return rows;
}

describe('runPortfolio', () => {
  it('applies the separate admission policy (DOMAIN.md §2 example 2): ¥800 this month is not a key account, ¥1,000 is, an agreement always is', async () => {
    const store = createMemoryStore();
    const meta = { actor: 'test' };
    for (const entry of [account('low'), account('enough'), account('signed', ['agreement'])])
      await store.putAccount(entry, meta);
    await store.insertTransactions([
      ...transactions('low', 800),
      ...transactions('enough', 1_000),
      ...transactions('signed', 800),
    ]);
    const run = await runPortfolio({ store, policies: defaultPolicies(), asOf: '2026-10', save: false });
    const byId = new Map(run.tiers.map((assignment) => [assignment.accountId, assignment] as const));
    expect(byId.get('low')).toMatchObject({ admitted: false, tier: null });
    expect(byId.get('low')!.explanation.text.en).toContain('admission not met');
    // The way up names what admission still needs (here ¥200 more this month) as well as the tier's floor.
    expect(byId.get('low')!.upgrade!.text.en).toBe(
      "¥7,200 more annual revenue (last 12 months) (threshold ¥10,000); ¥200 more this month's revenue (threshold ¥1,000) to reach VIP",
    );
    expect(byId.get('enough')).toMatchObject({ admitted: true });
    expect(byId.get('signed')).toMatchObject({ admitted: true });
  });

  it('tiers every account when no admission policy is given (open entry)', async () => {
    const store = createMemoryStore();
    await store.putAccount(account('low'), { actor: 'test' });
    await store.insertTransactions(transactions('low', 800));
    const { admission: _, ...open } = defaultPolicies();
    const run = await runPortfolio({ store, policies: open, asOf: '2026-10', save: false });
    expect(run.tiers[0]).toMatchObject({ accountId: 'low', admitted: true });
  });

  it('saves its alerts as work items, and overdue complaints as alerts, keeping causes across reruns', async () => {
    const store = createMemoryStore();
    await store.putAccount(account('volatile'), { actor: 'test' });
    await store.insertTransactions([
      // ¥10,000 every month through September 2026, then ¥5,000 in October: a 50 % swing.
      ...Array.from({ length: 21 }, (_, index) => {
        const month = `${2025 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
        return {
          id: `v-${month}`,
          accountId: 'volatile',
          date: `${month}-10`,
          amountFen: 1_000_000,
          category: 'general',
        };
      }),
      { id: 'v-2026-10', accountId: 'volatile', date: '2026-10-10', amountFen: 500_000, category: 'general' },
    ]);
    await store.putComplaint(
      {
        id: 'Q1',
        accountId: 'volatile',
        channel: 'phone',
        summary: '投递延误',
        receivedAt: '2026-10-01T02:00:00Z',
      },
      { actor: 'test' },
    );
    const policies = defaultPolicies();
    const run = await runPortfolio({ store, policies, asOf: '2026-10', actor: 'u-1' });
    const stored = await store.listAlerts();
    expect(stored.map((row) => row.kind).sort()).toEqual(
      [...run.alerts.map((alert) => alert.kind), 'complaint-overdue'].sort(),
    );
    expect(stored.find((row) => row.kind === 'complaint-overdue')).toMatchObject({
      id: 'complaint-overdue|volatile|Q1',
      status: 'open',
    });
    const swing = stored.find((row) => row.kind === 'fluctuation')!;
    await store.saveAlerts([{ ...swing, status: 'explained', cause: 'price' }]);
    await runPortfolio({ store, policies, asOf: '2026-10', actor: 'u-1' });
    expect((await store.listAlerts({ ids: [swing.id] }))[0]).toMatchObject({
      status: 'explained',
      cause: 'price',
    });
  });
});
