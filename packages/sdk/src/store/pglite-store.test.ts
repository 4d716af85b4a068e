import { describe, expect, it } from 'vitest';
import { AccountSchema } from '../domain/account.js';
import { usePglite } from './__fixtures__/pglite.js';
import { describeStoreConformance } from './conformance.js';
import { runMigrations } from './migrations.js';

// One PGlite instance for the file (opening one takes seconds); every case gets empty tables.
const pglite = usePglite();
const freshStore = pglite.freshStore;

describeStoreConformance('PGlite', ({ clock }) => freshStore({ clock }), {
  migrateAgain: () => runMigrations(pglite.driver()),
  propertyRuns: 25,
});

describe('PostgreSQL store on PGlite', () => {
  it('holds a bounded number of locks however many accounts one transaction writes (bulk imports do not run out of shared memory)', async () => {
    const store = await freshStore();
    const locks = await store.transaction(async (tx) => {
      for (let index = 0; index < 2_000; index++) {
        await tx.putAccount(
          { id: `a${index}`, name: `Account ${index}`, division: '华东', ownerA: null, ownerB: null },
          { actor: 'import' },
        );
      }
      const { rows } = await tx.sql!.query<{ count: number }>(
        "SELECT count(*)::int AS count FROM pg_locks WHERE locktype = 'advisory'",
      );
      return rows[0]!.count;
    });
    expect(locks).toBeLessThanOrEqual(256);
    expect(await store.countAccounts()).toBe(2_000);
    await store.close();
  }, 120_000);

  it('records each applied migration once in kamkit_migrations', async () => {
    const store = await freshStore();
    const { rows } = await pglite
      .driver()
      .query<{ id: string }>('SELECT id FROM kamkit_migrations ORDER BY id');
    expect(rows.map((row) => row.id)).toContain('0001_core');
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
    await store.close();
  });

  it('keeps the roll-up in step with raw rows across batches larger than one statement', async () => {
    const store = await freshStore();
    const rows = Array.from({ length: 12_001 }, (_, index) => ({
      id: `t${index}`,
      accountId: `acc${index % 7}`,
      date: `2026-${String((index % 12) + 1).padStart(2, '0')}-15`,
      amountFen: index,
      category: 'general',
    }));
    expect(await store.insertTransactions(rows)).toEqual({ inserted: 12_001, skipped: 0 });
    const [{ raw }] = (
      await pglite.driver().query<{ raw: unknown }>('SELECT sum(amount_fen) AS raw FROM transactions')
    ).rows as [{ raw: unknown }];
    const total = (await store.aggregate()).reduce((sum, row) => sum + row.revenueFen, 0);
    expect(total).toBe(Number(raw));
    expect(total).toBe((12_000 * 12_001) / 2);
  });

  it('a failed migration is rolled back and named in a STORAGE error', async () => {
    await pglite.driver().exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
    const error = await runMigrations(pglite.driver(), [
      { id: '0001_ok', sql: 'CREATE TABLE ok_table (id int)' },
      { id: '0002_bad', sql: 'CREATE TABLE half (id int); SELECT no_such_function();' },
    ]).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'STORAGE', path: '0002_bad' });
    const tables = await pglite
      .driver()
      .query<{ name: string }>(
        `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
      );
    expect(tables.rows.map((row) => row.name)).toEqual(['kamkit_migrations', 'ok_table']);
    const applied = await pglite.driver().query<{ id: string }>('SELECT id FROM kamkit_migrations');
    expect(applied.rows.map((row) => row.id)).toEqual(['0001_ok']);
    // A schema of foreign migrations: the next store would refuse it (an unknown migration id).
    await pglite.driver().exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  });

  it('store.sql inside a transaction joins it (modules with their own tables roll back too)', async () => {
    const store = await freshStore();
    await pglite.driver().exec('CREATE TABLE notes (id text PRIMARY KEY)');
    await expect(
      store.transaction(async (tx) => {
        await tx.sql?.query('INSERT INTO notes VALUES ($1)', ['n1']);
        await tx.putAccount(AccountSchema.parse({ id: 'a', name: 'A', division: 'east' }), { actor: 'u' });
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect((await pglite.driver().query('SELECT * FROM notes')).rows).toEqual([]);
    expect(await store.countAccounts()).toBe(0);
  });
});
