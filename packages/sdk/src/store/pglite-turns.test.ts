/**
 * PGlite runs each statement on this thread: the driver gives the event loop
 * a turn before each one, so a chain of statements (a month's results saved
 * in batches, a report's reads) never starves timers and sockets — a bot's
 * acks, its other requests.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteDriver } from './sql-driver.js';

let db: PGlite;

beforeAll(async () => {
  db = await PGlite.create('memory://');
}, 120_000);

afterAll(async () => {
  await db.close();
});

describe('the PGlite driver', () => {
  it('lets a timer run between the statements of a chain, in and out of a transaction', async () => {
    const driver = pgliteDriver(db);
    const statements = 20;
    // Each statement takes a few milliseconds of WASM work on this thread.
    const work = 'SELECT count(*) AS n FROM generate_series(1, 100000)';
    for (const chain of [
      async () => {
        for (let index = 0; index < statements; index++) await driver.query(work);
      },
      () =>
        driver.transaction(async (client) => {
          for (let index = 0; index < statements; index++) await client.query(work);
        }),
      // Sent all at once (a month's inputs are read with Promise.all): still a turn before each.
      async () => {
        await Promise.all(Array.from({ length: statements }, () => driver.query(work)));
      },
    ]) {
      let fired = 0;
      const timer = setInterval(() => {
        fired++;
      }, 0);
      try {
        await chain();
      } finally {
        clearInterval(timer);
      }
      // Without a turn of the loop between statements the timer could not fire until the chain ended.
      expect(fired).toBeGreaterThanOrEqual(statements / 2);
    }
  }, 120_000);
});
