import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { UserSchema } from '../domain/user.js';
import { serverUrl, uniqueSchema, urlWithSchema } from '../store/__fixtures__/server.js';
import { createMemoryStore } from '../store/memory-store.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/port.js';
import { createPostgresStore } from '../store/postgres-store.js';
import { pgPoolDriver } from '../store/sql-driver.js';
import { issueBindingCode, linkedUserId, redeemBindingCode } from './identity.js';

const ROUNDS = 10;

/** Two contacts send the same code at the same moment, `ROUNDS` times: exactly one is bound each time. */
async function raceForCodes(store: Store): Promise<void> {
  await store.putUser(
    UserSchema.parse({ id: 'u-li', name: '李', role: 'account-manager', division: 'east' }),
    {
      actor: 'system',
    },
  );
  for (let round = 0; round < ROUNDS; round += 1) {
    const code = await issueBindingCode(store, 'u-li');
    const contacts = [0, 1].map((index) => ({ platform: 'wechat', platformUserId: `wx-${round}-${index}` }));
    const results = await Promise.all(contacts.map((contact) => redeemBindingCode(store, contact, code)));
    expect(results.filter((result) => result === 'u-li')).toHaveLength(1);
    const bound = await Promise.all(contacts.map((contact) => linkedUserId(store, contact)));
    expect(bound.filter((userId) => userId === 'u-li')).toHaveLength(1);
  }
}

describe('binding codes are claimed once', () => {
  it('on the memory store', async () => {
    await raceForCodes(createMemoryStore());
  });

  it('on PGlite', async () => {
    const store = await openStore({ dataDir: 'memory://' });
    try {
      await raceForCodes(store);
    } finally {
      await store.close();
    }
  }, 300_000);

  describe.skipIf(!serverUrl)('on a PostgreSQL server with several connections', () => {
    const admin = new pg.Pool({ connectionString: serverUrl, max: 1 });
    const schema = uniqueSchema('bindcodes');
    afterAll(async () => {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    });

    it('binds exactly one of two contacts', async () => {
      await admin.query(`CREATE SCHEMA ${schema}`);
      const pool = new pg.Pool({ connectionString: urlWithSchema(serverUrl as string, schema), max: 4 });
      const store = await createPostgresStore({ client: pgPoolDriver(pool) });
      try {
        await raceForCodes(store);
      } finally {
        await store.close();
      }
    }, 300_000);
  });
});
