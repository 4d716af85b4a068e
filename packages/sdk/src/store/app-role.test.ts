/**
 * The append-only audit holds on a real server: the application role (what
 * KAMkit connects as) cannot change, empty, switch off or replace the audit
 * and version tables, their triggers or the trigger function. Runs when
 * `.ci/postgres.sh` has set up both roles (`KAMKIT_DATABASE_URL` and
 * `KAMKIT_DATABASE_OWNER_URL`).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountSchema } from '../domain/account.js';
import { serverRoles, uniqueSchema, urlWithSchema } from './__fixtures__/server.js';
import { openStore } from './open-store.js';
import type { Store } from './port.js';

if (!serverRoles)
  console.warn('Application-role tests skipped: set KAMKIT_DATABASE_URL and KAMKIT_DATABASE_OWNER_URL');

/** What the application role tries, and must be refused. */
const ATTACKS: readonly string[] = [
  `UPDATE audit_log SET actor = 'someone-else'`,
  'DELETE FROM audit_log',
  'TRUNCATE audit_log',
  'ALTER TABLE audit_log DISABLE TRIGGER USER',
  'ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only',
  'ALTER TABLE audit_log DISABLE TRIGGER ALL',
  'DROP TRIGGER audit_log_append_only ON audit_log',
  'DROP TRIGGER audit_log_no_truncate ON audit_log',
  `CREATE OR REPLACE FUNCTION kamkit_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$`,
  'DROP FUNCTION kamkit_reject_change() CASCADE',
  'DROP TABLE audit_log',
  'DROP TABLE audit_log CASCADE',
  'ALTER TABLE audit_log RENAME TO audit_log_old',
  'ALTER TABLE audit_log RENAME COLUMN actor TO who',
  'ALTER TABLE audit_log OWNER TO CURRENT_USER',
  `UPDATE account_versions SET actor = 'someone-else'`,
  'DELETE FROM account_versions',
  'TRUNCATE account_versions',
  'ALTER TABLE account_versions DISABLE TRIGGER USER',
  'DROP TABLE account_versions',
  `UPDATE r360_audit SET actor = 'someone-else'`,
  'DELETE FROM r360_audit',
  'TRUNCATE r360_audit',
  'ALTER TABLE r360_audit DISABLE TRIGGER USER',
  `DELETE FROM kamkit_migrations`,
  `INSERT INTO kamkit_migrations (id) VALUES ('9999_forged')`,
  'CREATE TABLE audit_log_copy (id int)',
  'TRUNCATE accounts',
  'DROP TABLE accounts',
];

describe.skipIf(!serverRoles)('the application role on a PostgreSQL server', () => {
  const schema = uniqueSchema('approle');
  const roles = serverRoles as NonNullable<typeof serverRoles>;
  let owner: pg.Pool;
  let app: pg.Pool;
  let store: Store;

  beforeAll(async () => {
    owner = new pg.Pool({ connectionString: roles.ownerUrl, max: 1 });
    await owner.query(`CREATE SCHEMA ${schema}`);
    store = await openStore({
      url: urlWithSchema(roles.appUrl, schema),
      ownerUrl: urlWithSchema(roles.ownerUrl, schema),
    });
    await store.putAccount(AccountSchema.parse({ id: 'acme', name: 'Acme', division: 'east' }), {
      actor: 'u-li',
    });
    await store.sql?.query(
      `INSERT INTO r360_audit (at, actor, action, entity, entity_id) VALUES (now(), 'u-li', 'probe', 'probe', 'p')`,
    );
    app = new pg.Pool({ connectionString: urlWithSchema(roles.appUrl, schema), max: 1 });
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await app?.end();
    await owner?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await owner?.end();
  }, 120_000);

  it('opens from many processes at once: the grants of the owner take turns', async () => {
    // Each open with an owner URL grants again; concurrent GRANTs on one
    // object failed with "tuple concurrently updated" (readers on replicas).
    const stores = await Promise.all(
      Array.from({ length: 8 }, () =>
        openStore({
          url: urlWithSchema(roles.appUrl, schema),
          ownerUrl: urlWithSchema(roles.ownerUrl, schema),
        }),
      ),
    );
    try {
      for (const opened of stores) expect(await opened.countAccounts()).toBe(1);
    } finally {
      await Promise.all(stores.map((opened) => opened.close()));
    }
  }, 120_000);

  it('connects as a role that owns nothing in the schema', async () => {
    const { rows } = await app.query<{ role: string; owned: string }>(
      `SELECT current_user AS role,
              (SELECT count(*) FROM pg_class WHERE relnamespace = $1::regnamespace AND relowner = current_user::regrole) AS owned`,
      [schema],
    );
    expect(rows[0]?.role).not.toBe(new URL(roles.ownerUrl).username);
    expect(Number(rows[0]?.owned)).toBe(0);
  });

  it('works as the store: writes, audit and reads', async () => {
    await store.insertTransactions(
      [{ id: 't1', accountId: 'acme', date: '2026-10-01', amountFen: 100, category: 'general' }],
      { actor: 'u-li' },
    );
    expect((await store.aggregate()).map((row) => row.revenueFen)).toEqual([100]);
    const actions = (await store.listAudit()).map((entry) => entry.action);
    expect(actions).toEqual(['account.create', 'transaction.insert']);
  });

  for (const attack of ATTACKS) {
    it(`refuses: ${attack}`, async () => {
      const before = await owner.query(
        `SELECT (SELECT count(*) FROM ${schema}.audit_log) AS audit, (SELECT count(*) FROM ${schema}.account_versions) AS versions,
                (SELECT count(*) FROM ${schema}.r360_audit) AS r360`,
      );
      const error = await app.query(attack).then(
        () => undefined,
        (caught: unknown) => caught as { code?: string },
      );
      expect(error, attack).toBeDefined();
      // 42501 insufficient_privilege (no grant, not the owner; or the append-only trigger).
      expect(error?.code).toBe('42501');
      const after = await owner.query(
        `SELECT (SELECT count(*) FROM ${schema}.audit_log) AS audit, (SELECT count(*) FROM ${schema}.account_versions) AS versions,
                (SELECT count(*) FROM ${schema}.r360_audit) AS r360`,
      );
      expect(after.rows).toEqual(before.rows);
    });
  }

  it('keeps every trigger switched on and the function unchanged', async () => {
    const { rows } = await owner.query<{ name: string; enabled: string }>(
      `SELECT t.tgname AS name, t.tgenabled AS enabled FROM pg_trigger t
       JOIN pg_class c ON c.oid = t.tgrelid
       WHERE c.relnamespace = $1::regnamespace AND NOT t.tgisinternal ORDER BY 1`,
      [schema],
    );
    // Every trigger (the append-only guards and the data-generation triggers of stored results) is on.
    expect(rows.filter((row) => row.enabled !== 'O')).toEqual([]);
    expect(rows.map((row) => row.name)).toEqual(
      expect.arrayContaining([
        'account_versions_append_only',
        'account_versions_no_truncate',
        'audit_log_append_only',
        'audit_log_no_truncate',
        'r360_audit_append_only',
        'r360_audit_no_truncate',
      ]),
    );
  });
});
