import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { initConfigText } from '../config/init-config.js';
import { parseConfig } from '../config/load-config.js';
import { type DemoPortfolio, generatePortfolio } from '../demo/generate-portfolio.js';
import { seedDemoPortfolio } from '../demo/seed-demo.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/port.js';
import { runPortfolio } from './run-portfolio.js';
import { SCHEME_PRESETS, SCHEMES, schemePolicies } from './schemes.js';

let demo: DemoPortfolio;
let store: Store;

beforeAll(async () => {
  demo = generatePortfolio({ asOf: '2026-10', accounts: 120 });
  store = createMemoryStore();
  await seedDemoPortfolio(store, demo);
}, 120_000);

describe.each(SCHEMES)('the %s scheme', (scheme) => {
  it('loads from the file `kamkit init --preset` writes, with its own cadence (not starter)', async () => {
    const text = initConfigText({ preset: scheme, locale: 'en' });
    const config = await parseConfig(parseYaml(text), { file: '/tmp/kamkit.config.yaml', env: {} });
    const expected = schemePolicies(scheme);
    expect(config.policies.tiers.id).toBe(expected.tiers.id);
    expect(config.policies.service.id).toBe(expected.service.id);
    expect(config.policies.service.id).not.toBe('starter');
    expect(config.policies.alerts.id).toBe(expected.alerts.id);
    expect(config.policies.admission?.id).toBe(expected.admission?.id);
    expect(text).toContain(`service: ${SCHEME_PRESETS[scheme].service}`);
  });

  it('tiers the demo portfolio and lists due actions for its owners', async () => {
    const policies = schemePolicies(scheme);
    const run = await runPortfolio({ store, policies, asOf: '2026-10', today: '2026-10-31', save: false });
    const tiered = run.tiers.filter((assignment) => assignment.tier !== null);
    expect(tiered.length).toBeGreaterThan(0);
    const actions = run.agendas.flatMap((agenda) => [...agenda.overdue, ...agenda.due]);
    expect(actions.length).toBeGreaterThan(0);
    // Every listed action belongs to a rule of the scheme's cadence, on a tier of the scheme's tiers.
    const rules = new Set(policies.service.rules.map((rule) => rule.id));
    const tiers = new Set(policies.tiers.tiers.map((tier) => tier.id));
    for (const action of actions) {
      expect(rules.has(action.ruleId)).toBe(true);
      if (action.tier !== null) expect(tiers.has(action.tier)).toBe(true);
    }
  });
});

describe('scheme specifics', () => {
  it('postal tells professional from comprehensive Gold by the business lines used', async () => {
    const run = await runPortfolio({
      store,
      policies: schemePolicies('postal'),
      asOf: '2026-10',
      save: false,
    });
    const tiers = new Set(run.tiers.map((assignment) => assignment.tier));
    expect(tiers.has('platinum') || tiers.has('gold-comprehensive') || tiers.has('vip')).toBe(true);
    const gold = run.tiers.find((assignment) => assignment.tier === 'gold-comprehensive');
    if (gold) expect(gold.explanation.text.en).toContain('business lines');
  });

  it('retail puts the follow-up classes on the spend ladder: ¥1,500,000 → A-1, ¥1,499,999 → A-2, ¥150,000 → B-1, ¥149,999 → none', async () => {
    const small = createMemoryStore();
    const spends = { a: 1_500_000, b: 1_499_999, c: 150_000, d: 149_999 };
    for (const id of Object.keys(spends)) {
      await small.putAccount(
        {
          id,
          name: id,
          aliases: [],
          parentId: null,
          type: 'private',
          division: '华东',
          flags: [],
          ownerA: 'u-1',
          ownerB: null,
          attributes: {},
        },
        { actor: 'test' },
      );
    }
    await small.insertTransactions(
      Object.entries(spends).map(([accountId, yuan]) => ({
        id: `t-${accountId}`,
        accountId,
        date: '2026-03-01',
        amountFen: yuan * 100,
        category: '礼品',
      })),
    );
    const run = await runPortfolio({
      store: small,
      policies: schemePolicies('retail'),
      asOf: '2026-10',
      save: false,
    });
    const tierOf = Object.fromEntries(run.tiers.map((assignment) => [assignment.accountId, assignment.tier]));
    expect(tierOf).toEqual({ a: 'A-1', b: 'A-2', c: 'B-1', d: null });
    const due = run.agendas.flatMap((agenda) => [...agenda.overdue, ...agenda.due]);
    // B-1 is phoned every three weeks, A-1 and A-2 every two; nothing is owed to a non-key account.
    expect(due.some((action) => action.accountId === 'c' && action.ruleId === 'specialist-call-b1')).toBe(
      true,
    );
    expect(due.some((action) => action.accountId === 'a' && action.ruleId === 'specialist-call-a')).toBe(
      true,
    );
    expect(due.some((action) => action.accountId === 'd')).toBe(false);
  });

  it('the postal alerts carry the report deadlines (the 28th, the 5th) and their own causes', () => {
    const alerts = schemePolicies('postal').alerts;
    expect(alerts.reportDeadlines).toEqual({ unitDay: 28, divisionDay: 5, remindDaysBefore: 3 });
    expect(schemePolicies('airline').alerts.causes.map((cause) => cause.label['zh-CN'])).toEqual([
      '员工',
      '报价',
      '服务',
      '其他',
    ]);
  });
});
