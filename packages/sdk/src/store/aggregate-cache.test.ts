import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Transaction } from '../domain/transaction.js';
import { aggregateTransactions, type MonthlyAggregate } from '../metrics/aggregate.js';
import { aggregateColumnsOf, concatAggregateColumns } from '../metrics/aggregate-columns.js';
import { monthIndex } from '../time/calendar.js';
import { usePglite } from './__fixtures__/pglite.js';
import { emptyTables } from './__fixtures__/reset.js';
import { keepAccounts, mergeMonths, monthsOfQuery, splitByMonth } from './aggregate-cache.js';
import type { AggregateQuery } from './port.js';
import { createPostgresStore } from './postgres-store.js';
import { compareMonthFirst, compareText } from './records.js';
import type { SqlDriver } from './sql-driver.js';

const utf8Order = (a: string, b: string) => Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));

const monthFirst = (rows: readonly MonthlyAggregate[]) => [...rows].sort(compareMonthFirst);

/** Rows in the aggregation port's order: account, month, category, by code point. */
function portOrder(rows: readonly MonthlyAggregate[]): MonthlyAggregate[] {
  return [...rows].sort(
    (x, y) =>
      compareText(x.accountId, y.accountId) ||
      compareText(x.month, y.month) ||
      compareText(x.category, y.category),
  );
}

const MONTHS = ['2025-10', '2025-11', '2026-09', '2026-10'];
const ACCOUNTS = ['a', 'b', 'ab', '客户c', '\u{1F600}x', '\uFF21'];

const transactionArbitrary = fc.record({
  id: fc.integer({ min: 0, max: 300 }).map(String),
  accountId: fc.constantFrom(...ACCOUNTS),
  date: fc
    .tuple(fc.constantFrom(...MONTHS), fc.integer({ min: 1, max: 28 }))
    .map(([month, day]) => `${month}-${String(day).padStart(2, '0')}`),
  amountFen: fc.integer({ min: 0, max: 5_000_000 }),
  category: fc.constantFrom('air', 'hotel', '铁路'),
  units: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
  costFen: fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: undefined }),
});

const clean = (row: Transaction): Transaction => {
  const out = { ...row };
  for (const key of Object.keys(out) as (keyof Transaction)[]) if (out[key] === undefined) delete out[key];
  return out;
};

describe('roll-up cache helpers', () => {
  it('compares strings in the byte order of UTF-8, as PostgreSQL\'s COLLATE "C" does (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(Math.sign(compareText(a, b))).toBe(utf8Order(a, b));
      }),
    );
    const tricky = fc
      .array(fc.constantFrom('a', '\uD7FF', '\uE000', '\uFF21', '\u{1F600}', '\u{20000}'), { maxLength: 4 })
      .map((units) => units.join(''));
    fc.assert(
      fc.property(tricky, tricky, (a, b) => {
        expect(Math.sign(compareText(a, b))).toBe(utf8Order(a, b));
      }),
    );
    // A character above the surrogates sorts below an astral one in UTF-8, above it in UTF-16.
    expect(compareText('\uFF21', '\u{1F600}')).toBeLessThan(0);
  });

  it('turns a query into the months it covers, or undefined for an open range', () => {
    expect(monthsOfQuery({ months: ['2026-10', '2025-10', '2026-10'] })).toEqual(['2025-10', '2026-10']);
    expect(monthsOfQuery({ months: ['2026-09', '2026-10'], toMonth: '2026-09' })).toEqual(['2026-09']);
    expect(monthsOfQuery({ fromMonth: '2025-11', toMonth: '2026-02' })).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(monthsOfQuery({ toMonth: '2026-10' })).toBeUndefined();
    expect(monthsOfQuery({})).toBeUndefined();
    expect(monthsOfQuery({ fromMonth: '2000-01', toMonth: '2026-10' })).toBeUndefined();
  });

  it('split by month, then filtered and merged or concatenated, gives either order for any accounts asked (property)', () => {
    fc.assert(
      fc.property(
        fc.array(transactionArbitrary, { maxLength: 200 }),
        fc.option(fc.subarray([...ACCOUNTS, 'nobody']), { nil: undefined }),
        fc.subarray(MONTHS, { minLength: 1 }),
        (rows, accountIds, months) => {
          const all = aggregateTransactions(rows.map(clean));
          const wanted = all.filter(
            (row) =>
              months.includes(row.month) && (accountIds === undefined || accountIds.includes(row.accountId)),
          );
          const parts = splitByMonth(aggregateColumnsOf(monthFirst(all)), new Map());
          const kept = [...parts.keys()]
            .sort((x, y) => x - y)
            .filter((month) => months.some((name) => monthIndex(name) === month))
            .map((month) => parts.get(month)!)
            .map((part) => (accountIds === undefined ? part : keepAccounts(part, accountIds)));
          expect(mergeMonths(kept)).toEqual(aggregateColumnsOf(portOrder(wanted)));
          expect(concatAggregateColumns(kept)).toEqual(aggregateColumnsOf(monthFirst(wanted)));
        },
      ),
    );
  });

  it('finds a few accounts among many by binary search, with the same rows as a full pass', () => {
    const rows = Array.from({ length: 400 }, (_, index) => ({
      id: String(index),
      accountId: `acc${index % 97}`,
      date: '2026-10-01',
      amountFen: index,
      category: `c${index % 3}`,
    }));
    const [part] = splitByMonth(
      aggregateColumnsOf(portOrder(aggregateTransactions(rows))),
      new Map(),
    ).values();
    const few = keepAccounts(part!, ['acc5', 'nobody', 'acc40', 'acc5']);
    expect(new Set(few.accountId)).toEqual(new Set(['acc5', 'acc40']));
    expect(few).toEqual(
      keepAccounts(
        part!,
        Array.from({ length: 97 }, (_, index) => `acc${index}`).filter(
          (id) => id === 'acc5' || id === 'acc40',
        ),
      ),
    );
  });
});

