import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Transaction } from '../domain/transaction.js';
import { usePglite } from './__fixtures__/pglite.js';

const { freshStore } = usePglite();

const row = (
  id: string,
  accountId: string,
  date: string,
  amountFen: number,
  extra: Partial<Transaction> = {},
) => ({ id, accountId, date, amountFen, category: 'general', ...extra }) as Transaction;

const transactionArbitrary = fc.record({
  id: fc.constantFrom('t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 'x\ty', 'back\\slash', 'new\nline'),
  accountId: fc.constantFrom('a', 'b', 'c'),
  date: fc.constantFrom('2025-12-31', '2026-01-01', '2026-01-15', '2026-02-28', '2026-03-01'),
  amountFen: fc.integer({ min: 0, max: 1e9 }),
  category: fc.constantFrom('general', 'PEK-SHA', '标准快递', 'tab\there'),
  units: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }), { nil: undefined }),
  unit: fc.option(fc.constantFrom('km', 'k\\Wh'), { nil: undefined }),
  costFen: fc.option(fc.integer({ min: 0, max: 1e9 }), { nil: undefined }),
  profitFen: fc.option(fc.integer({ min: -1e9, max: 1e9 }), { nil: undefined }),
  marketTotalFen: fc.option(fc.integer({ min: 0, max: 1e10 }), { nil: undefined }),
});

function withoutUndefined(value: Transaction): Transaction {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Transaction;
}

describe('loadTransactions on PGlite', () => {
  it('stores the same rows and roll-up as insertTransactions, batch by batch, whatever was stored before', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(transactionArbitrary, { maxLength: 6 }),
        fc.array(fc.array(transactionArbitrary, { maxLength: 8 }), { maxLength: 4 }),
        async (before, batches) => {
          const stored = before.map(withoutUndefined);
          const load = batches.map((batch) => batch.map(withoutUndefined));

          const expected = await freshStore();
          await expected.insertTransactions(stored);
          const expectedCounts = [];
          for (const batch of load) expectedCounts.push(await expected.insertTransactions(batch));
          const expectedRollup = await expected.aggregate();
          const expectedRows = await expected.sql!.query(
            'SELECT * FROM transactions ORDER BY id COLLATE "C", account_id COLLATE "C"',
          );

          const store = await freshStore();
          await store.insertTransactions(stored);
          const counts = await store.loadTransactions!(async (add) => {
            const out = [];
            for (const batch of load) out.push(await add(batch));
            return out;
          });
          expect(counts).toEqual(expectedCounts);
          const rollup = await store.aggregate();
          expect(rollup.map(({ units, ...rest }) => rest)).toEqual(
            expectedRollup.map(({ units, ...rest }) => rest),
          );
          rollup.forEach((item, index) => {
            expect(item.units).toBeCloseTo(expectedRollup[index]?.units ?? Number.NaN, 6);
          });
          const rows = await store.sql!.query(
            'SELECT * FROM transactions ORDER BY id COLLATE "C", account_id COLLATE "C"',
          );
          expect(rows.rows).toEqual(expectedRows.rows);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('leaves the roll-up of accounts and months it did not touch as it was', async () => {
    const store = await freshStore();
    await store.insertTransactions([
      row('old-b', 'b', '2026-01-10', 700),
      row('old-a', 'a', '2025-06-01', 300),
    ]);
    await store.loadTransactions!(async (add) => {
      await add([row('n1', 'a', '2026-01-02', 100), row('n2', 'a', '2026-02-03', 200)]);
    });
    const rollup = await store.aggregate();
    expect(rollup.map((item) => [item.accountId, item.month, item.revenueFen, item.count])).toEqual([
      ['a', '2025-06', 300, 1],
      ['a', '2026-01', 100, 1],
      ['a', '2026-02', 200, 1],
      ['b', '2026-01', 700, 1],
    ]);
  });

  it('keeps nothing when the work throws', async () => {
    const store = await freshStore();
    await store.insertTransactions([row('kept', 'a', '2026-01-01', 1)]);
    const failure = store.loadTransactions!(async (add) => {
      await add([row('gone-1', 'a', '2026-01-02', 100)]);
      await add([row('kept', 'a', '2026-01-01', 1), row('gone-2', 'b', '2026-01-03', 5)]);
      throw new Error('bad row further on');
    });
    await expect(failure).rejects.toThrow('bad row further on');
    const { rows } = await store.sql!.query<{ id: string }>('SELECT id FROM transactions');
    expect(rows.map((item) => item.id)).toEqual(['kept']);
    expect((await store.aggregate()).map((item) => [item.accountId, item.revenueFen])).toEqual([['a', 1]]);
  });

  it('refuses a bad row with the same error as insertTransactions, naming the field', async () => {
    const store = await freshStore();
    const failure = store.loadTransactions!(async (add) => {
      await add([row('t1', 'a', '2026-02-30', 100)]);
    });
    await expect(failure).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(failure).rejects.toThrow(/rows\[0\]\.date/);
  });
});
