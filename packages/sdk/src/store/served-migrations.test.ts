/**
 * A store opened on a connection to the process that owns and migrated the
 * database (`kamkit serve`) only looks at the migrations table — unless this
 * build has a migration the database lacks, which it then applies.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterEach, describe, expect, it } from 'vitest';
import { allMigrations, runMigrations } from './migrations.js';
import type { SqlClient } from './port.js';
import { createPostgresStore } from './postgres-store.js';
import { pgliteDriver, type SqlDriver } from './sql-driver.js';

const opened: PGlite[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});

/** A served driver over `db` that records every statement sent. */
function served(db: PGlite, statements: string[]): SqlDriver {
  const base = pgliteDriver(db);
  const recording = (client: SqlClient): SqlClient => ({
    query: (sql, params) => {
      statements.push(sql);
      return client.query(sql, params);
    },
    exec: (sql) => {
      statements.push(sql);
      return client.exec(sql);
    },
  });
  return {
    ...base,
    ...recording(base),
    migratedByOwner: true,
    processLocal: false,
    transaction: (work) => base.transaction((client) => work(recording(client))),
    withConnection: (work) => base.withConnection((client) => work(recording(client))),
    close: async () => undefined,
  };
}

describe('opening a store through its owner', () => {
  it('only checks the migrations when every one is applied', async () => {
    const db = await PGlite.create('memory://');
    opened.push(db);
    await runMigrations(pgliteDriver(db));
    const statements: string[] = [];
    await createPostgresStore({ client: served(db, statements) });
    expect(statements).toHaveLength(2);
    expect(statements.join('\n')).not.toMatch(/advisory_lock|CREATE|ALTER/u);
  }, 120_000);

  it('applies a migration the database lacks', async () => {
    const db = await PGlite.create('memory://');
    opened.push(db);
    const migrations = allMigrations();
    await runMigrations(pgliteDriver(db), migrations.slice(0, -1));
    const statements: string[] = [];
    await createPostgresStore({ client: served(db, statements) });
    const { rows } = await db.query<{ id: string }>('SELECT id FROM kamkit_migrations');
    expect(rows.map((row) => row.id).sort()).toEqual(migrations.map((migration) => migration.id).sort());
  }, 120_000);
});
