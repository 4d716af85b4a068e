import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { AccountSchema } from '../domain/account.js';
import { isKamError } from '../errors/index.js';
import { serverUrl, uniqueSchema, urlWithSchema } from './__fixtures__/server.js';
import { openStore, resolveStoreTarget } from './open-store.js';

const account = AccountSchema.parse({ id: 'acme', name: 'Acme 集团', division: 'east' });

describe('resolveStoreTarget', () => {
  it('uses KAMKIT_DATABASE_URL when set, else PGlite at .kamkit/db under the working directory', () => {
    expect(resolveStoreTarget({}, { KAMKIT_DATABASE_URL: 'postgres://u:p@h:5432/d' }, '/srv/app')).toEqual({
      kind: 'server',
      url: 'postgres://u:p@h:5432/d',
      maxConnections: undefined,
    });
    expect(resolveStoreTarget({}, { KAMKIT_DATABASE_URL: '  ' }, '/srv/app')).toEqual({
      kind: 'pglite',
      dataDir: '/srv/app/.kamkit/db',
    });
    expect(resolveStoreTarget(undefined, {}, '/srv/app')).toEqual({
      kind: 'pglite',
      dataDir: '/srv/app/.kamkit/db',
    });
  });

  it('lets explicit options win over the environment', () => {
    const environment = { KAMKIT_DATABASE_URL: 'postgres://u:p@h:5432/d' };
    expect(resolveStoreTarget({ kind: 'memory' }, environment)).toEqual({ kind: 'memory' });
    expect(resolveStoreTarget({ dataDir: 'data/db' }, environment, '/srv/app')).toEqual({
      kind: 'pglite',
      dataDir: '/srv/app/data/db',
    });
    expect(resolveStoreTarget({ dataDir: 'memory://' }, environment)).toEqual({
      kind: 'pglite',
      dataDir: 'memory://',
    });
    expect(resolveStoreTarget({ url: 'postgres://x@y/z', maxConnections: 3 }, {})).toEqual({
      kind: 'server',
      url: 'postgres://x@y/z',
      maxConnections: 3,
    });
  });
});

describe('openStore', () => {
  const folder = mkdtempSync(join(tmpdir(), 'kamkit-open-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('opens an in-memory store', async () => {
    const store = await openStore({ kind: 'memory' });
    expect(store.kind).toBe('memory');
    await store.close();
  });

  it('creates an embedded database in a folder and finds the data again when reopened', async () => {
    const dataDir = join(folder, 'nested', 'db');
    const first = await openStore({ dataDir });
    expect(first.kind).toBe('postgres');
    await first.putAccount(account, { actor: 'u-li' });
    await first.insertTransactions([
      { id: 't1', accountId: 'acme', date: '2026-10-01', amountFen: 500, category: 'air' },
    ]);
    await first.close();

    const second = await openStore({ dataDir });
    expect(await second.getAccount('acme')).toEqual(account);
    expect((await second.aggregate()).map((row) => row.revenueFen)).toEqual([500]);
    expect(await second.accountHistory('acme')).toHaveLength(1);
    await second.close();
  }, 60_000);

  it('fails with a STORAGE error, password hidden, when the server cannot be reached', async () => {
    const error = await openStore({ url: 'postgres://kamkit:s3cret@127.0.0.1:1/kamkit' }).catch(
      (caught: unknown) => caught,
    );
    expect(isKamError(error) && error.code).toBe('STORAGE');
    expect(String((error as Error).message)).not.toContain('s3cret');
    expect(String((error as Error).message)).toContain('127.0.0.1:1');
  });

  it.skipIf(!serverUrl)(
    'opens a PostgreSQL server from a URL and migrates it',
    async () => {
      const schema = uniqueSchema('open');
      const admin = new pg.Pool({ connectionString: serverUrl, max: 1 });
      await admin.query(`CREATE SCHEMA ${schema}`);
      try {
        const store = await openStore({ url: urlWithSchema(serverUrl as string, schema) });
        await store.putAccount(account, { actor: 'u-li' });
        expect(await store.countAccounts()).toBe(1);
        await store.close();
      } finally {
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      }
    },
    60_000,
  );
});
