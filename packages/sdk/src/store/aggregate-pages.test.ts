/**
 * On PGlite `aggregate()` and `aggregateColumns()` read the roll-up in
 * several statements (4,000 rows each) so no one statement holds the event
 * loop long: the rows, their order and the filters are the same as one read,
 * and as the memory store's.
 */
import { describe, expect, it } from 'vitest';
import { usePglite } from './__fixtures__/pglite.js';
import { createMemoryStore } from './memory-store.js';
import type { Store } from './port.js';

const WRITE = { actor: 'test' };

/** 1,700 accounts × 10 months, two categories in odd months: 25,500 roll-up rows (four statements' worth). */
async function seed(store: Store): Promise<void> {
  const rows = [];
  for (let account = 0; account < 1_700; account++)
    for (let month = 1; month <= 10; month++)
      for (const category of month % 2 === 1 ? ['general', 'Spare'] : ['general'])
        rows.push({
          id: `t-${account}-${month}-${category}`,
          accountId: `acct-${String(account).padStart(4, '0')}${account % 7 === 0 ? '_Z' : ''}`,
          date: `2026-${String(month).padStart(2, '0')}-0${1 + (account % 9)}`,
          amountFen: 1_000 + account * 10 + month,
          category,
        });
  await store.insertTransactions(rows, WRITE);
}

describe('PGlite aggregate() in pages', () => {
  const pglite = usePglite();
  it('reads every roll-up row once, in the port order, with the filters applied, as the memory store does', async () => {
    const store = await pglite.freshStore({ aggregateCache: false });
    const memory = createMemoryStore();
    try {
      await seed(store);
      await seed(memory);
      const all = await store.aggregate();
      expect(all).toHaveLength(25_500);
      expect(all).toEqual(await memory.aggregate());
      for (const query of [
        { toMonth: '2026-07' },
        { fromMonth: '2026-03', toMonth: '2026-09' },
        { accountIds: ['acct-0007_Z', 'acct-1699', 'acct-0100'] },
        { months: ['2026-10'] },
      ])
        expect(await store.aggregate(query)).toEqual(await memory.aggregate(query));
      // In columns: the same rows (the page boundaries fall inside an account's months).
      const columns = await store.aggregateColumns();
      expect(columns.size).toBe(25_500);
      expect(columns).toEqual(await memory.aggregateColumns());
      for (const query of [{ toMonth: '2026-07' }, { accountIds: ['acct-0007_Z', 'acct-1699', 'acct-0100'] }])
        expect(await store.aggregateColumns(query)).toEqual(await memory.aggregateColumns(query));
    } finally {
      await store.close();
    }
  }, 300_000);
});
