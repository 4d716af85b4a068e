import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../domain/account.js';
import type { Transaction } from '../../domain/transaction.js';
import { aggregateTransactions } from '../../metrics/aggregate.js';
import { createMemoryStore } from '../../store/memory-store.js';
import { monthFromIndex, monthIndex } from '../../time/calendar.js';
import { renderReport } from '../render/render-report.js';
import { CROSS_SELL_LOOKBACK_MONTHS, crossSell } from './cross-sell.js';
import { buildKpiScorecard, loadKpiTargets } from './kpi-scorecard.js';
import { loadReportSource } from './source.js';

const account = (id: string, ownerA: string): Account => ({
  id,
  name: id,
  aliases: [],
  parentId: null,
  type: 'private',
  division: '华东',
  flags: [],
  ownerA,
  ownerB: null,
  attributes: {},
});

let serial = 0;
const sale = (
  accountId: string,
  date: string,
  category: string,
  amountFen: number,
  extra: Partial<Transaction> = {},
): Transaction => ({ id: `t-${++serial}`, accountId, date, category, amountFen, ...extra });

/**
 * A hand-computed portfolio for October 2026 (lookback: 2025-10 … 2026-09):
 * - u-a owns acme (express last bought 2025-09, 13 months before: new again;
 *   cold-chain never: new; freight bought 2026-03: not new), beta (freight
 *   again: nothing new) and delta (first purchase in October: not existing);
 * - u-b owns gamma (route-x first bought in October: new).
 * Known profit in October: acme ¥200 + ¥100 (from a cost), beta ¥600, gamma ¥300.
 */
const PORTFOLIO: Transaction[] = [
  sale('acme', '2025-09-12', 'express', 40_000),
  sale('acme', '2026-03-02', 'freight', 80_000),
  sale('acme', '2026-10-05', 'freight', 100_000, { profitFen: 20_000 }),
  sale('acme', '2026-10-06', 'express', 50_000),
  sale('acme', '2026-10-07', 'cold-chain', 50_000, { costFen: 40_000 }),
  sale('beta', '2026-05-20', 'freight', 90_000),
  sale('beta', '2026-10-20', 'freight', 200_000, { profitFen: 60_000 }),
  sale('delta', '2026-10-21', 'express', 100_000),
  sale('gamma', '2026-01-15', 'freight', 70_000),
  sale('gamma', '2026-10-15', 'route-x', 300_000, { profitFen: 30_000 }),
];

