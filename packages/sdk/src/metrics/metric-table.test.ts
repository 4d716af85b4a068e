import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Transaction } from '../domain/transaction.js';
import { periodRange } from '../time/period.js';
import { aggregateTransactions, rollUpAggregates } from './aggregate.js';
import { aggregateColumnsOf } from './aggregate-columns.js';
import { categoryMix } from './category-mix.js';
import { computeMetrics, metricsOf } from './metric-table.js';

const tx = (
  id: string,
  accountId: string,
  date: string,
  yuan: number,
  extra: Partial<Transaction> = {},
): Transaction => ({ id, accountId, date, amountFen: yuan * 100, category: 'general', ...extra });

describe('computeMetrics', () => {
  const transactions = [
    tx('1', 'a', '2026-09-03', 100_000),
    tx('2', 'a', '2026-10-05', 60_000, { units: 1_000, costFen: 4_000_000, marketTotalFen: 24_000_000 }),
    tx('3', 'a', '2026-10-20', 60_000, { units: 2_000, category: 'PEK-SHA' }),
    tx('4', 'a', '2025-10-11', 80_000),
    tx('5', 'b', '2026-07-01', 5_000),
  ];
  const table = computeMetrics({
    aggregates: aggregateTransactions(transactions),
    range: periodRange({ kind: 'month', month: '2026-10' }),
    accountIds: ['a', 'b', 'c'],
  });

  it('sums revenue, counts purchases and computes growth month over month and year over year', () => {
    const a = metricsOf(table, 'a')!;
    expect(a.revenue).toBe(12_000_000);
    expect(a.frequency).toBe(2);
    expect(a.previousRevenue).toBe(10_000_000);
    expect(a.growth).toBeCloseTo(0.2);
    expect(a.yearAgoRevenue).toBe(8_000_000);
    expect(a.growthYoY).toBeCloseTo(0.5);
  });

  it('computes margin only over transactions whose profit is known, and share of wallet likewise', () => {
    const a = metricsOf(table, 'a')!;
    expect(a.profit).toBe(2_000_000);
    expect(a.margin).toBeCloseTo(2_000_000 / 6_000_000);
    expect(a.shareOfWallet).toBeCloseTo(0.25);
  });

  it('gives unit price per unit, recency in days and category counts', () => {
    const a = metricsOf(table, 'a')!;
    expect(a.unitPrice).toBeCloseTo(12_000_000 / 3_000);
    expect(a.recencyDays).toBe(11);
    expect(a.categoryCount).toBe(2);
    expect(metricsOf(table, 'b')!.recencyDays).toBe(122);
  });

  it('reports unknown figures as NaN, not zero, and keeps accounts with no purchases', () => {
    const c = metricsOf(table, 'c')!;
    expect(c.revenue).toBe(0);
    expect(c.growth).toBeNaN();
    expect(c.recencyDays).toBeNaN();
    expect(metricsOf(table, 'b')!.margin).toBeNaN();
  });

  it('gives the same figures from columns (as a store returns them) in any row order (property)', () => {
    const transaction = fc.record({
      accountId: fc.constantFrom('a', 'b', '客户c'),
      date: fc.constantFrom(
        '2025-10-31',
        '2026-08-15',
        '2026-09-01',
        '2026-10-10',
        '2026-10-31',
        '2026-11-02',
      ),
      amountFen: fc.integer({ min: 0, max: 5_000_000_000 }),
      category: fc.constantFrom('air', 'hotel', '铁路', 'PEK-SHA', 'rail', 'car'),
      units: fc.integer({ min: 0, max: 10_000 }),
      costFen: fc.option(fc.integer({ min: 0, max: 5_000_000_000 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(transaction, { maxLength: 60 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.double({ noNaN: true }), { minLength: 60, maxLength: 60 }),
        (rows, topK, shuffleKeys) => {
          const aggregates = aggregateTransactions(rows.map((row, index) => ({ ...row, id: String(index) })));
          const options = {
            range: periodRange({ kind: 'month', month: '2026-10' }),
            accountIds: ['a', 'b', '客户c', 'd'],
            topK,
          };
          const fromRows = computeMetrics({ ...options, aggregates });
          const fromColumns = computeMetrics({
            ...options,
            aggregates: aggregateColumnsOf([...aggregates].reverse()),
          });
          expect(fromColumns.columns).toEqual(fromRows.columns);
          // Accounts interleaved: rows of one account are no longer together.
          const shuffled = aggregates
            .map((row, index) => ({ row, key: shuffleKeys[index]! }))
            .sort((x, y) => x.key - y.key)
            .map(({ row }) => row);
          expect(computeMetrics({ ...options, aggregates: aggregateColumnsOf(shuffled) }).columns).toEqual(
            fromRows.columns,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('rollUpAggregates', () => {
  it('sums a group over its whole subtree: fifty regional agreements make one national account', () => {
    const parentOf = new Map<string, string | null>([['group', null]]);
    const transactions: Transaction[] = [];
    for (let region = 0; region < 50; region++) {
      parentOf.set(`r${region}`, 'group');
      transactions.push(tx(`t${region}`, `r${region}`, '2026-10-01', 10_000));
    }
    parentOf.set('r0-sub', 'r0');
    transactions.push(tx('deep', 'r0-sub', '2026-10-02', 1_000));
    const rolled = rollUpAggregates(aggregateTransactions(transactions), parentOf);
    const table = computeMetrics({
      aggregates: rolled,
      range: periodRange({ kind: 'month', month: '2026-10' }),
    });
    expect(metricsOf(table, 'group')!.revenue).toBe(501_000 * 100);
    expect(metricsOf(table, 'r0')!.revenue).toBe(11_000 * 100);
    expect(metricsOf(table, 'r1')!.revenue).toBe(10_000 * 100);
  });

  it('stops at a cycle in the tree instead of looping', () => {
    const parentOf = new Map<string, string | null>([
      ['x', 'y'],
      ['y', 'x'],
    ]);
    const rolled = rollUpAggregates(aggregateTransactions([tx('1', 'x', '2026-01-01', 1)]), parentOf);
    expect(rolled.map((row) => row.accountId).sort()).toEqual(['x', 'y']);
  });

  it('property: every ancestor total equals the sum of its subtree leaves', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ leaf: fc.integer({ min: 0, max: 5 }), yuan: fc.integer({ min: 0, max: 1_000_000 }) }),
          {
            maxLength: 40,
          },
        ),
        (rows) => {
          const parentOf = new Map<string, string | null>([
            ['root', null],
            ['mid', 'root'],
          ]);
          for (let leaf = 0; leaf <= 5; leaf++) parentOf.set(`l${leaf}`, leaf % 2 === 0 ? 'mid' : 'root');
          const transactions = rows.map((row, index) =>
            tx(String(index), `l${row.leaf}`, '2026-03-04', row.yuan),
          );
          const rolled = rollUpAggregates(aggregateTransactions(transactions), parentOf);
          const total = (id: string) =>
            rolled.filter((row) => row.accountId === id).reduce((sum, row) => sum + row.revenueFen, 0);
          const all = rows.reduce((sum, row) => sum + row.yuan * 100, 0);
          const even = rows.filter((row) => row.leaf % 2 === 0).reduce((sum, row) => sum + row.yuan * 100, 0);
          expect(total('root')).toBe(all);
          expect(total('mid')).toBe(even);
        },
      ),
    );
  });
});

describe('categoryMix', () => {
  it('finds the few routes that carry the value among many used once or twice', () => {
    const transactions: Transaction[] = [];
    let id = 0;
    for (let route = 0; route < 5; route++) {
      for (let trip = 0; trip < 40; trip++) {
        transactions.push(tx(String(id++), 'a', '2026-05-01', 2_000, { category: `main-${route}` }));
      }
    }
    for (let route = 0; route < 45; route++) {
      transactions.push(tx(String(id++), 'a', '2026-06-01', 500, { category: `rare-${route}` }));
    }
    const mix = categoryMix(
      aggregateTransactions(transactions),
      'a',
      periodRange({ kind: 'year', year: 2026 }),
    );
    expect(mix.categories).toHaveLength(50);
    expect(mix.carriers.count).toBe(5);
    expect(mix.carriers.share).toBeGreaterThan(0.9);
    expect(mix.rarelyUsed).toBe(45);
  });
});
