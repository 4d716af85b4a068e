import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { SKIP_MESSAGE, serverUrl, uniqueSchema, urlWithSchema } from '../store/__fixtures__/server.js';
import { createMemoryStore } from '../store/memory-store.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/port.js';
import { createPostgresStore } from '../store/postgres-store.js';
import { pgPoolDriver } from '../store/sql-driver.js';
import { ACCOUNTS, AT, seedPortfolio, USERS } from './__fixtures__/portfolio.js';
import { scopeStore } from './scoped-store.js';

const ROUNDS = 40;
const id = ACCOUNTS.own.id;

if (!serverUrl) console.warn(`${SKIP_MESSAGE} (concurrent account edits)`);

/** Two users edit different fields of one account at the same moment, `ROUNDS` times: both edits must survive every time. */
async function editTwiceAtOnce(store: Store): Promise<void> {
  const head = scopeStore(store, USERS.dh.id);
  const manager = scopeStore(store, USERS.am.id);
  for (let round = 0; round < ROUNDS; round += 1) {
    await Promise.all([
      head.updateAccount(id, { industry: `行业-${round}` }),
      manager.updateAccount(id, { shortName: `简称-${round}` }),
    ]);
    const account = await head.getAccount(id);
    expect({ round, industry: account.industry, shortName: account.shortName }).toEqual({
      round,
      industry: `行业-${round}`,
      shortName: `简称-${round}`,
    });
  }
  const history = await store.accountHistory(id);
  // One version per edit, none lost: the seed's version plus two per round.
  expect(history.map((version) => version.version)).toEqual(
    Array.from({ length: 1 + 2 * ROUNDS }, (_, index) => index + 1),
  );
}

/** A stale expected version is refused with CONFLICT naming the version now stored. */
async function staleEditRefused(store: Store): Promise<void> {
  const head = scopeStore(store, USERS.dh.id);
  const [latest] = (await store.accountHistory(id)).slice(-1);
  const read = latest?.version ?? 0;
  await head.updateAccount(id, { industry: '航空' }, { expectedVersion: read });
  await expect(head.updateAccount(id, { industry: '铁路' }, { expectedVersion: read })).rejects.toMatchObject(
    {
      code: 'CONFLICT',
      path: 'expectedVersion',
      message: expect.stringContaining(`version ${read + 1}`),
    },
  );
  expect((await head.getAccount(id)).industry).toBe('航空');
}

describe('concurrent account edits (memory store)', () => {
  it('keeps both edits of two users editing one account at once', async () => {
    const store = createMemoryStore({ clock: () => new Date(AT) });
    await seedPortfolio(store);
    await editTwiceAtOnce(store);
    await staleEditRefused(store);
  });
});

describe('concurrent account edits (PGlite)', () => {
  it('keeps both edits of two users editing one account at once', async () => {
    const store = await openStore({ dataDir: 'memory://', clock: () => new Date(AT) });
    try {
      await seedPortfolio(store);
      await editTwiceAtOnce(store);
      await staleEditRefused(store);
    } finally {
      await store.close();
    }
  }, 300_000);
});

describe.skipIf(!serverUrl)('concurrent account edits (PostgreSQL server, several connections)', () => {
  const admin = new pg.Pool({ connectionString: serverUrl, max: 1 });
  const schema = uniqueSchema('edits');
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('keeps both edits of two users editing one account at once', async () => {
    await admin.query(`CREATE SCHEMA ${schema}`);
    const pool = new pg.Pool({ connectionString: urlWithSchema(serverUrl as string, schema), max: 4 });
    const store = await createPostgresStore({ client: pgPoolDriver(pool) });
    try {
      await seedPortfolio(store);
      await editTwiceAtOnce(store);
      await staleEditRefused(store);
    } finally {
      await store.close();
    }
  }, 300_000);
});
