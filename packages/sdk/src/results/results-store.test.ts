import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicies } from '../portfolio/policies.js';
import { refreshMonth } from '../refresh/refresh-month.js';
import { usePglite } from '../store/__fixtures__/pglite.js';
import { emptyTables } from '../store/__fixtures__/reset.js';
import { SKIP_MESSAGE, serverUrl, uniqueSchema } from '../store/__fixtures__/server.js';
import { createMemoryStore } from '../store/memory-store.js';
import { runMigrations } from '../store/migrations.js';
import { createPostgresStore } from '../store/postgres-store.js';
import { pgPoolDriver, type SqlDriver } from '../store/sql-driver.js';
import { describeResultsConformance, seedSmallPortfolio } from './conformance.js';

describeResultsConformance('memory', async () => createMemoryStore());

const pglite = usePglite();
describeResultsConformance('PGlite', () => pglite.freshStore());

describe('PGlite change log', () => {
  it('a month run leaves no rows in kamkit_data_changes; the generation lives on in the counter', async () => {
    const store = await pglite.freshStore();
    try {
      await seedSmallPortfolio(store);
      for (let step = 0; step < 5; step++)
        await store.insertTransactions([
          { id: `t-log-${step}`, accountId: 'a-1', date: '2026-10-02', amountFen: 7, category: 'general' },
        ]);
      const rows = async () =>
        Number(
          (await pglite.driver().query<{ n: string }>('SELECT count(*) AS n FROM kamkit_data_changes'))
            .rows[0]?.n,
        );
      expect(await rows()).toBeGreaterThanOrEqual(6);
      const generation = await store.results.dataGeneration();
      await refreshMonth({ store, policies: defaultPolicies(), month: '2026-10' });
      expect(await rows()).toBe(0);
      expect(await store.results.dataGeneration()).toBe(generation);
      expect((await store.results.monthMeta('2026-10'))?.dataGeneration).toBe(generation);
    } finally {
      await store.close();
    }
  }, 120_000);
});

if (!serverUrl) console.warn(SKIP_MESSAGE);

describe.skipIf(!serverUrl)('PostgreSQL server', () => {
  const schema = uniqueSchema('results');
  let driver: SqlDriver;
  beforeAll(async () => {
    const pool = new pg.Pool({ connectionString: serverUrl, max: 4, options: `-c search_path=${schema}` });
    driver = pgPoolDriver(pool);
    await driver.exec(`CREATE SCHEMA ${schema}`);
    await runMigrations(driver);
  });
  afterAll(async () => {
    await driver.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await driver.close();
  });
  describeResultsConformance('PostgreSQL server', async () => {
    await emptyTables(driver);
    return createPostgresStore({ client: driver, closeClient: false });
  });
});
