import { describe, expect, it } from 'vitest';
import { demoSource } from '../__fixtures__/demo-source.js';
import { buildKpiScorecard, loadKpiTargets } from './kpi-scorecard.js';

describe('buildKpiScorecard on the demo portfolio', () => {
  it('revenue per manager adds up to the revenue of owned accounts; attainment against targets as data', async () => {
    const { source, portfolio } = await demoSource();
    const owner = portfolio.accounts.find((account) => account.ownerA !== null)!.ownerA!;
    const targets = loadKpiTargets([{ ownerId: owner, revenue: '50万', newKeyAccounts: 1 }]);
    const scorecard = buildKpiScorecard(source, { period: '2026-10', targets });
    const owned = new Set(portfolio.accounts.filter((a) => a.ownerA === owner).map((a) => a.id));
    const revenue = portfolio.transactions
      .filter((t) => owned.has(t.accountId) && t.date.startsWith('2026-10'))
      .reduce((sum, t) => sum + t.amountFen, 0);
    const line = scorecard.lines.find((entry) => entry.ownerId === owner)!;
    expect(line.accounts).toBe(owned.size);
    expect(line.revenueFen).toBe(revenue);
    expect(line.targetFen).toBe(50_000_000);
    expect(line.attainment).toBeCloseTo(revenue / 50_000_000, 12);
    const withOwner = portfolio.transactions.filter((t) => {
      const account = portfolio.accounts.find((a) => a.id === t.accountId);
      return account?.ownerA !== null && t.date.startsWith('2026-10');
    });
    expect(scorecard.totals.revenueFen).toBe(withOwner.reduce((sum, t) => sum + t.amountFen, 0));
  });

  it('new and lost key accounts match the tier moves; coverage counts contacts by stage and role', async () => {
    const { source } = await demoSource();
    const scorecard = buildKpiScorecard(source);
    const before = new Map(source.previousTiers.map((row) => [row.accountId, row.tier]));
    const entered = source.run.tiers.filter(
      (t) =>
        (before.get(t.accountId) ?? null) === null &&
        t.tier !== null &&
        source.run.accounts.find((a) => a.id === t.accountId)!.ownerA !== null,
    ).length;
    expect(scorecard.totals.newKeyAccounts).toBe(entered);
    for (const line of scorecard.lines) {
      const stages = Object.values(line.coverage.byStage).reduce((sum, value) => sum + value, 0);
      const roles = Object.values(line.coverage.byRole).reduce((sum, value) => sum + value, 0);
      expect(stages).toBe(line.coverage.contacts);
      expect(roles).toBe(line.coverage.contacts);
      expect(line.coverage.decisionMakerTrusted).toBeLessThanOrEqual(line.keyAccounts);
    }
    expect(scorecard.lines.reduce((sum, line) => sum + line.coverage.contacts, 0)).toBeGreaterThan(0);
  });

  it('counts complaints received and resolved in the period for the owner of the account', async () => {
    const { source } = await demoSource();
    const account = source.run.accounts.find((a) => a.ownerA !== null)!;
    const complaints = [
      {
        id: 'c1',
        accountId: account.id,
        channel: 'phone' as const,
        summary: '延误',
        receivedAt: '2026-10-03T02:00:00Z',
        assignedTo: 'x',
        assignedAt: '2026-10-03T03:00:00Z',
        causeAnalysis: 'a',
        measures: 'm',
        analysedAt: '2026-10-04T00:00:00Z',
        resolvedAt: '2026-10-05T00:00:00Z',
      },
      {
        id: 'c2',
        accountId: account.id,
        channel: 'online' as const,
        summary: '发票',
        receivedAt: '2026-10-31T17:00:00Z',
      },
    ];
    const line = buildKpiScorecard({ ...source, complaints }, { period: '2026-10' }).lines.find(
      (entry) => entry.ownerId === account.ownerA,
    )!;
    // c2 arrives on 1 November in Shanghai: outside October.
    expect(line.complaints).toEqual({ received: 1, resolved: 1, followedUp: 0, open: 1 });
  });

  it('rejects a bad target with the path of the field', () => {
    expect(() => loadKpiTargets([{ ownerId: 'u1', revenue: 'lots' }])).toThrow(
      expect.objectContaining({ path: '[0].revenue' }),
    );
  });
});
