import { describe, expect, it } from 'vitest';
import { generatePortfolio } from '../../demo/generate-portfolio.js';
import { defaultPolicies } from '../../portfolio/policies.js';
import { runPortfolio } from '../../portfolio/run-portfolio.js';
import { createMemoryStore } from '../../store/index.js';
import { demoSource } from '../__fixtures__/demo-source.js';
import { loadReportSource } from './source.js';

describe('loadReportSource', () => {
  it('takes the previous month’s tiers from the stored history', async () => {
    const { source, store } = await demoSource();
    const stored = await store.listTierAssignments({ period: '2026-09', policyId: source.policies.tiers.id });
    expect(source.previousTiers).toEqual(stored.map((row) => ({ accountId: row.accountId, tier: row.tier })));
    expect(source.contacts.length).toBeGreaterThan(0);
    // Contacts read at once come in the same order as one read per account.
    const perAccount = [];
    for (const account of source.run.accounts) perAccount.push(...(await store.listContacts(account.id)));
    expect(source.contacts).toEqual(perAccount);
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
    // The same tiers a full run of the previous month gives.
    const previous = await runPortfolio({ store, policies: defaultPolicies(), asOf: '2026-09', save: false });
    expect(source.previousTiers).toEqual(
      previous.tiers.map((row) => ({ accountId: row.accountId, tier: row.tier })),
    );
  });

  it('computes the previous month’s tiers from the history before it when that month is not stored', async () => {
    const store = createMemoryStore();
    const portfolio = generatePortfolio({ asOf: '2026-10', accounts: 30 });
    for (const account of portfolio.accounts) await store.putAccount(account, { actor: 'test' });
    await store.insertTransactions(portfolio.transactions);
    const policies = defaultPolicies();
    for (const month of ['2026-06', '2026-07', '2026-08'])
      await runPortfolio({ store, policies, asOf: month });
    const source = await loadReportSource({ store, asOf: '2026-10', policies });
    const previous = await runPortfolio({ store, policies, asOf: '2026-09', save: false });
    expect(source.previousTiers).toEqual(
      previous.tiers.map((row) => ({ accountId: row.accountId, tier: row.tier })),
    );
    expect((await store.listTierAssignments({ period: '2026-09' })).length).toBe(0);
  });
});
