import { describe, expect, it } from 'vitest';
import { generatePortfolio } from '../../demo/generate-portfolio.js';
import { createMemoryStore } from '../../store/index.js';
import { demoSource } from '../__fixtures__/demo-source.js';
import { loadReportSource } from './source.js';

describe('loadReportSource', () => {
  it('takes the previous month’s tiers from the stored history', async () => {
    const { source, store } = await demoSource();
    const stored = await store.listTierAssignments({ period: '2026-09', policyId: source.policies.tiers.id });
    expect(source.previousTiers).toEqual(stored.map((row) => ({ accountId: row.accountId, tier: row.tier })));
    expect(source.contacts.length).toBeGreaterThan(0);
    expect(source.run.asOf).toBe('2026-10');
  });

  it('computes the previous month’s tiers when none are stored, and saves nothing', async () => {
    const store = createMemoryStore();
    const portfolio = generatePortfolio({ asOf: '2026-10', accounts: 20 });
    for (const account of portfolio.accounts) await store.putAccount(account, { actor: 'test' });
    await store.insertTransactions(portfolio.transactions);
    const source = await loadReportSource({ store, asOf: '2026-10' });
    expect(source.previousTiers).toHaveLength(portfolio.accounts.length);
    expect(await store.listTierAssignments({})).toEqual([]);
  });
});