describe('cross-sell and profit contribution in the KPI scorecard', () => {
  it('counts new account × category pairs of existing accounts and the known profit per manager', async () => {
    const store = createMemoryStore();
    for (const [id, owner] of [
      ['acme', 'u-a'],
      ['beta', 'u-a'],
      ['delta', 'u-a'],
      ['gamma', 'u-b'],
    ] as const)
      await store.putAccount(account(id, owner), { actor: 'test' });
    await store.insertTransactions(PORTFOLIO);
    const source = await loadReportSource({ store, asOf: '2026-10' });
    const targets = loadKpiTargets([
      { ownerId: 'u-a', revenue: '¥10,000', crossSell: 4, profit: '¥1,000' },
      { ownerId: 'u-b', revenue: '¥10,000' },
    ]);
    const scorecard = buildKpiScorecard(source, { period: '2026-10', targets });
    const a = scorecard.lines.find((line) => line.ownerId === 'u-a')!;
    const b = scorecard.lines.find((line) => line.ownerId === 'u-b')!;
    expect(a.crossSell).toEqual({
      existingAccounts: 2,
      pairs: 2,
      accountIds: ['acme'],
      perExistingAccount: 1,
      target: 4,
      attainment: 0.5,
    });
    expect(b.crossSell).toMatchObject({ existingAccounts: 1, pairs: 1, accountIds: ['gamma'], target: null });
    // u-a: revenue ¥5,000, of which ¥3,500 carries a known profit of ¥900; u-b: ¥300 on ¥3,000.
    expect(a.revenueFen).toBe(500_000);
    expect(a.profit).toEqual({
      profitFen: 90_000,
      knownRevenueFen: 350_000,
      coverage: 0.7,
      share: 0.75,
      targetFen: 100_000,
      attainment: 0.9,
    });
    expect(b.profit).toMatchObject({ profitFen: 30_000, knownRevenueFen: 300_000, coverage: 1, share: 0.25 });
    expect(scorecard.totals.crossSell).toMatchObject({ existingAccounts: 3, pairs: 3, target: 4 });
    expect(scorecard.totals.profit).toMatchObject({ profitFen: 120_000, share: 1, targetFen: 100_000 });

    const en = (renderReport(scorecard, { locale: 'en', format: 'md' }) as { text: string }).text;
    expect(en).toContain(
      'Cross-sell: 1 of 2 existing accounts bought a category not bought in the 12 months before, 2 new account × category pairs (1.00 per existing account) · target 4, attainment 50.0%',
    );
    expect(en).toContain(
      'Profit contribution: known profit ¥900, 75.0% of all known profit; revenue with a known profit ¥3,500, 70.0% of revenue · target ¥1,000, attainment 90.0%',
    );
    const zh = (renderReport(scorecard, { locale: 'zh-CN', format: 'md' }) as { text: string }).text;
    expect(zh).toContain(
      '交叉销售：2 个老客户中 1 个买了近 12 个月未买过的品类，新增 2 个客户×品类（每个老客户 1.00）',
    );
    expect(zh).toContain(
      '利润贡献：已知利润 ¥900，占全部已知利润 75.0%；有已知利润的收入 ¥3,500，占收入 70.0%',
    );
    const html = (renderReport(scorecard, { locale: 'en', format: 'html' }) as { html: string }).html;
    expect(html).toContain('<th class="num">Cross-sell</th><th class="num">Profit contribution</th>');
  });

  it('matches a brute-force count over any transactions (property)', () => {
    const period = monthIndex('2026-10');
    const transaction = fc.record({
      accountId: fc.constantFrom('a', 'b', 'c', 'd'),
      category: fc.constantFrom('x', 'y', 'z'),
      offset: fc.integer({ min: -30, max: 2 }),
      day: fc.integer({ min: 1, max: 28 }),
      amountFen: fc.integer({ min: 0, max: 1_000_000 }),
    });
    fc.assert(
      fc.property(
        fc.array(transaction, { maxLength: 60 }),
        fc.integer({ min: 0, max: 2 }),
        (rows, length) => {
          const range = { start: period, end: period + length };
          const transactions = rows.map((row, index) =>
            sale(
              row.accountId,
              `${monthFromIndex(period + row.offset)}-${String(row.day).padStart(2, '0')}`,
              row.category,
              row.amountFen,
              { id: `p-${index}` },
            ),
          );
          const result = crossSell(aggregateTransactions(transactions), range);
          const month = (date: string) => monthIndex(date.slice(0, 7));
          const existing = new Set(
            transactions.filter((row) => month(row.date) < range.start).map((row) => row.accountId),
          );
          let expected = 0;
          for (const accountId of existing)
            for (const category of ['x', 'y', 'z']) {
              const of = transactions.filter(
                (row) => row.accountId === accountId && row.category === category,
              );
              const inPeriod = of.some(
                (row) => month(row.date) >= range.start && month(row.date) <= range.end,
              );
              const recently = of.some(
                (row) =>
                  month(row.date) < range.start &&
                  month(row.date) >= range.start - CROSS_SELL_LOOKBACK_MONTHS,
              );
              if (inPeriod && !recently) expected += 1;
            }
          expect(result.pairs.length).toBe(expected);
          expect(result.existingAccountIds).toEqual([...existing].sort());
        },
      ),
      { numRuns: 300 },
    );
  });
});
