import { describe, expect, it } from 'vitest';
import { dueActions } from '../cadence/due-actions.js';
import { runDemo } from '../cli/demo.js';
import { defaultPolicies } from '../portfolio/policies.js';
import { createMemoryStore } from '../store/memory-store.js';
import { generateContactHistory } from './generate-contact-history.js';
import { generatePortfolio } from './generate-portfolio.js';

const TODAY = '2026-11-05';

describe('demo contact history (联系记录)', () => {
  const portfolio = generatePortfolio({ asOf: '2026-10' });
  const { policy, tiers } = (() => {
    const service = defaultPolicies().service;
    return {
      policy: service,
      tiers: service.rules.flatMap((rule) => (Array.isArray(rule.tiers) ? rule.tiers : [])),
    };
  })();

  it('is deterministic and stays within the owned accounts and the months before asOf', () => {
    const again = generateContactHistory(portfolio.accounts, { asOf: '2026-10' });
    expect(again.interactions).toEqual(portfolio.interactions);
    const owned = new Set(
      portfolio.accounts.filter((account) => account.ownerA).map((account) => account.id),
    );
    for (const interaction of portfolio.interactions) {
      expect(owned.has(interaction.accountId)).toBe(true);
      expect(
        interaction.at >= '2025-10-31T16:00:00.000Z' && interaction.at < '2026-10-31T16:00:00.000Z',
      ).toBe(true);
    }
    expect(new Set(portfolio.interactions.map((interaction) => interaction.id)).size).toBe(
      portfolio.interactions.length,
    );
    // A few tens of contacts a year per account: enough for the cadence, little enough to seed quickly.
    expect(portfolio.interactions.length).toBeLessThan(60 * portfolio.accounts.length);
  });

  it('serves an account on time under every tier of the default service policy unless its owner let things slide', () => {
    const { habits } = generateContactHistory(portfolio.accounts, { asOf: '2026-10' });
    for (const tier of new Set(tiers)) {
      const agendas = dueActions({
        policy,
        accounts: portfolio.accounts,
        tierOf: () => tier,
        interactions: portfolio.interactions,
        today: TODAY,
      });
      const late = new Set(agendas.flatMap((agenda) => agenda.overdue.map((action) => action.accountId)));
      for (const accountId of late)
        expect(habits.get(accountId!)?.lapseDays ?? 0, `${accountId} ${tier}`).toBeGreaterThan(0);
    }
  });

  it('on the demo, leaves most key accounts with no overdue duty and the late handful days to a few months late', async () => {
    const store = createMemoryStore();
    const { run } = await runDemo({ store, locale: 'en', asOf: '2026-10', write: () => undefined });
    const tierOf = new Map(run.tiers.map((assignment) => [assignment.accountId, assignment.tier] as const));
    const agendas = dueActions({
      policy,
      accounts: run.accounts,
      tierOf: (accountId) => tierOf.get(accountId) ?? null,
      interactions: await store.listInteractions(),
      today: TODAY,
    });
    const keyAccounts = run.accounts.filter((account) => account.ownerA && tierOf.get(account.id));
    const overdue = agendas.flatMap((agenda) => agenda.overdue);
    const lateAccounts = new Set(overdue.map((action) => action.accountId));
    expect(keyAccounts.length).toBeGreaterThan(200);
    // A realistic handful: between 5 % and 15 % of the owned key accounts have something overdue…
    expect(lateAccounts.size).toBeGreaterThanOrEqual(keyAccounts.length * 0.05);
    expect(lateAccounts.size).toBeLessThanOrEqual(keyAccounts.length * 0.15);
    // …by days to a few months, never a wall of year-old duties.
    expect(Math.max(...overdue.map((action) => action.daysOverdue))).toBeLessThanOrEqual(120);
    expect(overdue.every((action) => action.lastDone !== null)).toBe(true);
    // Every account manager sees a short overdue list, not dozens of items.
    for (const agenda of agendas)
      expect(agenda.overdue.length, String(agenda.ownerId)).toBeLessThanOrEqual(20);
  }, 60_000);
});
