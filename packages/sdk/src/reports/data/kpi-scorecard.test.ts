import { describe, expect, it } from 'vitest';
import { ContractSchema } from '../../contracts/contract.js';
import { SurveyResponseSchema } from '../../satisfaction/survey.js';
import { demoSource } from '../__fixtures__/demo-source.js';
import { renderReport } from '../render/render-report.js';
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

  it('collections: received in the period on owned accounts, rate over billed revenue, attainment vs target', async () => {
    const { source, portfolio } = await demoSource();
    const ownerOfAccount = new Map(
      portfolio.accounts.map((account) => [account.id, account.ownerA] as const),
    );
    const inQ3 = (date: string) => date >= '2026-07-01' && date <= '2026-09-30';
    // Expected figures straight from the generated rows, per owner A.
    const collected = new Map<string, { fen: number; count: number }>();
    for (const payment of portfolio.payments) {
      const owner = ownerOfAccount.get(payment.accountId);
      if (!owner || !inQ3(payment.date)) continue;
      const entry = collected.get(owner) ?? { fen: 0, count: 0 };
      entry.fen += payment.amountFen;
      entry.count += 1;
      collected.set(owner, entry);
    }
    const billed = new Map<string, number>();
    for (const transaction of portfolio.transactions) {
      const owner = ownerOfAccount.get(transaction.accountId);
      if (owner && inQ3(transaction.date))
        billed.set(owner, (billed.get(owner) ?? 0) + transaction.amountFen);
    }
    const [someone] = [...collected.keys()].sort();
    const targets = loadKpiTargets([{ ownerId: someone!, revenue: '100万', collections: '80万' }]);
    const scorecard = buildKpiScorecard(source, { period: '2026-Q3', targets });
    expect(scorecard.lines.length).toBeGreaterThan(5);
    for (const line of scorecard.lines) {
      const expected = collected.get(line.ownerId) ?? { fen: 0, count: 0 };
      expect(line.collections.collectedFen, line.ownerId).toBe(expected.fen);
      expect(line.collections.payments, line.ownerId).toBe(expected.count);
      expect(line.revenueFen).toBe(billed.get(line.ownerId) ?? 0);
      expect(line.collections.rate).toBeCloseTo(expected.fen / billed.get(line.ownerId)!, 12);
    }
    const line = scorecard.lines.find((entry) => entry.ownerId === someone)!;
    expect(line.collections.targetFen).toBe(80_000_000);
    expect(line.collections.attainment).toBeCloseTo(collected.get(someone!)!.fen / 80_000_000, 12);
    expect(
      scorecard.lines
        .filter((entry) => entry.ownerId !== someone)
        .every((entry) => entry.collections.attainment === null),
    ).toBe(true);
    const totalCollected = [...collected.values()].reduce((sum, entry) => sum + entry.fen, 0);
    expect(scorecard.totals.collectedFen).toBe(totalCollected);
    expect(scorecard.totals.collectionsTargetFen).toBe(80_000_000);
    expect(scorecard.totals.collectionRate).toBeCloseTo(totalCollected / scorecard.totals.revenueFen, 12);
    // Most revenue is collected, but lagging accounts keep the rate below 100 %.
    expect(scorecard.totals.collectionRate!).toBeGreaterThan(0.7);
    expect(scorecard.totals.collectionRate!).toBeLessThan(1);
  });

  it('a manager without billed revenue has no collection rate', async () => {
    const { source } = await demoSource();
    const targets = loadKpiTargets([{ ownerId: 'u-nobody', revenue: 0, collections: '¥10,000' }]);
    const line = buildKpiScorecard(source, { period: '2026-10', targets }).lines.find(
      (entry) => entry.ownerId === 'u-nobody',
    )!;
    expect(line.collections).toEqual({
      collectedFen: 0,
      payments: 0,
      rate: null,
      targetFen: 1_000_000,
      attainment: 0,
    });
  });

  it('complaints by type and lateness, contract fulfilment and the satisfaction index per manager, in both locales', async () => {
    const { source } = await demoSource();
    const account = source.run.accounts.find((a) => a.ownerA !== null)!;
    const other = source.run.accounts.find((a) => a.ownerA !== null && a.ownerA !== account.ownerA)!;
    const complaints = [
      // Answered on day 2 of 7: on time.
      {
        id: 'c1',
        accountId: account.id,
        channel: 'phone' as const,
        summary: '延误',
        receivedAt: '2026-10-03T02:00:00Z',
        resolvedAt: '2026-10-05T00:00:00Z',
      },
      // Billing answers within 5 days; still open on 31 October: overdue.
      {
        id: 'c2',
        accountId: account.id,
        channel: 'online' as const,
        type: 'billing',
        summary: '发票',
        receivedAt: '2026-10-10T02:00:00Z',
      },
    ];
    const contract = (
      id: string,
      accountId: string,
      committedFen: number,
      actualFen: number,
      endDate = '2026-12-31',
    ) =>
      ContractSchema.parse({
        id,
        accountId,
        parties: ['甲', '乙'],
        type: 'service',
        scope: 'national',
        startDate: '2026-01-01',
        endDate,
        committedFen,
        actualFen,
      });
    const contracts = [
      contract('k1', account.id, 100_000_00, 40_000_00),
      contract('k2', account.id, 50_000_00, 50_000_00),
      contract('k3', account.id, 70_000_00, 70_000_00, '2026-06-30'), // ended before October: not counted
      contract('k4', other.id, 10_000_00, 2_500_00),
    ];
    const response = (id: string, accountId: string, overall: number, contactId?: string) =>
      SurveyResponseSchema.parse({
        id,
        accountId,
        surveyId: 'standard',
        answers: { overall },
        channel: 'import',
        respondedAt: '2026-10-15T02:00:00Z',
        recordedBy: 'u',
        ...(contactId ? { contactId } : {}),
      });
    const surveyResponses = [
      response('s1', account.id, 5, 'c-a'),
      response('s2', account.id, 4, 'c-b'),
      response('s3', other.id, 2),
    ];
    const scorecard = buildKpiScorecard(
      { ...source, complaints, contracts, surveyResponses },
      { period: '2026-10' },
    );
    const line = scorecard.lines.find((entry) => entry.ownerId === account.ownerA)!;
    expect(line.complaintTypes.map((row) => [row.type, row.received, row.onTime, row.overdue])).toEqual([
      ['service', 1, 1, 0],
      ['product', 0, 0, 0],
      ['billing', 1, 0, 1],
    ]);
    expect(line.contracts).toEqual({
      count: 2,
      committedFen: 150_000_00,
      actualFen: 90_000_00,
      fulfilment: 0.6,
    });
    // (100 + 75) / 2 on one account.
    expect(line.satisfaction).toEqual({ value: 87.5, display: '87.5', responses: 2, accounts: 1 });
    expect(scorecard.totals.contracts).toEqual({
      count: 3,
      committedFen: 160_000_00,
      actualFen: 92_500_00,
      fulfilment: 0.578125,
    });
    // Each account weighs the same: (87.5 + 25) / 2 = 56.25 → 56.3.
    expect(scorecard.totals.satisfaction?.display).toBe('56.3');
    const at = new Date('2026-11-01T00:00:00Z');
    const en = (renderReport(scorecard, { locale: 'en', format: 'md', generatedAt: at }) as { text: string })
      .text;
    expect(en).toContain('Contract fulfilment: 2 contracts, committed ¥150,000, fulfilled ¥90,000 · 60.0%');
    expect(en).toContain('Satisfaction index 87.5 (1 account, 2 responses)');
    expect(en).toContain('price and billing 1 (on time 0, late 0, open 0, overdue 1)');
    const zh = (
      renderReport(scorecard, { locale: 'zh-CN', format: 'md', generatedAt: at }) as { text: string }
    ).text;
    expect(zh).toContain('满意度指数 87.5（1 个客户，2 份问卷）');
    expect(zh).toContain('合同履行：2 份合同');
    const html = (
      renderReport(scorecard, { locale: 'en', format: 'html', generatedAt: at }) as { html: string }
    ).html;
    expect(html).toContain('<th class="num">Contract fulfilment</th><th class="num">Satisfaction</th>');
    expect(html).toContain('<td class="num">60.0%</td><td class="num">87.5</td>');
  });

  it('without contracts or responses the new columns read no data', async () => {
    const { source } = await demoSource();
    const scorecard = buildKpiScorecard(
      { ...source, contracts: [], surveyResponses: [] },
      { period: '2026-10' },
    );
    expect(
      scorecard.lines.every((line) => line.satisfaction === null && line.contracts.fulfilment === null),
    ).toBe(true);
    expect(scorecard.totals.satisfaction).toBeNull();
  });

  it('rejects a bad target with the path of the field', () => {
    expect(() => loadKpiTargets([{ ownerId: 'u1', revenue: 1, collections: 'a lot' }])).toThrow(
      expect.objectContaining({ path: '[0].collections' }),
    );
    expect(() => loadKpiTargets([{ ownerId: 'u1', revenue: 'lots' }])).toThrow(
      expect.objectContaining({ path: '[0].revenue' }),
    );
  });
});
