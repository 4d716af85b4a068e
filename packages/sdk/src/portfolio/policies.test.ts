import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadAlertPolicyFile } from '../alerts/alert-policy.js';
import { runAlerts } from '../alerts/run-alerts.js';
import { dueActions } from '../cadence/due-actions.js';
import { loadServicePolicyFile } from '../cadence/service-policy.js';
import type { Account } from '../domain/account.js';
import { aggregateTransactions } from '../metrics/aggregate.js';
import { FigureContext } from '../metrics/figures.js';
import { defaultPolicies } from './policies.js';

const preset = (name: string) => fileURLToPath(new URL(`./presets/${name}`, import.meta.url));
const account = (id: string, flags: string[] = []): Account => ({
  id,
  name: id,
  aliases: [],
  parentId: null,
  type: 'private',
  division: '华东',
  flags,
  ownerA: 'u-li',
  ownerB: null,
  attributes: {},
});

describe('default policy presets', () => {
  it('load from their files exactly as defaultPolicies() bundles them', async () => {
    const policies = defaultPolicies();
    expect(await loadServicePolicyFile(preset('service.json'))).toEqual(policies.service);
    expect(await loadAlertPolicyFile(preset('alerts.json'))).toEqual(policies.alerts);
  });

  it('alerts: a 31 % monthly drop is flagged, a 29 % one is not, and one-off accounts are left out', async () => {
    const policy = await loadAlertPolicyFile(preset('alerts.json'));
    const accounts = [account('drop'), account('dip'), account('once', ['one-off'])];
    const transactions = [];
    for (const [id, october] of [
      ['drop', 69_000],
      ['dip', 71_000],
      ['once', 10_000],
    ] as const) {
      for (let month = 1; month <= 9; month++) {
        transactions.push({
          id: `${id}-${month}`,
          accountId: id,
          date: `2026-${String(month).padStart(2, '0')}-10`,
          amountFen: 10_000_000,
          category: 'general',
        });
      }
      transactions.push({
        id: `${id}-10`,
        accountId: id,
        date: '2026-10-10',
        amountFen: october * 100,
        category: 'general',
      });
    }
    const context = new FigureContext({
      accounts,
      aggregates: aggregateTransactions(transactions),
      asOf: '2026-10',
    });
    const flagged = runAlerts({ policy, context, asOf: '2026-10-31' })
      .filter((alert) => alert.kind === 'fluctuation')
      .map((alert) => alert.accountId);
    expect(flagged).toEqual(['drop']);
  });

  it('service: Gold is owed two account-manager visits a month, Platinum and VIP one', async () => {
    const policy = await loadServicePolicyFile(preset('service.json'));
    const accounts = [account('g'), account('p'), account('v')];
    const tiers: Record<string, string> = { g: 'gold', p: 'platinum', v: 'vip' };
    const agendas = dueActions({
      policy,
      accounts,
      tierOf: (id) => tiers[id] ?? null,
      interactions: [],
      today: '2026-10-20',
    });
    const visits = agendas
      .flatMap((agenda) => [...agenda.overdue, ...agenda.due, ...agenda.upcoming])
      .filter((action) => action.ruleId.startsWith('account-manager-visit'));
    const required = Object.fromEntries(
      visits.map((action) => [action.accountId, action.progress?.required]),
    );
    expect(required).toEqual({ g: 2, p: 1, v: 1 });
  });
});
