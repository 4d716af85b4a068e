import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { account, interaction } from './__fixtures__/portfolio.js';
import { dueActions, type OwnerAgenda } from './due-actions.js';
import { CRM_SERVICE_POLICY, POSTAL_SERVICE_POLICY, RETAIL_SERVICE_POLICY } from './presets.js';
import { loadServicePolicyFile, type ServicePolicy, type ServiceRule } from './service-policy.js';

const presetPath = (name: string) => fileURLToPath(new URL(`./presets/${name}.json`, import.meta.url));

function rulesFor(policy: ServicePolicy, tier: string): ServiceRule[] {
  return policy.rules.filter(
    (rule) => rule.tiers === 'all' || (Array.isArray(rule.tiers) && rule.tiers.includes(tier)),
  );
}

function actionIds(agendas: OwnerAgenda[]): string[] {
  return agendas.flatMap((agenda) =>
    [...agenda.overdue, ...agenda.due, ...agenda.upcoming].map((a) => a.ruleId),
  );
}

describe('retail preset (seed001)', () => {
  it('loads from disk to the exported policy', async () => {
    expect(await loadServicePolicyFile(presetPath('retail'))).toEqual(RETAIL_SERVICE_POLICY);
  });

  it('reproduces the seed: A-1 and A-2 phoned every 2 weeks, B-1 every 3, A-1 revisited quarterly; seed004 care on key dates for all', () => {
    const cadence = (tier: string) =>
      rulesFor(RETAIL_SERVICE_POLICY, tier).map((rule) =>
        rule.kind === 'interval'
          ? `${rule.id}:${rule.actorLevel}:${rule.every.count}${rule.every.unit}`
          : rule.id,
      );
    expect(cadence('A-1')).toEqual([
      'specialist-call-a:specialist:2week',
      'department-head-revisit:supervisor:1quarter',
      'year-end-card',
      'festival-executive-contact',
      'weekly-visit-plan',
      'customer-key-dates',
      'contact-birthdays',
    ]);
    expect(cadence('A-2')).toEqual([
      'specialist-call-a:specialist:2week',
      'festival-executive-contact',
      'weekly-visit-plan',
      'customer-key-dates',
      'contact-birthdays',
    ]);
    expect(cadence('B-1')).toEqual([
      'specialist-call-b1:specialist:3week',
      'year-end-card',
      'festival-executive-contact',
      'weekly-visit-plan',
      'customer-key-dates',
      'contact-birthdays',
    ]);
    const festival = RETAIL_SERVICE_POLICY.rules.find((rule) => rule.id === 'festival-executive-contact');
    expect(festival).toMatchObject({ actorLevel: 'executive', occasions: ['mid-autumn', 'spring-festival'] });
  });

  it('before Mid-Autumn 2026, an A-1 account owes its call, the executive greeting and the Saturday plan', () => {
    const agendas = dueActions({
      policy: RETAIL_SERVICE_POLICY,
      accounts: [account({ id: 'store-1', ownerA: 'li', createdAt: '2026-01-05T09:00:00+08:00' })],
      tierOf: () => 'A-1',
      interactions: [
        interaction({ accountId: 'store-1', kind: 'call', at: '2026-09-05' }),
        interaction({ accountId: 'store-1', kind: 'visit', at: '2026-08-10', actorLevel: 'supervisor' }),
      ],
      today: '2026-09-19',
    });
    expect(agendas.map((agenda) => agenda.ownerId)).toEqual(['li']);
    expect(actionIds(agendas).sort()).toEqual([
      'festival-executive-contact',
      'specialist-call-a',
      'weekly-visit-plan',
    ]);
    expect(agendas[0]?.overdue.map((action) => action.ruleId)).toEqual([]);
    expect(agendas[0]?.due.find((action) => action.ruleId === 'specialist-call-a')?.dueDate).toBe(
      '2026-09-19',
    );
  });
});

describe('postal preset (seed001)', () => {
  it('loads from disk to the exported policy', async () => {
    expect(await loadServicePolicyFile(presetPath('postal'))).toEqual(POSTAL_SERVICE_POLICY);
  });

  it('reproduces the seed table per tier', () => {
    const summary = (tier: string) =>
      rulesFor(POSTAL_SERVICE_POLICY, tier).map((rule) => {
        if (rule.kind === 'frequency')
          return `${rule.actorLevel} ${rule.atLeast}${rule.atMost ? `-${rule.atMost}` : '+'}/${rule.per}`;
        if (rule.kind === 'interval') return `profile every ${rule.every.count} ${rule.every.unit}`;
        return rule.id;
      });
    expect(summary('platinum')).toEqual([
      'executive 1-2/year',
      'specialist 1+/month',
      'profile every 1 quarter',
    ]);
    expect(summary('gold-professional')).toEqual([
      'executive 1-2/year',
      'specialist 1+/month',
      'profile every 2 month',
    ]);
    expect(summary('gold-comprehensive')).toEqual([
      'supervisor 1-2/year',
      'specialist 2+/month',
      'profile every 2 month',
    ]);
    expect(summary('vip')).toEqual(['supervisor 1-2/year', 'specialist 1+/month', 'profile every 1 month']);
    expect(summary('ordinary')).toEqual(['supervisor 1-2/year']);
  });

  it('a comprehensive Gold account with one visit this month and none last month is overdue for both owners', () => {
    const agendas = dueActions({
      policy: POSTAL_SERVICE_POLICY,
      accounts: [account({ id: 'bank', ownerA: 'wang', ownerB: 'zhao' })],
      tierOf: () => 'gold-comprehensive',
      interactions: [
        interaction({ accountId: 'bank', kind: 'visit', at: '2026-10-08' }),
        interaction({ accountId: 'bank', kind: 'visit', at: '2026-03-02', actorLevel: 'supervisor' }),
        interaction({ accountId: 'bank', kind: 'profile-update', at: '2026-09-01' }),
      ],
      today: '2026-10-12',
    });
    expect(agendas.map((agenda) => agenda.ownerId)).toEqual(['wang', 'zhao']);
    const overdue = agendas[0]?.overdue[0];
    expect(overdue).toMatchObject({
      ruleId: 'account-manager-visit-comprehensive-gold',
      dueDate: '2026-09-30',
      daysOverdue: 12,
      progress: { done: 1, required: 2 },
    });
    expect(actionIds(agendas)).not.toContain('unit-head-visit');
  });
});

describe('CRM preset (seed002)', () => {
  it('loads from disk and asks for one recorded action per month on each lead', async () => {
    expect(await loadServicePolicyFile(presetPath('crm'))).toEqual(CRM_SERVICE_POLICY);
    const agendas = dueActions({
      policy: CRM_SERVICE_POLICY,
      accounts: [
        account({ id: 'deal', ownerA: 'sun', flags: ['opportunity'] }),
        account({ id: 'plain', ownerA: 'sun' }),
      ],
      tierOf: () => null,
      interactions: [interaction({ accountId: 'deal', kind: 'email', at: '2026-09-10' })],
      today: '2026-10-15',
    });
    expect(agendas[0]?.due.map((action) => action.accountId)).toEqual(['deal']);
  });
});
