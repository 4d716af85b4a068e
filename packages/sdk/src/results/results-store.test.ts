import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { usePglite } from '../store/__fixtures__/pglite.js';
import { emptyTables } from '../store/__fixtures__/reset.js';
import { SKIP_MESSAGE, serverUrl, uniqueSchema } from '../store/__fixtures__/server.js';
import { createMemoryStore } from '../store/memory-store.js';
import { runMigrations } from '../store/migrations.js';
import { createPostgresStore } from '../store/postgres-store.js';
import { pgPoolDriver, type SqlDriver } from '../store/sql-driver.js';
import { describeResultsConformance } from './conformance.js';

describeResultsConformance('memory', async () => createMemoryStore());

const pglite = usePglite();
describeResultsConformance('PGlite', () => pglite.freshStore());

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