describe('the embedded store keeps read months in memory', () => {
  const pglite = usePglite();
  const { freshStore } = pglite;

  /** The driver's queries made while `work` runs. */
  async function queriesDuring(work: () => Promise<unknown>): Promise<number> {
    const driver = pglite.driver();
    const original = driver.query;
    let count = 0;
    driver.query = (async (...args: Parameters<SqlDriver['query']>) => {
      count++;
      return original.apply(driver, args);
    }) as SqlDriver['query'];
    try {
      await work();
    } finally {
      driver.query = original;
    }
    return count;
  }

  it('answers a repeated portfolio read without asking the database, and a write is seen at once', async () => {
    const store = await freshStore();
    await store.insertTransactions([
      { id: 't1', accountId: 'a', date: '2026-10-02', amountFen: 100, category: 'air' },
      { id: 't2', accountId: 'b', date: '2026-09-02', amountFen: 200, category: 'air' },
    ]);
    const query = { months: ['2026-09', '2026-10'] };
    const first = await store.aggregateColumns(query);
    expect(await queriesDuring(() => store.aggregateColumns(query))).toBe(0);
    expect(await queriesDuring(() => store.aggregateColumns({ ...query, accountIds: ['b'] }))).toBe(0);
    expect(await store.aggregateColumns(query)).toEqual(first);

    await store.insertTransactions([
      { id: 't3', accountId: 'a', date: '2026-10-20', amountFen: 50, category: 'air' },
    ]);
    const after = await store.aggregateColumns(query);
    expect([...after.revenueFen]).toEqual([150, 200]);

    await expect(
      store.transaction(async (tx) => {
        await tx.insertTransactions([
          { id: 't4', accountId: 'a', date: '2026-10-21', amountFen: 1_000, category: 'air' },
        ]);
        expect([...(await tx.aggregateColumns(query)).revenueFen]).toEqual([1_150, 200]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect([...(await store.aggregateColumns(query)).revenueFen]).toEqual([150, 200]);
  });

  it('a server store, which other processes write, never caches', async () => {
    const driver = pglite.driver();
    await emptyTables(driver);
    const store = await createPostgresStore({
      client: {
        ...driver,
        engine: 'pg',
        processLocal: false,
        query: (sql, params) => driver.query(sql, params),
      },
      closeClient: false,
    });
    await store.aggregateColumns({ months: ['2026-10'] });
    expect(await queriesDuring(() => store.aggregateColumns({ months: ['2026-10'] }))).toBe(1);
  });

  it('equals the database across interleaved writes, rollbacks and reads (property)', async () => {
    const store = await freshStore();
    let run = 0;
    const queryArbitrary: fc.Arbitrary<AggregateQuery> = fc.record(
      {
        months: fc.subarray(MONTHS),
        fromMonth: fc.constantFrom(...MONTHS),
        toMonth: fc.constantFrom(...MONTHS),
        accountIds: fc.subarray(ACCOUNTS),
      },
      { requiredKeys: [] },
    );
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('insert' as const),
        rows: fc.array(transactionArbitrary, { maxLength: 30 }),
      }),
      fc.record({
        kind: fc.constant('load' as const),
        rows: fc.array(transactionArbitrary, { maxLength: 30 }),
      }),
      fc.record({
        kind: fc.constant('rollback' as const),
        rows: fc.array(transactionArbitrary, { maxLength: 10 }),
      }),
      fc.record({ kind: fc.constant('read' as const), query: queryArbitrary }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        run++;
        const scope = (rows: readonly Transaction[]) =>
          rows.map((row) => clean({ ...row, id: `r${run}-${row.id}` }));
        for (const current of steps) {
          if (current.kind === 'insert') await store.insertTransactions(scope(current.rows));
          else if (current.kind === 'load') await store.loadTransactions!((add) => add(scope(current.rows)));
          else if (current.kind === 'rollback') {
            await store
              .transaction(async (tx) => {
                await tx.insertTransactions(scope(current.rows));
                throw new Error('rollback');
              })
              .catch(() => undefined);
          } else {
            const truth = await store.aggregate(current.query);
            expect(await store.aggregateColumns(current.query)).toEqual(aggregateColumnsOf(truth));
            expect(await store.aggregateColumns(current.query, { order: 'month' })).toEqual(
              aggregateColumnsOf(monthFirst(truth)),
            );
          }
        }
        // Every run starts from an empty roll-up of its own ids; reads of all months see the same totals.
        const everything = { fromMonth: MONTHS[0]!, toMonth: MONTHS.at(-1)! };
        expect(await store.aggregateColumns(everything)).toEqual(
          aggregateColumnsOf(await store.aggregate(everything)),
        );
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
