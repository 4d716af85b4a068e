import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { emptyTables } from './__fixtures__/reset.js';
import { SKIP_MESSAGE, serverUrl, uniqueSchema } from './__fixtures__/server.js';
import { describeStoreConformance } from './conformance.js';
import { runMigrations } from './migrations.js';
import { createPostgresStore } from './postgres-store.js';
import { pgPoolDriver, type SqlDriver } from './sql-driver.js';

if (!serverUrl) console.warn(SKIP_MESSAGE);

describe.skipIf(!serverUrl)('PostgreSQL server', () => {
  const schema = uniqueSchema('conformance');
  let driver: SqlDriver;

  beforeAll(async () => {
    const pool = new pg.Pool({ connectionString: serverUrl, max: 4, options: `-c search_path=${schema}` });
    driver = pgPoolDriver(pool);
    await driver.exec(`CREATE SCHEMA ${schema}`);
  });
  afterAll(async () => {
    await driver.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await driver.close();
  });

  describeStoreConformance(
    'PostgreSQL server',
    async ({ clock }) => {
      await emptyTables(driver);
      return createPostgresStore({ client: driver, clock, closeClient: false });
    },
    { migrateAgain: () => runMigrations(driver), propertyRuns: 25 },
  );
});
