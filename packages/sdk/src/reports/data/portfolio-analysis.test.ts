import { describe, expect, it } from 'vitest';
import { aggregateColumnsOf, aggregateRowsOf } from '../../metrics/aggregate-columns.js';
import { FigureContext } from '../../metrics/figures.js';
import { demoSource } from '../__fixtures__/demo-source.js';
import { renderReport } from '../render/render-report.js';
import { buildPortfolioAnalysis } from './portfolio-analysis.js';

describe('buildPortfolioAnalysis on the demo portfolio', () => {
  it('adds up: tier counts to the portfolio, tier revenue to the month, shares to 100 %', async () => {
    const { source, portfolio } = await demoSource();
    const analysis = buildPortfolioAnalysis(source);
    expect(analysis.month).toBe('2026-10');
    expect(analysis.accounts).toBe(portfolio.accounts.length);
    expect(analysis.tiers.reduce((sum, line) => sum + line.count, 0)).toBe(portfolio.accounts.length);
    const monthFen = portfolio.transactions
      .filter((transaction) => transaction.date.startsWith('2026-10'))
      .reduce((sum, transaction) => sum + transaction.amountFen, 0);
    expect(analysis.revenue.monthFen).toBe(monthFen);
    expect(analysis.tiers.reduce((sum, line) => sum + line.revenueFen, 0)).toBe(monthFen);
    expect(analysis.tiers.reduce((sum, line) => sum + line.share, 0)).toBeCloseTo(1, 10);
    expect(analysis.keyAccounts).toBe(
      analysis.tiers.filter((line) => line.tier !== null).reduce((s, l) => s + l.count, 0),
    );
  });

  it('compares with last month, the same month last year and the year to date from the transactions', async () => {
    const { source, portfolio } = await demoSource();
    const { revenue } = buildPortfolioAnalysis(source);
    const sum = (predicate: (date: string) => boolean) =>
      portfolio.transactions.filter((t) => predicate(t.date)).reduce((total, t) => total + t.amountFen, 0);
    expect(revenue.previousMonthFen).toBe(sum((date) => date.startsWith('2026-09')));
    expect(revenue.sameMonthLastYearFen).toBe(sum((date) => date.startsWith('2025-10')));
    expect(revenue.yearToDateFen).toBe(sum((date) => date >= '2026-01-01' && date <= '2026-10-31'));
    expect(revenue.yearToDateLastYearFen).toBe(sum((date) => date >= '2025-01-01' && date <= '2025-10-31'));
    const { trend } = buildPortfolioAnalysis(source);
    expect(trend.months).toHaveLength(12);
    expect(trend.revenueFen[11]).toBe(revenue.monthFen);
    expect(trend.revenueFen[10]).toBe(revenue.previousMonthFen);
    expect(revenue.monthOnMonth).toBeCloseTo(revenue.monthFen / revenue.previousMonthFen - 1, 12);
  });

  it('has a migration matrix whose cells add up to the portfolio and whose entered/left match gained/lost', async () => {
    const { source, portfolio } = await demoSource();
    const analysis = buildPortfolioAnalysis(source);
    const cells = analysis.migrations.counts.flat().reduce((sum, value) => sum + value, 0);
    expect(cells).toBe(portfolio.accounts.length);
    const columnTotals = analysis.migrations.counts[0]!.map((_, column) =>
      analysis.migrations.counts.reduce((sum, row) => sum + row[column]!, 0),
    );
    expect(columnTotals).toEqual(analysis.tiers.map((line) => line.count));
    expect(analysis.gained).toHaveLength(analysis.migrations.entered);
    expect(analysis.lost).toHaveLength(analysis.migrations.left);
    expect(analysis.migrations.labels).toHaveLength(analysis.migrations.tiers.length);
  });

  it('lists fluctuating accounts (> 30 %) and the top ten, largest first', async () => {
    const { source } = await demoSource();
    const analysis = buildPortfolioAnalysis(source);
    expect(analysis.fluctuating.length).toBeGreaterThan(0);
    for (const account of analysis.fluctuating) expect(Math.abs(account.change!)).toBeGreaterThan(0.3);
    expect(analysis.topTen).toHaveLength(10);
    for (let index = 1; index < 10; index++) {
      expect(analysis.topTen[index - 1]!.revenueFen).toBeGreaterThanOrEqual(
        analysis.topTen[index]!.revenueFen,
      );
    }
    const topTierCount = analysis.tiers[0]!.count;
    expect(analysis.topTier.accounts).toHaveLength(topTierCount);
    expect(analysis.topTen[0]!.share).toBeCloseTo(
      analysis.topTen[0]!.revenueFen / analysis.revenue.monthFen,
      12,
    );
  });

  it('shows the cause recorded on each swing (必须分析原因), and marks the unexplained ones', async () => {
    const { source } = await demoSource();
    const first = buildPortfolioAnalysis(source).fluctuating[0]!;
    const explained = {
      ...source,
      alerts: [
        {
          id: `fluctuation|${first.accountId}|2026-10`,
          accountId: first.accountId,
          kind: 'fluctuation',
          period: '2026-10',
          status: 'explained' as const,
          figures: {},
          createdAt: '2026-10-31T00:00:00Z',
          cause: 'price',
          note: '竞争对手降价',
        },
      ],
    };
    const analysis = buildPortfolioAnalysis(explained);
    expect(analysis.fluctuating[0]!.explanation).toEqual({
      cause: { 'zh-CN': '报价', en: 'price' },
      note: '竞争对手降价',
    });
    expect(analysis.fluctuating.slice(1).every((account) => account.explanation === null)).toBe(true);
    const rendered = renderReport(analysis, { locale: 'zh-CN', format: 'txt' });
    const text = rendered.format === 'txt' ? rendered.text : '';
    expect(text).toContain('原因：报价 — 竞争对手降价');
    expect(text).toContain('尚未说明原因');
  });

  it('DOMAIN §10 example 7: ¥100,000 → ¥69,000 is flagged, → ¥71,000 is not', async () => {
    const { source } = await demoSource();
    const base = source.run.accounts[0]!;
    const flagged = (octoberFen: number) => {
      const aggregates = aggregateColumnsOf([
        ...aggregateRowsOf(source.aggregates).filter((row) => row.accountId !== base.id),
        { ...row(base.id, '2026-09'), revenueFen: 10_000_000 },
        { ...row(base.id, '2026-10'), revenueFen: octoberFen },
      ]);
      const context = new FigureContext({
        accounts: source.run.accounts,
        aggregates,
        asOf: '2026-10',
      });
      const analysis = buildPortfolioAnalysis({ ...source, aggregates, run: { ...source.run, context } });
      return analysis.fluctuating.some((account) => account.accountId === base.id);
    };
    expect(flagged(6_900_000)).toBe(true);
    expect(flagged(7_100_000)).toBe(false);
  });

  it('counts the actions taken in the month', async () => {
    const { source, portfolio } = await demoSource();
    const analysis = buildPortfolioAnalysis(source);
    const inOctober = portfolio.interactions.filter((interaction) => {
      const local = new Date(Date.parse(interaction.at) + 8 * 3_600_000).toISOString();
      return local.startsWith('2026-10');
    });
    expect(analysis.actions.total).toBe(inOctober.length);
    expect(analysis.actions.byKind.reduce((sum, entry) => sum + entry.count, 0)).toBe(inOctober.length);
    expect(analysis.actions.accountsTouched).toBe(new Set(inOctober.map((i) => i.accountId)).size);
  });
});

function row(accountId: string, month: string) {
  return {
    accountId,
    month,
    category: 'x',
    revenueFen: 0,
    count: 1,
    units: 0,
    profitFen: 0,
    profitBaseFen: 0,
    marketTotalFen: 0,
    marketBaseFen: 0,
    lastDate: `${month}-15`,
  };
}
