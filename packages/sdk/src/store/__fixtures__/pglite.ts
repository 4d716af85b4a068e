/**
 * One in-memory PGlite for a test file (opening one takes seconds), and a
 * fresh, empty store on it for each case.
 *
 * @module
 */
import { afterAll, beforeAll } from 'vitest';
import { createPglite } from '../pglite-template.js';
import type { Store } from '../port.js';
import { createPostgresStore, type PostgresStoreOptions } from '../postgres-store.js';
import { pgliteDriver, type SqlDriver } from '../sql-driver.js';
import { emptyTables } from './reset.js';

/** Open the file's PGlite before its tests and close it after; call at the top of a file or `describe`. */
export function usePglite(): {
  /** The driver (valid once the file's tests run). */
  driver: () => SqlDriver;
  /** Empty every table, then a store over the shared driver. */
  freshStore: (options?: Omit<PostgresStoreOptions, 'client' | 'closeClient'>) => Promise<Store>;
} {
  let driver: SqlDriver | undefined;
  beforeAll(async () => {
    driver = pgliteDriver(await createPglite('memory://'));
  }, 60_000);
  afterAll(async () => {
    await driver?.close();
  });
  const current = () => {
    if (!driver) throw new Error('usePglite(): the driver is opened in beforeAll');
    return driver;
  };
  return {
    driver: current,
    async freshStore(options = {}) {
      await emptyTables(current());
      return createPostgresStore({ ...options, client: current(), closeClient: false });
    },
  };
}
